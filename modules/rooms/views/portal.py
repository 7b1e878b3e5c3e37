"""The client panel (R2): the company's bookings, booking a room (once or every N weeks),
cancelling under the room's policy."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.exceptions import ApplicationError
from common.forms import DateLocalInput
from modules.clients.models import Client
from modules.rooms import rules, selectors, services
from modules.rooms.forms import BookingForm, MoveForm
from modules.rooms.messages import cancel_fee_words, fee_text
from modules.rooms.models import ACTIVE_Q, Booking, BookingExtra
from tenants.selectors import office_today


class RepeatForm(forms.Form):
    every_weeks = forms.IntegerField(
        label=gettext_lazy("Repeat every (weeks, 0 = once)"), min_value=0, max_value=8, initial=0
    )
    until = forms.DateField(
        label=pgettext_lazy("repeat", "Until"), required=False, widget=DateLocalInput()
    )
    count = forms.IntegerField(
        label=gettext_lazy("Or this many times"), min_value=1, max_value=104, required=False
    )


def _client(request) -> Client:
    return get_object_or_404(Client, pk=request.membership.client_id)


@client_view
def portal_list_view(request: HttpRequest):
    bookings = list(
        selectors.booking_list(membership=request.membership)
        .filter(ends_at__gte=timezone.now())
        .prefetch_related(Prefetch("extras", BookingExtra.objects.select_related("extra")))
        .order_by("starts_at", "pk")[:100]
    )
    # The price as the e-mails and the live price box give it (services.booking_breakdown:
    # package hours first against each booking's own month).
    breakdown = services.bookings_breakdown(bookings)
    for booking in bookings:
        booking.breakdown = breakdown[booking.pk]
    return render(request, "rooms/portal_list.html", {"bookings": bookings})


@client_view
def portal_book_view(request: HttpRequest):
    initial = {key: request.GET.get(key) for key in ("room", "day", "start", "end")}
    # The terms and this month's hours used so far (the form says when they are used up).
    hours = selectors.package_use(client_id=request.membership.client_id, day=office_today())
    form = BookingForm(
        request.POST or None,
        initial=initial,
        rooms=selectors.room_list(active_only=True),
        extras=selectors.extra_list(active_only=True),
        in_package=hours is not None,
        # The note says the month's included hours are used up: the rooms do not promise
        # them (a package including none says so in its own note, with "package hours").
        used_up_price=hours.over_price if hours and hours.included and hours.used_up else None,
    )
    repeat = RepeatForm(request.POST or None)
    skipped = []
    if request.method == "POST" and form.is_valid() and repeat.is_valid():
        data, again = form.cleaned_data, repeat.cleaned_data
        common = {
            "actor": request.user,
            "source": Booking.Source.PORTAL,
            "client": _client(request),
            "guest": {
                "name": request.user.get_full_name() or request.user.email,
                "email": request.user.email,
            },
            "title": data["title"],
            "attendees": data["attendees"],
            "extras": form.chosen_extras(),
            "notes": data["notes"],
        }
        try:
            if again["every_weeks"]:
                dates = services.series_dates(
                    first=data["day"],
                    every_weeks=again["every_weeks"],
                    until=again["until"],
                    count=again["count"],
                )
                booked, skipped = services.booking_series_create(
                    room=data["room"], dates=dates, start=data["start"], end=data["end"], **common
                )
            else:
                booked = [
                    services.booking_create(
                        room=data["room"],
                        starts_at=rules.aware(data["day"], data["start"]),
                        ends_at=rules.aware(data["day"], data["end"]),
                        **common,
                    )
                ]
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            if len(booked) == 1 and not again["every_weeks"]:
                messages.success(request, _("The room is booked."))
            elif booked:
                messages.success(
                    request,
                    ngettext("%(count)s date booked.", "%(count)s dates booked.", len(booked))
                    % {"count": len(booked)},
                )
            if not skipped:
                return redirect("rooms:portal")
            if not booked:
                form.add_error(None, _("None of the dates is free."))
    return render(
        request,
        "rooms/portal_book.html",
        {
            "form": form,
            "repeat": repeat,
            "skipped": skipped,
            "room_id": form["room"].value(),
            "package_hours": hours,
        },
        status=400 if form.errors or repeat.errors else 200,
    )


@client_view
def portal_detail_view(request: HttpRequest, booking_id: int):
    """One of the company's bookings: when, room, people, extras, the price as billed
    (services.booking_breakdown, line by line), its status, and *Change* / *Cancel the
    booking* while the rules allow them (services.booking_change_refusal, booking_cancel's
    "not once it has ended"). Another company's booking: 404, or the switcher's offer when
    this person acts for that company too."""
    booking = (
        selectors.booking_list(membership=request.membership)
        .prefetch_related(Prefetch("extras", BookingExtra.objects.select_related("extra")))
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return switcher_offer(
            request,
            lambda m: selectors.booking_list(membership=m).filter(pk=booking_id).exists(),
        )
    active = booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}
    refusal = services.booking_change_refusal(booking, staff=False) if active else None
    cancellable = active and booking.ends_at > timezone.now()
    fee = services.cancellation_fee(booking) if cancellable else None
    return render(
        request,
        "rooms/portal_detail.html",
        {
            "booking": booking,
            "active": active,
            "breakdown": services.booking_breakdown(booking) if active else None,
            # Billed under the company's package: its terms, as the staff detail gives them.
            "package": selectors.booking_package_hours(booking) if active else None,
            "can_change": active and refusal is None,
            "change_refusal": refusal.message if active and refusal is not None else "",
            "can_cancel": cancellable,
            "fee_words": cancel_fee_words(booking, fee, currency=request.tenant.currency)
            if fee
            else "",
        },
    )


@require_http_methods(["GET", "POST"])
@client_view
def portal_cancel_view(request: HttpRequest, booking_id: int):
    """GET asks: the booking and what cancelling it now costs (services.cancellation_fee,
    the rule booking_cancel charges by); POST cancels."""
    booking = get_object_or_404(
        selectors.booking_list(membership=request.membership), pk=booking_id
    )
    if request.method != "POST":
        fee = services.cancellation_fee(booking)
        return render(
            request,
            "rooms/portal_cancel.html",
            {
                "booking": booking,
                "fee": fee,
                # The fee's hours over the month's included ones are money: says how much.
                "fee_words": cancel_fee_words(booking, fee, currency=request.tenant.currency),
                # The terms a fee in package hours counts against (its price for an hour over).
                "package": selectors.booking_package_hours(booking) if fee.hours else None,
                "active": booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE},
                "breakdown": services.booking_breakdown(booking)
                if booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}
                else None,
            },
        )
    try:
        cancelled = services.booking_cancel(booking=booking, actor=request.user, staff=False)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if cancelled.cancel_fee or cancelled.cancel_fee_hours:
            cost = services.cancellation_fee_hours_cost(cancelled, cancelled.cancel_fee_hours)
            fee = fee_text(
                amount=cancelled.cancel_fee,
                hours=cancelled.cancel_fee_hours,
                currency=request.tenant.currency,
                over=cost.over,
                over_amount=cost.over_amount,
            )
            messages.warning(
                request, _("The booking is cancelled with a fee of %(fee)s.") % {"fee": fee}
            )
        else:
            messages.success(request, _("The booking is cancelled."))
    return redirect("rooms:portal")


@client_view
def portal_change_view(request: HttpRequest, booking_id: int):
    """The company's own booking to another time, under the same rules as staff and the
    room's change window (services.booking_move); the form keeps what was typed."""
    booking = selectors.booking_list(membership=request.membership).filter(ACTIVE_Q)
    booking = booking.filter(pk=booking_id).first()
    if booking is None:
        return switcher_offer(
            request,
            lambda m: selectors.booking_list(membership=m).filter(ACTIVE_Q, pk=booking_id).exists(),
        )
    form = MoveForm(
        request.POST or None,
        initial={
            "day": rules.local(booking.starts_at).date(),
            "start": rules.local(booking.starts_at).time(),
            "end": rules.local(booking.ends_at).time(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_move(
                booking=booking,
                starts_at=rules.aware(data["day"], data["start"]),
                ends_at=rules.aware(data["day"], data["end"]),
                actor=request.user,
                staff=False,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The booking is changed."))
            return redirect("rooms:portal")
    return render(
        request,
        "rooms/portal_change.html",
        {"form": form, "booking": booking, "breakdown": services.booking_breakdown(booking)},
        status=400 if form.errors else 200,
    )
