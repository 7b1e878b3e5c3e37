from django.urls import path

from common.administration import moved_to
from modules.scanrequests.views import link, portal, settings, staff

app_name = "scanrequests"

urlpatterns = [
    path("mail/scan-requests/", staff.list_view, name="list"),
    path("mail/scan-requests/<int:request_id>/add-scan/", staff.complete_view, name="complete"),
    path("mail/scan-requests/<int:request_id>/cancel/", staff.cancel_view, name="cancel"),
    path("administration/scan-requests/", settings.settings_view, name="settings"),
    path(
        "administration/scan-requests/clients/",
        settings.client_access_add_view,
        name="client_access_add",
    ),
    path(
        "administration/scan-requests/clients/<int:client_id>/",
        settings.client_access_set_view,
        name="client_access_set",
    ),
    # Addresses before Administration existed: permanent redirects.
    path("mail/scan-requests/settings/", moved_to("scanrequests:settings")),
    path("mail/scan-requests/settings/clients/", moved_to("scanrequests:client_access_add")),
    path(
        "mail/scan-requests/settings/clients/<int:client_id>/",
        moved_to("scanrequests:client_access_set"),
    ),
    path("portal/mail/<int:item_id>/request-scan/", portal.portal_request_view, name="portal"),
    path("scan-request/<str:token>/", link.link_view, name="link"),
]
