from django.urls import include, path
from rest_framework.routers import SimpleRouter

from common.administration import moved_to
from modules.mail import api
from modules.mail.views import client_tab, files, portal, settings, staff

app_name = "mail"

router = SimpleRouter()
# Scans first: "mail/<pk>/" would otherwise catch "mail/scans/".
router.register("mail/scans", api.MailScanViewSet, basename="api-scan")
router.register("mail", api.MailItemViewSet, basename="api-item")

urlpatterns = [
    path("mail/", staff.archive_view, name="archive"),
    path("mail/register/", staff.register_view, name="register"),
    path("mail/bulk-status/", staff.bulk_status_view, name="bulk_status"),
    path("mail/lookup/clients/", staff.client_lookup_view, name="client_lookup"),
    path(
        "mail/clients/<int:client_id>/notify-default/",
        client_tab.client_notify_default_view,
        name="client_notify_default",
    ),
    path(
        "mail/lookup/correspondents/", staff.correspondent_lookup_view, name="correspondent_lookup"
    ),
    path("mail/<int:item_id>/", staff.detail_view, name="detail"),
    path("mail/<int:item_id>/scans/", files.scan_upload_view, name="scan_upload"),
    path("mail/scans/<int:scan_id>/", files.scan_file_view, name="scan_file"),
    path("mail/scans/<int:scan_id>/thumbnail/", files.scan_thumbnail_view, name="scan_thumb"),
    path("mail/scans/<int:scan_id>/delete/", files.scan_delete_view, name="scan_delete"),
    path("mail/inbox/", files.inbox_view, name="inbox"),
    path("mail/inbox/<int:inbox_id>/attach/", files.inbox_attach_view, name="inbox_attach"),
    path("mail/inbox/<int:inbox_id>/discard/", files.inbox_discard_view, name="inbox_discard"),
    path("mail/inbox/<int:inbox_id>/file/", files.inbox_file_view, name="inbox_file"),
    path("mail/export/", files.export_view, name="export"),
    path("mail/exports/<int:export_id>/", files.export_progress_view, name="export_progress"),
    path(
        "mail/exports/<int:export_id>/download/", files.export_download_view, name="export_download"
    ),
    path("administration/mail/", settings.settings_view, name="settings"),
    path("administration/mail/statuses/new/", settings.status_edit_view, name="status_new"),
    path(
        "administration/mail/statuses/<int:status_id>/",
        settings.status_edit_view,
        name="status_edit",
    ),
    path("administration/mail/types/new/", settings.type_edit_view, name="type_new"),
    path("administration/mail/types/<int:type_id>/", settings.type_edit_view, name="type_edit"),
    path("administration/mail/scanners/", settings.scanner_create_view, name="scanner_create"),
    path(
        "administration/mail/scanners/<int:account_id>/",
        settings.scanner_update_view,
        name="scanner_update",
    ),
    # The settings' addresses before Administration existed: permanent redirects.
    path("mail/settings/", moved_to("mail:settings")),
    path("mail/settings/statuses/new/", moved_to("mail:status_new")),
    path("mail/settings/statuses/<int:status_id>/", moved_to("mail:status_edit")),
    path("mail/settings/types/new/", moved_to("mail:type_new")),
    path("mail/settings/types/<int:type_id>/", moved_to("mail:type_edit")),
    path("mail/settings/scanners/", moved_to("mail:scanner_create")),
    path("mail/settings/scanners/<int:account_id>/", moved_to("mail:scanner_update")),
    path("portal/mail/", portal.portal_list_view, name="portal_list"),
    path("portal/mail/<int:item_id>/", portal.portal_detail_view, name="portal_detail"),
    path("api/v1/", include(router.urls)),
]
