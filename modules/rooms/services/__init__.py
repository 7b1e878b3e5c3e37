"""Every write of the rooms module, by concept: settings, rooms, hours, closures, extras and
photos (`rooms`), prices and cancellation fees (`pricing`), bookings (`bookings`), weekly
series (`series`), the scheduled release and reminders (`scheduled`), usage for the
settlements (`usage`) and calendar feeds (`feeds`). Other code imports them from here."""

from modules.rooms.services.bookings import (
    RETRIES,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_listener_register,
    booking_move,
    booking_refuse,
)
from modules.rooms.services.feeds import feed_renew, feed_revoke
from modules.rooms.services.pricing import (
    CENT,
    HOURS,
    CancellationFee,
    FeeHoursCost,
    booking_hours,
    booking_price,
    cancellation_fee,
    cancellation_fee_hours_cost,
    extra_count,
    extra_ordered,
    extras_lines,
)
from modules.rooms.services.rooms import (
    EXTRA_FIELDS,
    PHOTO_MAX_BYTES,
    PHOTOS_PER_ROOM,
    ROOM_FIELDS,
    SETTINGS_FIELDS,
    closure_add,
    closure_remove,
    extra_save,
    opening_hours_set,
    room_photo_add,
    room_photo_remove,
    room_save,
    settings_get,
    settings_update,
)
from modules.rooms.services.scheduled import bookings_release_expired, bookings_remind
from modules.rooms.services.series import MAX_OCCURRENCES, booking_series_create, series_dates
from modules.rooms.services.usage import USAGE_SOURCE, _usage_sync, _usage_wanted

__all__ = [
    "CENT",
    "EXTRA_FIELDS",
    "HOURS",
    "MAX_OCCURRENCES",
    "PHOTOS_PER_ROOM",
    "PHOTO_MAX_BYTES",
    "RETRIES",
    "ROOM_FIELDS",
    "SETTINGS_FIELDS",
    "USAGE_SOURCE",
    "CancellationFee",
    "FeeHoursCost",
    "_usage_sync",
    "_usage_wanted",
    "booking_approve",
    "booking_cancel",
    "booking_create",
    "booking_hours",
    "booking_listener_register",
    "booking_move",
    "booking_price",
    "booking_refuse",
    "booking_series_create",
    "bookings_release_expired",
    "bookings_remind",
    "cancellation_fee",
    "cancellation_fee_hours_cost",
    "closure_add",
    "closure_remove",
    "extra_count",
    "extra_ordered",
    "extra_save",
    "extras_lines",
    "feed_renew",
    "feed_revoke",
    "opening_hours_set",
    "room_photo_add",
    "room_photo_remove",
    "room_save",
    "series_dates",
    "settings_get",
    "settings_update",
]
