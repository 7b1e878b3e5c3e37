from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.documents import api
from modules.documents.views import portal, staff, templates

app_name = "documents"

router = SimpleRouter()
router.register("documents", api.DocumentViewSet, basename="api-document")

urlpatterns = [
    path("administration/documents/", templates.template_list_view, name="templates"),
    path("administration/documents/new/", templates.template_edit_view, name="template_new"),
    path(
        "administration/documents/<int:template_id>/",
        templates.template_edit_view,
        name="template_edit",
    ),
    path(
        "administration/documents/preview/",
        templates.template_preview_view,
        name="template_preview",
    ),
    path(
        "documents/clients/<int:client_id>/generate/<int:template_id>/",
        staff.generate_view,
        name="generate",
    ),
    path("documents/clients/<int:client_id>/upload/", staff.upload_view, name="upload"),
    path("documents/<int:document_id>/", staff.detail_view, name="detail"),
    path("documents/<int:document_id>/regenerate/", staff.regenerate_view, name="regenerate"),
    path("documents/<int:document_id>/share/", staff.share_view, name="share"),
    path("documents/<int:document_id>/download/", staff.download_view, name="download"),
    path(
        "documents/<int:document_id>/download/<int:version>/",
        staff.download_view,
        name="download_version",
    ),
    path("portal/documents/", portal.list_view, name="portal_list"),
    path(
        "portal/documents/<int:document_id>/download/",
        portal.download_view,
        name="portal_download",
    ),
    path("api/v1/", include(router.urls)),
]
