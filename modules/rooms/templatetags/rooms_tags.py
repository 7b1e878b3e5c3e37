"""Template filters of the rooms module."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import pgettext

from modules.rooms import rules, services
from modules.rooms.messages import fee_text, quote_lines, quote_text

register = template.Library()


@register.filter
def cancel_fee(fee, currency: str = "") -> str:
    """A booking's cancellation fee (cancel_fee, cancel_fee_hours) or a
    services.CancellationFee (amount, hours), as messages.fee_text words it."""
    if hasattr(fee, "cancel_fee"):
        return fee_text(amount=fee.cancel_fee, hours=fee.cancel_fee_hours, currency=currency)
    return fee_text(amount=fee.amount, hours=fee.hours, currency=currency)


@register.filter
def extra_count(line, attendees: int) -> int:
    """How many of an ordered extra the booking is billed (services.extra_count)."""
    return services.extra_count(line.extra, line.quantity, attendees)


@register.filter
def price_text(quote, currency: str = "") -> str:
    """A booking's price breakdown (services.booking_breakdown) in one line, as the e-mails
    give it (messages.quote_text)."""
    return quote_text(quote, currency=currency)


@register.filter
def price_lines(quote, currency: str = "") -> list[tuple[str, str]]:
    """A booking's price breakdown line by line, as the live price box gives it."""
    return quote_lines(quote, currency=currency)


@register.filter
def booking_when(booking) -> str:
    """A booking's time as the e-mails write it, both times with two-digit hours in the
    office's zone: "18.12.2026 08:00–09:00" (the short date-time format wrote a Slovak
    start as "8:00" beside an end of "09:00")."""
    start, end = rules.local(booking.starts_at), rules.local(booking.ends_at)
    day = formats.date_format(start.date(), "SHORT_DATE_FORMAT")
    return f"{day} {start:%H:%M}–{end:%H:%M}"


# The offices' zones (modules/office OFFICE_TIME_ZONES) by their city, in the reader's language.
_CITIES = {
    "Europe/Warsaw": lambda: pgettext("city", "Warsaw"),
    "Europe/Bratislava": lambda: pgettext("city", "Bratislava"),
    "Europe/Prague": lambda: pgettext("city", "Prague"),
}


@register.filter
def zone_city(zone) -> str:
    """The city a time zone is named by, as people say it: "Warszawa" for Europe/Warsaw in
    Polish (the booking pages said "Godziny w strefie Europe/Warsaw."); another zone by its
    last part ("America/New_York": "New York")."""
    name = str(zone)
    city = _CITIES.get(name)
    return city() if city else name.rsplit("/", 1)[-1].replace("_", " ")
