"""Usage for the settlements: every write of a client's booking keeps what billing records
under the booking's refs in step (`_usage_sync`)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import formats, translation

from common.names import NAME_LANGUAGES
from modules.billing import selectors as billing_selectors
from modules.billing import services as billing_services
from modules.rooms import rules, selectors
from modules.rooms.models import Booking
from modules.rooms.services.pricing import CENT, booking_hours, extra_count

# --- usage for the settlements ------------------------------------------------------------

USAGE_SOURCE = "rooms"


def _usage_wanted(
    booking: Booking,
) -> dict[str, tuple[dt.date, Decimal, Decimal, str, str, str, dict]]:
    """What a booking should have recorded for the settlements, per source_ref:
    (date, quantity, unit price, unit, metric, description, text). The description is in
    the office's language; the text (billing's UsageRecord.text: the room, the time, the
    hours, the extra's names per language) lets the settlement and the invoice write it in
    their reader's language (a Slovak client of a Polish office). Only clients' bookings are
    billed here (visitors pay the office directly). A confirmed booking: its time - as room
    hours at 0.00 when the client's package includes room hours (the package's limit and
    overage price in the settlement price them: package hours first), else once at the
    booking's price - and each extra. A cancelled one: only its fee, if any. Tentative and
    released ones: nothing."""
    if booking.client_id is None:
        return {}
    ref = f"booking:{booking.pk}"
    start, end = rules.local(booking.starts_at), rules.local(booking.ends_at)
    day = start.date()
    language = getattr(connection.tenant, "language", None) or "pl"
    with translation.override(language):
        # The date as the office's language writes it (10.03.2027), not ISO: people read it
        # on the settlement and the invoice.
        when = formats.date_format(day, "SHORT_DATE_FORMAT")
        label = f"{booking.room.name}, {when} {start:%H:%M}–{end:%H:%M}"
        booked = {
            "room": booking.room.name,
            "start": start.replace(tzinfo=None).isoformat(timespec="minutes"),
            "end": end.replace(tzinfo=None).isoformat(timespec="minutes"),
        }
        wanted = {}
        if booking.status == Booking.Status.CONFIRMED:
            hours = booking_hours(booking)
            if selectors.booking_package_hours(booking) is not None:
                text = {"kind": "room_booking", **booked, "hours": None}
                wanted[ref] = (day, hours, Decimal("0.00"), "hour", "room_hours", label, text)
            elif (hourly := _hourly_price(booking.price, hours)) is not None:
                # Billed in hours at the hour's price ("2 godz." x 50,00; billing's unit
                # words), the hours no longer repeated in the text; until 2026-12-07 every
                # booking was "1 szt." with "(2 godz.)" in its text.
                text = {"kind": "room_booking", **booked, "hours": None}
                described = billing_selectors.usage_text_words(text)
                wanted[ref] = (day, hours, hourly, "hour", "", described, text)
            else:
                # A price the hours do not divide to the cent (a half-day or day cap: 300,00
                # for 7 hours) stays one piece, its hours in its text, worded by billing, the
                # owner of the hours' unit ("2 godz.", "2 hod.", "1,5" in Polish).
                text = {"kind": "room_booking", **booked, "hours": str(hours)}
                described = billing_selectors.usage_text_words(text)
                wanted[ref] = (day, Decimal(1), booking.price, "piece", "", described, text)
            for line in booking.extras.select_related("extra").order_by("pk"):
                count = extra_count(line.extra, line.quantity, booking.attendees)
                wanted[f"{ref}:extra:{line.extra_id}"] = (
                    day,
                    Decimal(count),
                    (line.price / count).quantize(CENT, rounding=ROUND_HALF_UP),
                    "piece",
                    "",
                    f"{line.extra.name(language)} ({label})",
                    {
                        "kind": "room_extra",
                        **booked,
                        "extra": line.extra_id,
                        "names": {
                            c: getattr(line.extra, f"name_{c}") or "" for c in NAME_LANGUAGES
                        },
                    },
                )
        elif booking.status == Booking.Status.CANCELLED:
            text = {"kind": "room_fee", **booked}
            described = billing_selectors.usage_text_words(text)
            if booking.cancel_fee:
                wanted[f"{ref}:fee"] = (
                    day,
                    Decimal(1),
                    booking.cancel_fee,
                    "piece",
                    "",
                    described,
                    text,
                )
            if booking.cancel_fee_hours:
                # Counted as used package hours, like the booking would have been.
                wanted[f"{ref}:fee:hours"] = (
                    day,
                    booking.cancel_fee_hours,
                    Decimal("0.00"),
                    "hour",
                    "room_hours",
                    described,
                    text,
                )
    return wanted


def _hourly_price(price: Decimal, hours: Decimal) -> Decimal | None:
    """The price of one hour of a booking billed `price` for `hours`, when the hours at it
    make exactly that price by billing's rounding (the line's net = round(hours x hourly));
    else None (a capped price: 300,00 for 7 hours would bill 300,02)."""
    if hours <= 0:
        return None
    hourly = (price / hours).quantize(CENT, rounding=ROUND_HALF_UP)
    net = billing_selectors.line_amounts_get(quantity=hours, unit_price=hourly, vat_rate="0")[0]
    return hourly if net == price else None


def _same_charge(current: dict, target: dict) -> bool:
    """A booking recorded before 2026-12-07 as one piece at its price, now wanted in hours at
    the hour's price making the same amount on the same day: the same charge, left as it was
    recorded (old lines unchanged: re-recording it would reverse and repeat it, late in a
    closed month)."""
    if len(current) != 1 or len(target) != 1:
        return False
    ((day, price, unit, metric), quantity), *_ = current.items()
    ((new_day, hourly, new_unit, new_metric), hours), *_ = target.items()
    if (unit, quantity, metric, new_unit, new_metric) != ("piece", 1, "", "hour", ""):
        return False
    amount = billing_selectors.line_amounts_get(quantity=hours, unit_price=hourly, vat_rate="0")
    return day == new_day and amount[0] == price


def _usage_sync(booking: Booking, *, actor, reason: str) -> None:
    """Keep the settlements' usage in step with the booking (same transaction): one usage per
    booking (and extra, and fee), corrected when it moves or is cancelled. Idempotent: what
    is recorded under the booking's refs is compared with what should be, and a difference
    is reversed (negative quantities with the reason, in the month of what they reverse, or
    the next open one) and recorded anew."""
    if booking.client_id is None:
        return
    wanted = _usage_wanted(booking)
    have: dict[str, dict[tuple, Decimal]] = {}
    descriptions: dict[tuple, tuple[str, dict | None]] = {}
    for record in billing_selectors.usage_source_list(
        source=USAGE_SOURCE, ref=f"booking:{booking.pk}"
    ):
        key = (record.date, record.unit_price, record.unit, record.metric)
        state = have.setdefault(record.source_ref, {})
        state[key] = state.get(key, Decimal(0)) + record.quantity
        # per ref: a booking at 6.00 and its extra at 6.00 a piece share the rest of the key
        descriptions.setdefault((record.source_ref, *key), (record.description, record.text))
    for ref in sorted(set(wanted) | set(have)):
        current = {k: q for k, q in have.get(ref, {}).items() if q}
        target = {}
        if ref in wanted:
            day, quantity, price, unit, metric, _description, _text = wanted[ref]
            target = {(day, price, unit, metric): quantity}
        if current == target or _same_charge(current, target):
            continue
        for (day, price, unit, metric), quantity in current.items():
            # the reversal named as what it reverses (the month's table nets the two)
            description, text = descriptions[(ref, day, price, unit, metric)]
            billing_services.usage_record(
                client=booking.client,
                date=day,
                quantity=-quantity,
                unit_price=price,
                unit=unit,
                metric=metric,
                description=description,
                text=text,
                reason=reason,
                source=USAGE_SOURCE,
                source_ref=ref,
                actor=_user(actor),
            )
        if ref in wanted:
            day, quantity, price, unit, metric, description, text = wanted[ref]
            billing_services.usage_record(
                client=booking.client,
                date=day,
                quantity=quantity,
                unit_price=price,
                unit=unit,
                metric=metric,
                description=description,
                text=text,
                source=USAGE_SOURCE,
                source_ref=ref,
                actor=_user(actor),
            )


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
