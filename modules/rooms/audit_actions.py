"""What this app's audit log actions say to a person (common.audit: the audit log, the
dashboard's recent activity). Every action it records has a line here."""

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "rooms.booking_approved": _("Room booking approved"),
    "rooms.booking_cancelled": _("Room booking cancelled"),
    "rooms.booking_created": _("Room booked"),
    "rooms.booking_moved": _("Room booking moved"),
    "rooms.booking_refused": _("Room booking refused"),
    "rooms.booking_released": _("Unapproved room booking released"),
    "rooms.closure_added": _("Room closure added"),
    "rooms.closure_removed": _("Room closure removed"),
    "rooms.extra_created": _("Room extra added"),
    # migration 0008: a per-person extra stored as people x people, corrected
    "rooms.extras_corrected": _("Double-counted room extra corrected"),
    "rooms.feed_created": _("Calendar feed address made"),
    "rooms.feed_revoked": _("Calendar feed address revoked"),
    "rooms.hours_changed": _("Room opening hours changed"),
    "rooms.photo_added": _("Room photo added"),
    "rooms.photo_removed": _("Room photo removed"),
    "rooms.room_created": _("Room added"),
    "rooms.settings_changed": _("Room settings changed"),
}


# What the changes of an action name (common.audit.audit_changes_register): opening hours
# by weekday (0 is Monday), in Django's own words for the days.
AUDIT_CHANGES = {
    "rooms.hours_changed": {"labels": {str(day): name for day, name in WEEKDAYS.items()}},
}
