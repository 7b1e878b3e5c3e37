from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.messaging import api
from modules.messaging.views import portal, staff

app_name = "messaging"

router = SimpleRouter()
router.register("messages/conversations", api.ConversationViewSet, basename="api-conversation")

urlpatterns = [
    path("messages/", staff.inbox_view, name="inbox"),
    path("messages/new/", staff.create_view, name="create"),
    path("messages/announce/", staff.announce_view, name="announce"),
    path(
        "messages/announcements/<int:announcement_id>/",
        staff.announcement_view,
        name="announcement",
    ),
    path("messages/<int:conversation_id>/", staff.detail_view, name="detail"),
    path("messages/<int:conversation_id>/reply/", staff.reply_view, name="reply"),
    path("messages/files/<int:attachment_id>/", staff.attachment_view, name="attachment"),
    path("portal/messages/", portal.list_view, name="portal_list"),
    path("portal/messages/new/", portal.create_view, name="portal_create"),
    path("portal/messages/<int:conversation_id>/", portal.detail_view, name="portal_detail"),
    path("portal/messages/<int:conversation_id>/reply/", portal.reply_view, name="portal_reply"),
    path(
        "portal/messages/files/<int:attachment_id>/",
        portal.attachment_view,
        name="portal_attachment",
    ),
    path("api/v1/", include(router.urls)),
]
