"""Administration > Conference rooms: settings, rooms, opening hours, closures, extras."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from modules.rooms import links, rules, selectors, services
from modules.rooms.forms import (
    ClosureForm,
    ExtraForm,
    OpeningHoursForm,
    PhotoForm,
    RoomForm,
    SettingsForm,
)
from modules.rooms.models import Closure, Extra, Room, RoomPhoto


def _holidays_offer(request) -> dict | None:
    """The offer of the coming year's public holidays to an office whose rooms close on none:
    the year, the button's words in the country's grammar and that year's holidays."""
    year = services.public_holidays_offer(office=request.tenant)
    if year is None:
        return None
    country = services.public_holidays_country(request.tenant.country)
    words = {
        "PL": _("Add public holidays of Poland for %(year)s"),
        "SK": _("Add public holidays of Slovakia for %(year)s"),
    }[country]
    return {
        "year": year,
        "button": words % {"year": year},
        "days": rules.public_holidays_of(country, year),
    }


def _page(request, *, form=None, hours_form=None, closure_form=None):
    current = services.settings_get()
    form = form or SettingsForm(instance=current)
    hours = selectors.opening_hours()
    hours_form = hours_form or OpeningHoursForm(initial_hours=hours)
    closure_form = closure_form or ClosureForm()
    closure_form.fields["room"].queryset = selectors.room_list()
    invalid = form.errors or hours_form.errors or closure_form.errors
    return render(
        request,
        "rooms/settings.html",
        {
            "form": form,
            "hours_form": hours_form,
            "no_hours": not hours,
            "closure_form": closure_form,
            "rooms": selectors.room_list(),
            "extras": selectors.extra_list(),
            "closures": selectors.closure_list(since=timezone.localdate()),
            "public_on": current.public_booking,
            "public_url": links.public_url(),
            "holidays_offer": _holidays_offer(request),
            "holidays_from": current.public_holidays_from if current.public_holidays else None,
        },
        status=400 if invalid else 200,
    )


@admin_view
def settings_view(request: HttpRequest):
    if request.method != "POST":
        return _page(request)
    form = SettingsForm(request.POST, instance=services.settings_get())
    if form.is_valid():
        try:
            services.settings_update(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("rooms:settings")
    return _page(request, form=form)


@require_POST
@admin_view
def holidays_add_view(request: HttpRequest):
    """The offer's button: the coming year's public holidays of the office's country."""
    year = services.public_holidays_offer(office=request.tenant)
    added = year is not None and services.public_holidays_add(
        actor=request.user, office=request.tenant, year=year
    )
    if not added:  # sent twice, or another administrator was first
        messages.info(request, _("The rooms already close on public holidays."))
        return redirect("rooms:settings")
    words = {
        "PL": _("From 1 January %(year)s the rooms are closed on the public holidays of Poland."),
        "SK": _("From 1 January %(year)s the rooms are closed on the public holidays of Slovakia."),
    }[services.public_holidays_country(request.tenant.country)]
    messages.success(request, words % {"year": year})
    return redirect("rooms:settings")


@require_POST
@admin_view
def holidays_decline_view(request: HttpRequest):
    """The offer's "Don't offer again": the rooms stay open on public holidays."""
    services.public_holidays_decline(actor=request.user)
    messages.success(
        request,
        _(
            "Public holidays will not be offered again. To close the rooms on them, choose"
            " the country below."
        ),
    )
    return redirect("rooms:settings")


@require_POST
@admin_view
def hours_view(request: HttpRequest):
    hours_form = OpeningHoursForm(request.POST)
    if hours_form.is_valid():
        try:
            services.opening_hours_set(actor=request.user, hours=hours_form.hours())
        except ApplicationError as exc:
            hours_form.add_error(None, exc.message)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("rooms:settings")
    return _page(request, hours_form=hours_form)


@require_POST
@admin_view
def closure_add_view(request: HttpRequest):
    closure_form = ClosureForm(request.POST)
    closure_form.fields["room"].queryset = selectors.room_list()
    if closure_form.is_valid():
        try:
            services.closure_add(actor=request.user, **closure_form.cleaned_data)
        except ValidationError as exc:
            form_service_errors(closure_form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("rooms:settings")
    return _page(request, closure_form=closure_form)


@require_POST
@admin_view
def closure_remove_view(request: HttpRequest, closure_id: int):
    closure = get_object_or_404(Closure, pk=closure_id)
    services.closure_remove(actor=request.user, closure=closure)
    messages.success(request, _("Changes saved."))
    return redirect("rooms:settings")


def _edit(
    request, *, form_class, instance, save, template, added, back="rooms:settings", extra=None
):
    """A room's or an extra's form: a new one flashes `added` ("Room added."), an edit
    "Changes saved." (a new room said "Changes saved.": nothing had been there to change)."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, data=form.cleaned_data, target=instance)
        except ValidationError as exc:
            form_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved.") if instance else added)
            return redirect(back)
    return render(
        request,
        template,
        {"form": form, "object": instance, **(extra or {})},
        status=400 if form.errors else 200,
    )


@admin_view
def room_edit_view(request: HttpRequest, room_id: int | None = None):
    room = get_object_or_404(Room, pk=room_id) if room_id else None
    return _edit(
        request,
        form_class=RoomForm,
        instance=room,
        save=lambda *, target, **kw: services.room_save(room=target, **kw),
        template="rooms/room_form.html",
        added=_("Room added."),
        extra={
            "photos": room.photos.all() if room else [],
            "photo_form": PhotoForm(),
        },
    )


@require_POST
@admin_view
def photo_add_view(request: HttpRequest, room_id: int):
    room = get_object_or_404(Room, pk=room_id)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("photo", [])))
    else:
        try:
            services.room_photo_add(
                actor=request.user, room=room, upload=form.cleaned_data["photo"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The photo is added."))
    return redirect("rooms:room_edit", room_id=room.pk)


@require_POST
@admin_view
def photo_remove_view(request: HttpRequest, photo_id: int):
    photo = get_object_or_404(RoomPhoto.objects.select_related("room"), pk=photo_id)
    services.room_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("rooms:room_edit", room_id=photo.room_id)


@admin_view
def extra_edit_view(request: HttpRequest, extra_id: int | None = None):
    extra = get_object_or_404(Extra, pk=extra_id) if extra_id else None
    return _edit(
        request,
        form_class=ExtraForm,
        instance=extra,
        save=lambda *, target, **kw: services.extra_save(extra=target, **kw),
        template="rooms/extra_form.html",
        added=_("Extra added."),
    )
