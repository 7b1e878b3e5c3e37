from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.clients import api
from modules.clients.views import clients, imports, people, portal

app_name = "clients"

router = SimpleRouter()
router.register("clients", api.ClientViewSet, basename="api")

urlpatterns = [
    path("portal/profile/", portal.portal_profile_view, name="portal_profile"),
    path(
        "portal/profile/contacts/<int:contact_id>/",
        portal.portal_contact_notifications_view,
        name="portal_contact_notifications",
    ),
    path("clients/", clients.client_list_view, name="list"),
    path("clients/search/", clients.client_search_view, name="search"),
    path("clients/pick/", clients.client_pick_view, name="pick"),
    path("clients/new/", clients.client_create_view, name="create"),
    path("clients/export.xlsx", imports.client_export_view, name="export"),
    path("clients/import/", imports.import_upload_view, name="import"),
    path("clients/import/<int:import_id>/", imports.import_mapping_view, name="import_mapping"),
    path(
        "clients/import/<int:import_id>/progress/",
        imports.import_progress_view,
        name="import_progress",
    ),
    path("clients/fields/", imports.custom_field_list_view, name="custom_fields"),
    path(
        "clients/fields/<int:field_id>/", imports.custom_field_list_view, name="custom_field_edit"
    ),
    path("clients/<int:client_id>/", clients.client_detail_view, name="detail"),
    path("clients/<int:client_id>/edit/", clients.client_edit_view, name="edit"),
    path("clients/<int:client_id>/addresses/new/", people.address_edit_view, name="address_new"),
    path(
        "clients/<int:client_id>/addresses/<int:address_id>/",
        people.address_edit_view,
        name="address_edit",
    ),
    path(
        "clients/<int:client_id>/addresses/<int:address_id>/delete/",
        people.address_delete_view,
        name="address_delete",
    ),
    path("clients/<int:client_id>/contacts/new/", people.contact_edit_view, name="contact_new"),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/",
        people.contact_edit_view,
        name="contact_edit",
    ),
    path(
        "clients/<int:client_id>/contacts/<int:contact_id>/delete/",
        people.contact_delete_view,
        name="contact_delete",
    ),
    path(
        "clients/<int:client_id>/users/invite/", people.client_user_invite_view, name="user_invite"
    ),
    path(
        "clients/<int:client_id>/users/<int:membership_id>/remove/",
        people.client_user_remove_view,
        name="user_remove",
    ),
    path(
        "clients/users/invitations/<int:invitation_id>/<action>/",
        people.client_user_invitation_action_view,
        name="user_invitation_action",
    ),
    # Last: any other word after the id names a tab of the card (tabs.py registry).
    path("clients/<int:client_id>/<slug:tab>/", clients.client_detail_view, name="tab"),
    path("api/v1/", include(router.urls)),
]
