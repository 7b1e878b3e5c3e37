"""The public booking link (R3): a page per office and per room that the operator links or
embeds (iframe). Visitors see free times only, never who booked; they book with their
contact details and manage the booking through a signed link without an account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from csp.decorators import csp_replace
from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from accounts.access import public_view
from common.context import request_ip
from common.exceptions import ApplicationError
from common.forms import DateLocalInput
from common.phones import phone_clean
from common.ratelimit import rate_limit_hit
from common.storage import office_file_response
from modules.rooms import links, rules, selectors, services
from modules.rooms.forms import MoveForm
from modules.rooms.models import Booking, RoomPhoto


def embeddable(view):
    """The office embeds these pages in an iframe on its own website, whose address we do
    not know: no X-Frame-Options, and the CSP's frame-ancestors opened (the platform's
    default is 'none'). They show free times and the visitor's own booking only."""
    return csp_replace({"frame-ancestors": ["*"]})(xframe_options_exempt(view))


class PublicBookingForm(forms.Form):
    day = forms.DateField(label=pgettext_lazy("booking", "Date"), widget=DateLocalInput())
    start = forms.TimeField(
        label=pgettext_lazy("booking time", "From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=pgettext_lazy("booking time", "Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=120)
    company = forms.CharField(label=gettext_lazy("Company"), max_length=200, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32)
    attendees = forms.IntegerField(
        label=pgettext_lazy("attendees", "People"), min_value=1, max_value=500, initial=1
    )
    terms = forms.BooleanField(label=gettext_lazy("I accept the terms of the booking"))
    # A field people do not see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_phone(self) -> str:
        # Stored in E.164 like every phone in Vireo; a local number is read in the office's
        # country ("600 100 200" in a Polish office).
        return phone_clean(self.cleaned_data["phone"], country=connection.tenant.country)


def _enabled():
    settings = services.settings_get()
    if not settings.public_booking:
        raise Http404
    return settings


def _slot_links(book_url: str, day: dt.date, slots: list[tuple[str, str]]) -> SafeString:
    """A day's free times as links to the booking form, in one string: ~60 links a week, each
    five template variables (~10 ms of the page in the template language). `start` and `end`
    are "HH:MM" made by public_availability, the day an ISO date: only the URL is escaped."""
    url, day_iso = escape(book_url), day.isoformat()
    # Built from the escaped URL and values made here only.
    return mark_safe(
        "".join(
            f'<a class="btn btn-sm btn-outline-primary" data-testid="slot" href="{url}?day='
            f'{day_iso}&amp;start={start}&amp;end={end}">{start}–{end}</a>'
            for start, end in slots
        )
    )


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@public_view
@embeddable
def public_rooms_view(request: HttpRequest):
    _enabled()
    return render(
        request,
        "rooms/public_rooms.html",
        {"rooms": selectors.room_list(active_only=True), "language": request.LANGUAGE_CODE},
    )


@public_view
@embeddable
def public_room_view(request: HttpRequest, room_id: int):
    office_settings = _enabled()
    room = get_object_or_404(selectors.room_list(active_only=True), pk=room_id)
    try:
        minutes = int(request.GET.get("minutes", "") or max(room.min_minutes, 60))
    except ValueError:
        minutes = room.min_minutes
    minutes = min(max(minutes, room.min_minutes), room.max_minutes)
    book_url = reverse("rooms:public_book", args=[room.pk])
    shown = selectors.public_week(
        room=room,
        asked=_date(request.GET.get("week", "")),
        minutes=minutes,
        today=rules.local(timezone.now()).date(),
        settings=office_settings,
    )
    week = shown.week
    days = [(day, _slot_links(book_url, day, slots)) for day, slots in shown.days]
    lengths = sorted(
        {room.min_minutes, 60, 90, 120, 180, 240, room.max_minutes}
        & set(range(room.min_minutes, room.max_minutes + 1, room.slot_minutes))
    )
    return render(
        request,
        "rooms/public_room.html",
        {
            "room": room,
            "days": days,
            "photos": list(room.photos.all()),
            "week": week,
            # Not into the past: no week before the first with a time still free.
            "previous": week - dt.timedelta(days=7) if week > shown.earliest else None,
            "next": week + dt.timedelta(days=7),
            "minutes": minutes,
            "lengths": lengths,
            "description": room.description(request.LANGUAGE_CODE),
            "price": services.booking_price(room, minutes, public=True),
        },
    )


def _limited(request, form) -> bool:
    limits = django_settings.ROOMS_PUBLIC_RATE_LIMITS
    ip = request_ip.get() or request.META.get("REMOTE_ADDR") or "unknown"
    hit = rate_limit_hit(scope="rooms-ip", value=ip, limit=limits["ip"][0], seconds=limits["ip"][1])
    for value in (form.data.get("email", ""), form.data.get("phone", "")):
        value = "".join(value.split()).lower()
        if value:
            limit, seconds = limits["contact"]
            hit = (
                rate_limit_hit(scope="rooms-contact", value=value, limit=limit, seconds=seconds)
                or hit
            )
    return hit


@public_view
@embeddable
def public_book_view(request: HttpRequest, room_id: int):
    _enabled()
    room = get_object_or_404(selectors.room_list(active_only=True), pk=room_id)
    office_settings = services.settings_get()
    initial = {key: request.GET.get(key) for key in ("day", "start", "end")}
    form = PublicBookingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _limited(request, form):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please try again later."))
        elif form.is_valid() and not form.cleaned_data["website"]:
            data = form.cleaned_data
            try:
                booking = services.booking_create(
                    room=room,
                    starts_at=rules.aware(data["day"], data["start"]),
                    ends_at=rules.aware(data["day"], data["end"]),
                    source=Booking.Source.PUBLIC,
                    guest={k: data[k] for k in ("name", "company", "email", "phone")},
                    attendees=data["attendees"],
                    tentative=office_settings.approval_required,
                    language=translation.get_language() or "",
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("rooms:manage", token=links.manage_token(booking))
    return render(
        request,
        "rooms/public_book.html",
        {
            "room": room,
            "form": form,
            "terms": office_settings.terms,
            # the room page showed the price, the form where one commits to it did not
            "price": _form_price(room, form.data if form.is_bound else initial),
        },
        status=400 if form.errors else 200,
    )


def _form_price(room, values) -> Decimal | None:
    """The price of the times on the form (the chosen slot, or what was sent back), at the
    room's public price; None while they are no valid span."""
    try:
        start = dt.time.fromisoformat(str(values.get("start") or ""))
        end = dt.time.fromisoformat(str(values.get("end") or ""))
    except ValueError:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if minutes <= 0:
        return None
    return services.booking_price(room, minutes, public=True)


def _managed(token: str) -> Booking:
    booking_id = links.manage_token_read(token)
    if booking_id is None:
        raise Http404
    return get_object_or_404(Booking.objects.select_related("room"), pk=booking_id)


@public_view
@embeddable
def manage_view(request: HttpRequest, token: str):
    """GET only shows: links in e-mails are opened by scanners too."""
    booking = _managed(token)
    return render(
        request,
        "rooms/public_manage.html",
        {
            "booking": booking,
            "token": token,
            "fee": services.cancellation_fee(booking),
            "active": booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE},
            "form": MoveForm(
                initial={
                    "day": rules.local(booking.starts_at).date(),
                    "start": rules.local(booking.starts_at).time(),
                    "end": rules.local(booking.ends_at).time(),
                }
            ),
        },
    )


@public_view
@embeddable
def manage_cancel_view(request: HttpRequest, token: str):
    """GET asks (the booking and what cancelling it now costs: services.cancellation_fee,
    the rule booking_cancel charges by); only POST cancels, so a mail scanner following the
    page cancels nothing."""
    booking = _managed(token)
    active = booking.status in {Booking.Status.CONFIRMED, Booking.Status.TENTATIVE}
    if request.method != "POST":
        if not active:
            return redirect("rooms:manage", token=token)
        return render(
            request,
            "rooms/public_cancel.html",
            {"booking": booking, "token": token, "fee": services.cancellation_fee(booking)},
        )
    try:
        services.booking_cancel(booking=booking, actor=None, staff=False)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The booking is cancelled."))
    return redirect("rooms:manage", token=token)


@require_POST
@public_view
@embeddable
def manage_move_view(request: HttpRequest, token: str):
    booking = _managed(token)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.booking_move(
                booking=booking,
                starts_at=rules.aware(data["day"], data["start"]),
                ends_at=rules.aware(data["day"], data["end"]),
                actor=None,
                staff=False,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The booking is changed."))
    else:
        messages.error(request, _("Choose a time."))
    return redirect("rooms:manage", token=token)


@public_view
def photo_view(request: HttpRequest, photo_id: int):
    """A room's photo: anyone for an active room (the public pages show them), staff for
    any. Nothing about bookings."""
    photo = get_object_or_404(RoomPhoto.objects.select_related("room"), pk=photo_id)
    membership = getattr(request, "membership", None)
    if not photo.room.active and not (membership and membership.is_staff_role):
        raise Http404
    return office_file_response(
        photo.path,
        filename=photo.original_name or "photo",
        content_type=photo.content_type,
        download=False,
    )
