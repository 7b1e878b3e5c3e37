from django.urls import path

from modules.notifications.views import admin, alerts, dev, files, log

app_name = "notifications"

urlpatterns = [
    path("", log.delivery_list_view, name="delivery_list"),
    path("deliveries/<int:delivery_id>/", log.delivery_detail_view, name="delivery_detail"),
    path("deliveries/<int:delivery_id>/resend/", log.delivery_resend_view, name="delivery_resend"),
    path("clients/<int:client_id>/", log.client_view, name="client"),
    path(
        "clients/<int:client_id>/recipients/<int:recipient_id>/",
        log.recipient_toggle_view,
        name="recipient_change",
    ),
    path("settings/", admin.settings_view, name="settings"),
    path("templates/", admin.template_list_view, name="template_list"),
    path("templates/<str:event>/<str:language>/", admin.template_edit_view, name="template_edit"),
    path(
        "templates/<str:event>/<str:language>/preview/",
        admin.template_preview_view,
        name="template_preview",
    ),
    path(
        "templates/<str:event>/<str:language>/reset/",
        admin.template_reset_view,
        name="template_reset",
    ),
    path("alerts/", alerts.alert_list_view, name="alert_list"),
    path("alerts/bell/", alerts.alert_bell_view, name="alert_bell"),
    path("alerts/<int:alert_id>/read/", alerts.alert_read_view, name="alert_read"),
    path("alerts/read-all/", alerts.alert_read_all_view, name="alert_read_all"),
    path("files/<str:token>/", files.attachment_view, name="attachment"),
    path("dev/mail/", dev.caught_list_view, name="dev_mail"),
    path("dev/mail/<str:name>/", dev.caught_detail_view, name="dev_mail_detail"),
]
