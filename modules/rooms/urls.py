from django.urls import include, path
from rest_framework.routers import SimpleRouter

from modules.rooms import api
from modules.rooms.views import calendar, feeds, portal, price, public, settings, staff

app_name = "rooms"

router = SimpleRouter()
# Bookings first: "rooms/<pk>/" would otherwise catch "rooms/bookings/".
router.register("rooms/bookings", api.BookingViewSet, basename="api-booking")
router.register("rooms", api.RoomViewSet, basename="api-room")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("rooms/", staff.list_view, name="list"),
    path("rooms/calendar/", calendar.calendar_view, name="calendar"),
    path("rooms/calendar/events/", calendar.events_view, name="calendar_events"),
    path("rooms/calendar/move/<int:booking_id>/", calendar.move_view, name="calendar_move"),
    path("rooms/bookings/new/", staff.create_view, name="create"),
    path("rooms/bookings/price/", price.staff_price_view, name="price"),
    path("rooms/bookings/<int:booking_id>/", staff.detail_view, name="detail"),
    path("rooms/bookings/<int:booking_id>/cancel/", staff.cancel_view, name="cancel"),
    path("rooms/bookings/<int:booking_id>/approve/", staff.approve_view, name="approve"),
    path("rooms/bookings/<int:booking_id>/refuse/", staff.refuse_view, name="refuse"),
    path("rooms/feeds/", feeds.staff_feeds_view, name="feeds"),
    path("rooms/feeds/<int:feed_id>/revoke/", feeds.staff_feed_revoke_view, name="feed_revoke"),
    path("rooms/feed/<str:token>/", feeds.feed_view, name="feed"),
    path("portal/rooms/feed/", feeds.portal_feed_view, name="portal_feed"),
    path(
        "portal/rooms/feed/<int:feed_id>/revoke/",
        feeds.portal_feed_revoke_view,
        name="portal_feed_revoke",
    ),
    path("portal/rooms/", portal.portal_list_view, name="portal"),
    path("portal/rooms/book/", portal.portal_book_view, name="portal_book"),
    path("portal/rooms/book/price/", price.portal_price_view, name="portal_price"),
    path("portal/rooms/<int:booking_id>/", portal.portal_detail_view, name="portal_detail"),
    path("portal/rooms/<int:booking_id>/change/", portal.portal_change_view, name="portal_change"),
    path("portal/rooms/<int:booking_id>/cancel/", portal.portal_cancel_view, name="portal_cancel"),
    path("book/", public.public_rooms_view, name="public"),
    path("book/<int:room_id>/", public.public_room_view, name="public_room"),
    path("book/<int:room_id>/new/", public.public_book_view, name="public_book"),
    path("book/manage/<str:token>/", public.manage_view, name="manage"),
    path("book/manage/<str:token>/cancel/", public.manage_cancel_view, name="manage_cancel"),
    path("book/manage/<str:token>/change/", public.manage_move_view, name="manage_move"),
    path("administration/rooms/", settings.settings_view, name="settings"),
    path("administration/rooms/hours/", settings.hours_view, name="hours"),
    path("administration/rooms/holidays/", settings.holidays_add_view, name="holidays_add"),
    path(
        "administration/rooms/holidays/decline/",
        settings.holidays_decline_view,
        name="holidays_decline",
    ),
    path("administration/rooms/closures/", settings.closure_add_view, name="closure_add"),
    path(
        "administration/rooms/closures/<int:closure_id>/remove/",
        settings.closure_remove_view,
        name="closure_remove",
    ),
    path("administration/rooms/new/", settings.room_edit_view, name="room_create"),
    path("administration/rooms/<int:room_id>/", settings.room_edit_view, name="room_edit"),
    path("administration/rooms/<int:room_id>/photos/", settings.photo_add_view, name="photo_add"),
    path(
        "administration/rooms/photos/<int:photo_id>/remove/",
        settings.photo_remove_view,
        name="photo_remove",
    ),
    path("rooms/photos/<int:photo_id>/", public.photo_view, name="photo"),
    path("administration/rooms/extras/new/", settings.extra_edit_view, name="extra_create"),
    path(
        "administration/rooms/extras/<int:extra_id>/", settings.extra_edit_view, name="extra_edit"
    ),
]
