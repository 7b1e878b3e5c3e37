from django.urls import path

from common.administration import moved_to
from modules.notifications.views import admin, alerts, dev, files, log, unsubscribe

app_name = "notifications"

N = "notifications/"
# Settings and templates are the Notifications section of Administration.
A = "administration/notifications/"

urlpatterns = [
    path(N, log.delivery_list_view, name="delivery_list"),
    path(N + "deliveries/<int:delivery_id>/", log.delivery_detail_view, name="delivery_detail"),
    path(
        N + "deliveries/<int:delivery_id>/resend/",
        log.delivery_resend_view,
        name="delivery_resend",
    ),
    path(N + "clients/<int:client_id>/", log.client_view, name="client"),
    path(
        N + "clients/<int:client_id>/recipients/<int:recipient_id>/",
        log.recipient_toggle_view,
        name="recipient_change",
    ),
    path(A, admin.settings_view, name="settings"),
    path(A + "templates/", admin.template_list_view, name="template_list"),
    path(
        A + "templates/<str:event>/<str:language>/",
        admin.template_edit_view,
        name="template_edit",
    ),
    path(
        A + "templates/<str:event>/<str:language>/preview/",
        admin.template_preview_view,
        name="template_preview",
    ),
    path(
        A + "templates/<str:event>/<str:language>/reset/",
        admin.template_reset_view,
        name="template_reset",
    ),
    path(N + "alerts/", alerts.alert_list_view, name="alert_list"),
    path(N + "alerts/bell/", alerts.alert_bell_view, name="alert_bell"),
    path(N + "alerts/<int:alert_id>/read/", alerts.alert_read_view, name="alert_read"),
    path(N + "alerts/<int:alert_id>/open/", alerts.alert_open_view, name="alert_open"),
    path(N + "alerts/read-all/", alerts.alert_read_all_view, name="alert_read_all"),
    path(N + "files/<str:token>/", files.attachment_view, name="attachment"),
    path(N + "unsubscribe/<str:token>/", unsubscribe.unsubscribe_view, name="unsubscribe"),
    path(N + "dev/mail/", dev.caught_list_view, name="dev_mail"),
    path(N + "dev/mail/<str:name>/", dev.caught_detail_view, name="dev_mail_detail"),
    # Addresses before Administration existed: permanent redirects.
    path(N + "settings/", moved_to("notifications:settings")),
    path(N + "templates/", moved_to("notifications:template_list")),
    path(N + "templates/<str:event>/<str:language>/", moved_to("notifications:template_edit")),
    path(
        N + "templates/<str:event>/<str:language>/preview/",
        moved_to("notifications:template_preview"),
    ),
    path(
        N + "templates/<str:event>/<str:language>/reset/",
        moved_to("notifications:template_reset"),
    ),
]
