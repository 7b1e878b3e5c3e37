"""Staff screens: the bookings list, a booking form, cancel and approve."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.phones import phone_format
from modules.clients.models import Client
from modules.clients.selectors import client_list
from modules.notifications.services import alerts_resolve
from modules.rooms import rules, selectors, services
from modules.rooms.forms import BookingForm
from modules.rooms.messages import approval_alert_subject, cancel_fee_words
from modules.rooms.models import Booking, BookingExtra


@staff_view
def list_view(request: HttpRequest):
    today = rules.local(timezone.now()).date()
    start = rules.aware(today, dt.time(0))
    bookings = list(
        selectors.booking_list()
        .filter(ends_at__gte=start)
        .exclude(status__in=[Booking.Status.CANCELLED, Booking.Status.RELEASED])
        .prefetch_related(Prefetch("extras", BookingExtra.objects.select_related("extra")))
        .order_by("starts_at", "pk")[:200]
    )
    # The price as the e-mails and the detail give it (services.booking_breakdown).
    breakdown = services.bookings_breakdown(bookings)
    for booking in bookings:
        booking.breakdown = breakdown[booking.pk]
    return render(
        request,
        "rooms/list.html",
        {"bookings": bookings, "rooms": selectors.room_list(active_only=True)},
    )


def _booking_form(request, data=None, initial=None):
    return BookingForm(
        data,
        initial=initial,
        rooms=selectors.room_list(active_only=True),
        extras=selectors.extra_list(active_only=True),
        clients=client_list(membership=request.membership, status=Client.Status.ACTIVE),
    )


@staff_view
def create_view(request: HttpRequest):
    initial = {key: request.GET.get(key) for key in ("room", "day", "start", "end")}
    form = _booking_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                room=data["room"],
                starts_at=rules.aware(data["day"], data["start"]),
                ends_at=rules.aware(data["day"], data["end"]),
                actor=request.user,
                client=data.get("client"),
                guest=form.guest(),
                title=data["title"],
                attendees=data["attendees"],
                extras=form.chosen_extras(),
                notes=data["notes"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The room is booked."))
            return redirect("rooms:detail", booking_id=booking.pk)
    return render(
        request, "rooms/booking_form.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_view
def detail_view(request: HttpRequest, booking_id: int):
    booking = get_object_or_404(selectors.booking_list(), pk=booking_id)
    # Opened: this person's alert asking to approve it is read (the others' stay).
    alerts_resolve(subject=approval_alert_subject(booking.pk), user=request.user)
    return render(
        request,
        "rooms/detail.html",
        {
            "booking": booking,
            "phone": phone_format(booking.guest_phone),
            # What it costs, as the live price box, the lists and the e-mails say it.
            "breakdown": services.booking_breakdown(booking),
            # Billed under the client's package, not at the room's price (services._usage_wanted).
            "package": selectors.booking_package_hours(booking),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_view
def cancel_view(request: HttpRequest, booking_id: int):
    """GET asks, like the client panel's and the visitor's question: the booking and what
    cancelling it now costs (services.cancellation_fee, the rule booking_cancel charges by),
    with the choice to waive the fee; POST cancels."""
    booking = get_object_or_404(selectors.booking_list(), pk=booking_id)
    if request.method != "POST":
        fee = services.cancellation_fee(booking)
        return render(
            request,
            "rooms/cancel.html",
            {
                "booking": booking,
                "fee": fee,
                "fee_words": cancel_fee_words(booking, fee, currency=request.tenant.currency),
                "active": booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE},
                # Made today (a mistake, often): the page suggests waiving the fee.
                "made_today": rules.local(booking.created_at).date()
                == rules.local(timezone.now()).date(),
            },
        )
    try:
        services.booking_cancel(
            booking=booking,
            actor=request.user,
            staff=True,
            waive_fee=request.POST.get("waive") == "1",
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("rooms:detail", booking_id=booking.pk)


@require_POST
@staff_view
def approve_view(request: HttpRequest, booking_id: int):
    booking = get_object_or_404(selectors.booking_list(), pk=booking_id)
    try:
        services.booking_approve(booking=booking, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is confirmed."))
    return redirect("rooms:detail", booking_id=booking.pk)


@require_POST
@staff_view
def refuse_view(request: HttpRequest, booking_id: int):
    booking = get_object_or_404(selectors.booking_list(), pk=booking_id)
    try:
        services.booking_refuse(booking=booking, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is refused; the time is free again."))
    return redirect("rooms:detail", booking_id=booking.pk)
