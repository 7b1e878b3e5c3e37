"""Settings, rooms, opening hours, closures, extras and room photos: every write is audited."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.rooms.models import Closure, Extra, OpeningHours, Room, RoomPhoto, RoomSettings

SETTINGS_FIELDS = (
    "public_holidays",
    "public_booking",
    "approval_required",
    "approval_hours",
    "reminder_hours",
    "terms",
)
ROOM_FIELDS = (
    "name",
    "capacity",
    "description_pl",
    "description_sk",
    "description_en",
    "amenities",
    "active",
    "colour",
    "slot_minutes",
    "min_minutes",
    "max_minutes",
    "buffer_minutes",
    "notice_minutes",
    "horizon_days",
    "price_hour",
    "price_half_day",
    "price_day",
    "public_price_hour",
    "free_cancel_hours",
    "cancel_fee_percent",
)
EXTRA_FIELDS = ("name_pl", "name_sk", "name_en", "price", "per_person", "active")
# A new office's opening hours (Monday to Friday, 08:00-18:00): with no row every day is
# closed and every booking was refused, though the price preview quoted one.
DEFAULT_HOURS = {weekday: (dt.time(8), dt.time(18)) for weekday in range(5)}

# --- settings, rooms, hours, closures, extras --------------------------------------------


def settings_get() -> RoomSettings:
    return singletons.settings_get(RoomSettings)


@transaction.atomic
def settings_update(*, actor, data: dict) -> RoomSettings:
    data = {k: v for k, v in data.items() if v is not None}
    fields = SETTINGS_FIELDS
    current = settings_get()
    if (
        "public_holidays" in data
        and data["public_holidays"] != current.public_holidays
        and current.public_holidays_from is not None
    ):
        # The administrator chose the holidays in the form: they close every day, as shown.
        data["public_holidays_from"] = None
        fields = (*fields, "public_holidays_from")
    row, _changes = singletons.settings_update(
        RoomSettings, actor=actor, data=data, fields=fields, action="rooms.settings_changed"
    )
    return row


def public_holidays_country(country: str) -> str:
    """Whose public holidays an office of `country` closes its rooms on: its own where the
    `holidays` calendars are offered (PL, SK), none elsewhere. The one rule of a new office
    (`rooms_office_setup`, provisioning) and of the offer to an existing one
    (`public_holidays_add`)."""
    return country if country and country in RoomSettings.Holidays.values else ""


def public_holidays_offer(*, office) -> int | None:
    """The coming year (the office's next calendar year) when the settings page should offer
    to add its country's public holidays: its rooms close on none (offices made before new
    offices got them keep "none") and its country has them. None: nothing to offer."""
    current = settings_get()
    if (
        not public_holidays_country(office.country)
        or current.public_holidays
        or current.public_holidays_declined
    ):
        return None
    return timezone.localdate().year + 1


@transaction.atomic
def public_holidays_decline(*, actor) -> bool:
    """The offer's "Don't offer again": an office that wants its rooms open on public
    holidays is not offered them any more (the settings form still sets them). Idempotent
    under the settings row's lock (False when already declined, nothing audited); audited
    as any settings change."""
    row = singletons.settings_locked(RoomSettings)
    if row.public_holidays_declined:
        return False
    singletons.settings_update(
        RoomSettings,
        actor=actor,
        data={"public_holidays_declined": True},
        fields=("public_holidays_declined",),
        action="rooms.settings_changed",
    )
    return True


@transaction.atomic
def public_holidays_add(*, actor, office, year: int) -> bool:
    """Close the rooms on the public holidays of the office's country (the `holidays`
    calendars, named in the reader's language, as a new office gets them) from 1 January
    `year` on, every year; bookings already taken are not touched and the rest of this year
    stays as it was. Idempotent under the settings row's lock: an office whose rooms already
    close on public holidays is left as it is (False, nothing audited). Audited as any
    settings change."""
    country = public_holidays_country(office.country)
    if not country:
        raise ApplicationError(
            _("Public holidays are known for Poland and Slovakia only."),
            code="no_holidays",
        )
    row = singletons.settings_locked(RoomSettings)
    if row.public_holidays:
        return False
    singletons.settings_update(
        RoomSettings,
        actor=actor,
        data={"public_holidays": country, "public_holidays_from": dt.date(year, 1, 1)},
        fields=("public_holidays", "public_holidays_from"),
        action="rooms.settings_changed",
    )
    return True


def rooms_office_setup(*, office) -> None:
    """The office got its country (tenants.setup, at provisioning or a claim from the pool):
    its rooms are closed on that country's public holidays (`public_holidays_country`, every
    day) and open Monday to Friday, 08:00-18:00, until an administrator changes either.
    Three statements: it runs inside every signup's provisioning
    (tests/tenants/test_provisioning.py counts them)."""
    holidays = public_holidays_country(office.country)
    # The settings row (the template's clone has none yet) with the defaults and the country.
    RoomSettings.objects.bulk_create(
        [RoomSettings(pk=1, public_holidays=holidays)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["public_holidays"],
    )
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens=opens, closes=closes)
            for day, (opens, closes) in DEFAULT_HOURS.items()
        )


@transaction.atomic
def room_save(*, actor, data: dict, room: Room | None = None) -> Room:
    creating = room is None
    if creating and not OpeningHours.objects.exists():
        # The first room of an office that has no opening hours at all would take no
        # booking: it opens with the default hours (audited as any change of the hours).
        opening_hours_set(actor=actor, hours=DEFAULT_HOURS)
    # Re-read under a lock: a ModelForm has already copied its input onto the instance given.
    room = Room.objects.select_for_update().get(pk=room.pk) if room else Room()
    changes = audit_diff(room, data, ROOM_FIELDS)
    room.full_clean()
    if creating or changes:
        room.save()
        audit_record(
            action="rooms.room_created" if creating else "rooms.room_changed",
            actor=actor,
            target=room,
            changes=changes,
        )
    return room


@transaction.atomic
def extra_save(*, actor, data: dict, extra: Extra | None = None) -> Extra:
    creating = extra is None
    extra = Extra.objects.select_for_update().get(pk=extra.pk) if extra else Extra()
    changes = audit_diff(extra, data, EXTRA_FIELDS)
    extra.full_clean()
    if creating or changes:
        extra.save()
        audit_record(
            action="rooms.extra_created" if creating else "rooms.extra_changed",
            actor=actor,
            target=extra,
            changes=changes,
        )
    return extra


@transaction.atomic
def opening_hours_set(*, actor, hours: dict[int, tuple[dt.time, dt.time] | None]) -> None:
    """Replace the opening hours of the given weekdays (None: closed that day)."""
    changes = {}
    current = {row.weekday: row for row in OpeningHours.objects.select_for_update()}
    for weekday, span in sorted(hours.items()):
        row = current.get(weekday)
        old = [audit_value(row.opens), audit_value(row.closes)] if row else None
        if span is None:
            if row:
                row.delete()
                changes[str(weekday)] = [old, None]
            continue
        opens, closes = span
        if opens >= closes:
            raise ApplicationError(_("A day must close after it opens."), code="invalid")
        if row is None:
            row = OpeningHours(weekday=weekday, opens=opens, closes=closes)
        elif (row.opens, row.closes) == (opens, closes):
            continue
        row.opens, row.closes = opens, closes
        row.full_clean()
        row.save()
        changes[str(weekday)] = [old, [audit_value(opens), audit_value(closes)]]
    if changes:
        # the rooms settings are its object: the log's Object column was empty
        audit_record(
            action="rooms.hours_changed", actor=actor, target=settings_get(), changes=changes
        )


@transaction.atomic
def closure_add(
    *, actor, date_from: dt.date, date_to: dt.date, reason: str, room: Room | None = None
) -> Closure:
    closure = Closure(room=room, date_from=date_from, date_to=date_to, reason=reason.strip())
    closure.full_clean()
    closure.save()
    audit_record(
        action="rooms.closure_added",
        actor=actor,
        target=closure,
        changes={"date_from": str(date_from), "date_to": str(date_to), "reason": closure.reason},
    )
    return closure


@transaction.atomic
def closure_remove(*, actor, closure: Closure) -> None:
    audit_record(
        action="rooms.closure_removed",
        actor=actor,
        target=closure,
        changes={"date_from": str(closure.date_from), "date_to": str(closure.date_to)},
    )
    closure.delete()


# --- room photos ----------------------------------------------------------------------------

PHOTO_MAX_BYTES = 5 << 20
PHOTOS_PER_ROOM = 8


@transaction.atomic
def room_photo_add(*, actor, room: Room, upload) -> RoomPhoto:
    """Store an uploaded photo (JPEG or PNG by its content, at most 5 MB, 8 per room)."""
    from common.storage import office_delete, office_new_name, office_save
    from common.uploads import JPEG, PNG, upload_check

    Room.objects.select_for_update().filter(pk=room.pk).first()
    if RoomPhoto.objects.filter(room=room).count() >= PHOTOS_PER_ROOM:
        raise ApplicationError(
            _("A room has at most %(count)s photos.") % {"count": PHOTOS_PER_ROOM}, code="photos"
        )
    kind = upload_check(
        upload,
        kinds=(JPEG, PNG),
        max_bytes=PHOTO_MAX_BYTES,
        refused=_("A photo must be a JPEG or PNG image."),
    )
    upload.seek(0)
    path = office_save(office_new_name(f"rooms/photos/{room.pk}", kind.extension), upload)
    photo = RoomPhoto(
        room=room,
        path=path,
        content_type=kind.content_type,
        size=upload.size,
        original_name=(upload.name or "")[:200],
    )
    try:
        photo.full_clean()
        photo.save()
    except Exception:
        office_delete(path)
        raise
    audit_record(
        action="rooms.photo_added",
        actor=actor,
        target=room,
        changes={"photo": photo.pk, "name": photo.original_name},
    )
    return photo


@transaction.atomic
def room_photo_remove(*, actor, photo: RoomPhoto) -> None:
    from common.storage import office_delete

    path = photo.path
    audit_record(
        action="rooms.photo_removed",
        actor=actor,
        target=photo.room,
        changes={"photo": photo.pk, "name": photo.original_name},
    )
    photo.delete()
    schema = connection.schema_name  # the callback may run after the office is left
    transaction.on_commit(lambda: office_delete(path, schema=schema))
