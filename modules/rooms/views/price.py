"""The live price of the booking forms (staff and client panel): while the form is filled
in, HTMX asks for the price of what it holds and swaps this partial in. The figure comes
from services.booking_quote, the rules the booking is stored and billed by."""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest
from django.shortcuts import render

from accounts.access import client_view, staff_view
from common.money import money
from modules.clients.models import Client
from modules.clients.selectors import client_list
from modules.rooms import rules, selectors, services
from modules.rooms.forms import BookingForm
from modules.rooms.messages import quote_lines


def _render(request, form: BookingForm, *, client_id: int | None):
    quote = None
    given = form.quote_input()
    closed = None
    if given is not None:
        closed = rules.closed_refusal(
            given["room"], given["starts_at"], given["ends_at"], settings=services.settings_get()
        )
    if given is not None and closed is None:
        quote = services.booking_quote(**given, client_id=client_id)
    currency = getattr(connection.tenant, "currency", "") or "PLN"
    context = {"quote": quote, "closed": closed is not None}
    if closed is not None:
        # No price for a time that cannot be booked: the refusal the form would give.
        context["warning"] = closed.message
    elif given is not None:
        # More people than the room holds: the message the form gives when it is sent.
        refusal = rules.capacity_refusal(given["room"], given["attendees"])
        context["warning"] = refusal.message if refusal else ""
    if quote is not None:
        context |= {
            "lines": quote_lines(quote, currency=currency),
            "total": money(quote.total, currency),
        }
    return render(request, "rooms/_price.html", context)


@staff_view
def staff_price_view(request: HttpRequest):
    """The staff booking form's price: for the client chosen (their package hours), or at
    the room's price for a guest or before a client is chosen."""
    form = BookingForm(
        request.GET,
        rooms=selectors.room_list(active_only=True),
        extras=selectors.extra_list(active_only=True),
        clients=client_list(membership=request.membership, status=Client.Status.ACTIVE),
    )
    form.is_valid()
    client = form.cleaned_data.get("client")
    return _render(request, form, client_id=client.pk if client else None)


@client_view
def portal_price_view(request: HttpRequest):
    """The client panel's booking form's price, always for the user's own company: a
    `client` naming another one answers 404 (missing and not yours alike)."""
    own = request.membership.client_id
    asked = request.GET.get("client", "")
    if asked and asked != str(own):
        raise Http404
    form = BookingForm(
        request.GET,
        rooms=selectors.room_list(active_only=True),
        extras=selectors.extra_list(active_only=True),
    )
    return _render(request, form, client_id=own)
