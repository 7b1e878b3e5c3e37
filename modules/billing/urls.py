from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.billing import api
from modules.billing.views import catalogue, portal, staff

app_name = "billing"

router = SimpleRouter()
router.register("settlements/services", api.ServiceViewSet, basename="api-service")
router.register("settlements/packages", api.PackageViewSet, basename="api-package")
router.register("settlements/usage", api.UsageViewSet, basename="api-usage")

urlpatterns = [
    path("settlements/", staff.summary_list_view, name="summary_list"),
    path("settlements/export/", staff.summary_export_view, name="summary_export"),
    path("settlements/usage/new/", staff.usage_add_view, name="usage_add"),
    path("settlements/close/", staff.period_close_all_view, name="close_all"),
    path("settlements/clients/<int:client_id>/", staff.summary_detail_view, name="summary_detail"),
    path("settlements/clients/<int:client_id>/close/", staff.period_close_view, name="close"),
    path(
        "settlements/clients/<int:client_id>/reopen/",
        staff.period_reopen_view,
        name="reopen",
    ),
    path(
        "settlements/clients/<int:client_id>/package/",
        staff.assignment_add_view,
        name="assignment_add",
    ),
    path("administration/billing/", catalogue.catalogue_view, name="catalogue"),
    path(
        "administration/billing/services/<int:pk>/",
        catalogue.service_edit_view,
        name="service_edit",
    ),
    path(
        "administration/billing/packages/<int:pk>/",
        catalogue.package_edit_view,
        name="package_edit",
    ),
    path("portal/settlements/", portal.portal_summary_view, name="portal_summary"),
    path("api/v1/settlements/summaries/", api.SummaryListApi.as_view(), name="api-summaries"),
    path(
        "api/v1/settlements/summaries/<int:client_id>/",
        api.SummaryApi.as_view(),
        name="api-summary",
    ),
    path("api/v1/settlements/spans/", api.SpanListApi.as_view(), name="api-spans"),
    path("api/v1/settlements/spans/<int:client_id>/", api.SpanApi.as_view(), name="api-span"),
    path("api/v1/", include(router.urls)),
]
