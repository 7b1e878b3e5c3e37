from django.urls import path

from modules.scanrequests.views import link, portal, settings, staff

app_name = "scanrequests"

urlpatterns = [
    path("mail/scan-requests/", staff.list_view, name="list"),
    path("mail/scan-requests/<int:request_id>/add-scan/", staff.complete_view, name="complete"),
    path("mail/scan-requests/<int:request_id>/cancel/", staff.cancel_view, name="cancel"),
    path("mail/scan-requests/settings/", settings.settings_view, name="settings"),
    path(
        "mail/scan-requests/settings/clients/",
        settings.client_access_add_view,
        name="client_access_add",
    ),
    path(
        "mail/scan-requests/settings/clients/<int:client_id>/",
        settings.client_access_set_view,
        name="client_access_set",
    ),
    path("portal/mail/<int:item_id>/request-scan/", portal.portal_request_view, name="portal"),
    path("scan-request/<str:token>/", link.link_view, name="link"),
]
