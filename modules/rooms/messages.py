"""What a booking's notifications carry (R4): the context of the rooms events, the .ics
attachment (a stable UID per booking, SEQUENCE raised by each change) and who receives it
(the client's recipients, or the visitor's e-mail for a booking without a client)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import icalendar
from django.db import connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.money import money
from common.storage import office_new_name, office_save
from modules.notifications.services import Addressee, Attachment, alert_subject, notify
from modules.rooms import links
from modules.rooms.events import APPROVAL_NEEDED, CANCELLED, REFUSED, REMINDER
from modules.rooms.models import Booking, hours_plain

ACTIVE_STATES = {Booking.Status.CONFIRMED: "CONFIRMED", Booking.Status.TENTATIVE: "TENTATIVE"}


def fee_text(
    *,
    amount: Decimal,
    hours: Decimal,
    currency: str,
    language: str | None = None,
    over: Decimal = Decimal(0),
    over_amount: Decimal | None = None,
) -> str:
    """A cancellation fee as the reader reads it, in their language: "35,00 zł", or for a
    booking billed as package hours "1,5 h z godzin pakietu" (+ the extras' share in money);
    "" when there is none (services.cancellation_fee decides it). `over` of the `hours` are
    over the package's included ones this month (services.cancellation_fee_hours_cost), so
    they are money: "0,5 h ponad godziny pakietu: 25,00 zł"."""

    def number(value: Decimal) -> str:
        return formats.number_format(hours_plain(value), use_l10n=True)

    with translation.override(language or translation.get_language()):
        parts = []
        if hours - over > 0:
            parts.append(_("%(hours)s h of package hours") % {"hours": number(hours - over)})
        if over > 0:
            if over_amount is None:
                parts.append(_("%(hours)s h over the package hours") % {"hours": number(over)})
            else:
                parts.append(
                    _("%(hours)s h over the package hours: %(price)s")
                    % {"hours": number(over), "price": money(over_amount, currency)}
                )
        if amount:
            parts.append(money(amount, currency))
        return " + ".join(parts)


def cancel_fee_words(booking: Booking, fee, *, currency: str) -> str:
    """What cancelling `booking` now costs (`fee`: services.cancellation_fee), as the
    questions before cancelling say it: the fee's hours over the month's included ones in
    money (services.cancellation_fee_hours_cost): "0,5 h z godzin pakietu + 58,00 zł"."""
    from modules.rooms.services import cancellation_fee_hours_cost

    cost = cancellation_fee_hours_cost(booking, fee.hours)
    return fee_text(
        amount=fee.amount,
        hours=fee.hours,
        currency=currency,
        over=cost.over,
        over_amount=cost.over_amount,
    )


def quote_lines(quote, *, currency: str, language: str | None = None) -> list[tuple[str, str]]:
    """A price breakdown (services.Quote: booking_quote, booking_breakdown) as lines (what,
    how much) in the reader's language: "Sala, 3 h: 150,00 zł", or billed as package hours
    "Sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00 zł" (the hours once),
    then each extra "Kawa i woda ×3: 36,00 zł"."""
    with translation.override(language or translation.get_language()):
        if quote.package:
            # Package hours first: those within the month's included hours cost nothing.
            what = pgettext("price line", "Room")
            room = fee_text(
                amount=quote.room,
                hours=quote.hours,
                currency=currency,
                over=quote.over,
                over_amount=quote.over_amount,
            )
        else:
            hours = formats.number_format(hours_plain(quote.hours), use_l10n=True)
            what = pgettext("price line", "Room, %(hours)s h") % {"hours": hours}
            room = money(quote.room, currency)
        lines = [(what, room)]
        for extra, count, amount in quote.extras:
            lines.append((f"{extra.name()} ×{count}", money(amount, currency)))
        return lines


def quote_text(
    quote, *, currency: str, language: str | None = None, each_date: bool = False
) -> str:
    """A price breakdown in one line (the lists, the detail pages, the e-mails' "Price:"):
    the total, and what it is made of when there is more than the room's price: "126,00 zł
    (sala: 2 h z godzin pakietu + 1 h ponad godziny pakietu: 50,00 zł; dodatki: 76,00 zł)".
    A weekly series's one confirmation gives the first date's price, said to be per date."""
    with translation.override(language or translation.get_language()):
        total = money(quote.total, currency)
        if quote.package:
            room = quote_lines(quote, currency=currency)[0][1]
        else:
            room = money(quote.room, currency)
        extras = money(quote.extras_total, currency)
        if quote.extras:
            text = _("%(total)s (room: %(room)s; extras: %(extras)s)") % {
                "total": total,
                "room": room,
                "extras": extras,
            }
        elif quote.package:
            text = _("%(total)s (room: %(room)s)") % {"total": total, "room": room}
        else:
            text = total
        return _("%(price)s per date") % {"price": text} if each_date else text


def extras_text(lines, *, attendees: int, currency: str, language: str) -> str:
    """The ordered extras, one a line, as billed (services.extra_count): "- Coffee ×4:
    PLN 48.00"; "" without any."""
    from modules.rooms.services import extra_count

    return "\n".join(
        f"- {line.extra.name(language)} ×{extra_count(line.extra, line.quantity, attendees)}: "
        f"{money(line.price, currency, language=language)}"
        for line in lines
    )


def booking_uid(booking: Booking) -> str:
    """Stable for the booking's whole life: calendars update the same event."""
    host = urlsplit(connection.tenant.url).hostname or "vireo"
    return f"rooms-booking-{booking.pk}@{host}"


def booking_event(booking: Booking, *, summary: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", booking.updated_at or timezone.now())
    event.add("dtstart", booking.starts_at.astimezone(dt.UTC))
    event.add("dtend", booking.ends_at.astimezone(dt.UTC))
    event.add("summary", summary or booking.title or booking.room.name)
    event.add("location", f"{booking.room.name}, {connection.tenant.name}")
    event.add("status", ACTIVE_STATES.get(booking.status, "CANCELLED"))
    return event


def calendar_new(name: str, *, method: str | None = None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Vireo//Rooms//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    return calendar


def booking_ics(*bookings: Booking) -> bytes:
    active = bookings[0].status in ACTIVE_STATES
    calendar = calendar_new(bookings[0].room.name, method="REQUEST" if active else "CANCEL")
    for booking in bookings:
        calendar.add_component(booking_event(booking))
    return calendar.to_ical()


def visitor_mobile(phone: str, *, country: str) -> str:
    """The visitor's phone in E.164 when it can take an SMS, else ""."""
    from django.core.exceptions import ValidationError

    from common.phones import phone_clean, phone_is_mobile

    if not phone.strip():
        return ""
    try:
        number = phone_clean(phone, country=country)
    except ValidationError:
        return ""
    return number if phone_is_mobile(number) else ""


def _manage_url(booking: Booking, event: str) -> str:
    office = connection.tenant
    if event == APPROVAL_NEEDED:
        return office.url + reverse("rooms:detail", args=[booking.pk])
    if booking.client_id is None:
        return office.url + reverse("rooms:manage", args=[links.manage_token(booking)])
    # The booking's own page in the panel (notify adds ?client=<id> to panel links).
    return office.url + reverse("rooms:portal_detail", args=[booking.pk])


def approval_alert_subject(booking_id: int) -> str:
    """What the staff alert "booking needs approval" announces: read for everyone once the
    booking is approved, refused, released or cancelled (services), or for one person when
    they open it (the staff detail)."""
    return alert_subject("rooms.booking", booking_id)


def booking_notify(
    *, event: str, booking: Booking, actor=None, series: list[Booking] | None = None
) -> None:
    """Send one rooms event about `booking` (inside the caller's transaction); for a series
    the text names the first date and the .ics holds every booked date."""
    office = connection.tenant
    addressees = []
    if event != APPROVAL_NEEDED and booking.client_id is None:
        if not booking.guest_email:
            return
        language = booking.language or office.language
        addressees.append(Addressee("email", booking.guest_email, language))
        phone = visitor_mobile(booking.guest_phone, country=office.country)
        if event == REMINDER and phone:
            # The reminder also by SMS; notify refuses countries off the office's list.
            addressees.append(Addressee("sms", phone, language))
    currency = office.currency
    # Imported here: services sends its messages through this module.
    from modules.rooms.services import extra_line_order

    lines = sorted(booking.extras.select_related("extra"), key=extra_line_order)
    # The price as the live price box, the lists and the detail pages give it (one rule:
    # services.booking_breakdown, package hours first against the booking's own month).
    # Imported here: services sends its messages through this module.
    from modules.rooms.services import booking_breakdown

    quote = booking_breakdown(booking)
    cost = None
    if event == CANCELLED and booking.cancel_fee_hours:
        # The fee's hours over the month's used-up package hours, in money (as the panel's
        # question said). Imported here: services sends its messages through this module.
        from modules.rooms.services import cancellation_fee_hours_cost

        cost = cancellation_fee_hours_cost(booking, booking.cancel_fee_hours)

    def amounts(language: str) -> dict:
        # Money as the reader reads it ("35,00 zł", "PLN 35.00"): each recipient's language.
        fee = ""
        if event in {CANCELLED, REFUSED}:
            fee = fee_text(
                amount=booking.cancel_fee,
                hours=booking.cancel_fee_hours,
                currency=currency,
                language=language,
                over=cost.over if cost else Decimal(0),
                over_amount=cost.over_amount if cost else None,
            )
        return {
            "booking_total": money(quote.total, currency, language=language),
            "booking_price": quote_text(
                quote,
                currency=currency,
                language=language,
                each_date=bool(series and len(series) > 1),
            ),
            "booking_extras": extras_text(
                lines, attendees=booking.attendees, currency=currency, language=language
            ),
            "cancel_fee": fee,
        }

    attachments = []
    if event != APPROVAL_NEEDED:
        name = office_save(
            office_new_name("rooms/ics", ".ics"), booking_ics(*(series or [booking]))
        )
        attachments.append(Attachment(name, "booking.ics", "text/calendar"))
    notify(
        event=event,
        client_id=booking.client_id if event != APPROVAL_NEEDED else None,
        actor=actor,
        addressees=addressees,
        attachments=attachments,
        context={
            "room_name": booking.room.name,
            "booking_starts_at": booking.starts_at,
            "booking_ends_at": booking.ends_at,
            "booker_name": booking.who,
            "manage_url": _manage_url(booking, event),
        },
        # Money and words in each reader's language: recipients, the visitor, the office.
        localise=amounts,
        alert_subject=approval_alert_subject(booking.pk) if event == APPROVAL_NEEDED else "",
    )


def feed_ics(name: str, bookings, *, staff: bool) -> bytes:
    """A calendar feed (no METHOD: subscribed, not invited). Staff see who booked."""
    calendar = calendar_new(name)
    for booking in bookings:
        summary = ""
        if staff:
            summary = " · ".join(p for p in (booking.room.name, booking.who, booking.title) if p)
        calendar.add_component(booking_event(booking, summary=summary))
    return calendar.to_ical()
