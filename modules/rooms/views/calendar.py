"""The staff calendar (R1): the page, its events feed and drag-to-move/resize. Drag-to-create
opens the booking form with the chosen time (the same form and rules as any booking)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from modules.rooms import links, rules, selectors, services


def id_param(text: str) -> int | None:
    """A row id from a query parameter: ASCII digits that fit an integer column, else None
    (int() takes "²" and PostgreSQL refuses 10 digits)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def parse_moment(text: str) -> dt.datetime | None:
    """An ISO date or date-time from the calendar: with an offset as given, without one as
    a wall-clock time in the office's zone (FullCalendar sends those for a named zone)."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        try:
            value = dt.datetime.combine(dt.date.fromisoformat(text.strip()[:10]), dt.time(0))
        except ValueError:
            return None
    if not 1900 <= value.year <= 2200:  # beyond any booking (and PostgreSQL's comfort)
        return None
    if value.tzinfo is None:
        return rules.aware(value.date(), value.time())
    try:  # any offset Python accepts, in the UTC PostgreSQL takes (it refuses +23:58)
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None


def _wall(moment: dt.datetime) -> str:
    return rules.local(moment).replace(tzinfo=None).isoformat(timespec="minutes")


@staff_view
def calendar_view(request: HttpRequest):
    hours = selectors.opening_hours().values()
    slot_min = min((h.opens for h in hours), default=dt.time(7))
    slot_max = max((h.closes for h in hours), default=dt.time(21))
    room = request.GET.get("room", "")
    now = rules.local(timezone.now())
    return render(
        request,
        "rooms/calendar.html",
        {
            "rooms": selectors.room_list(active_only=True),
            "public_on": services.settings_get().public_booking,
            "public_url": links.public_url(),
            "selected_room": id_param(room),
            # The office's today, not the browser's: FullCalendar without a zone plugin
            # takes "today" from UTC, a week early on a Monday just after midnight in
            # Bratislava. `now` is the office's wall time; calendar.js keeps it running.
            "initial_date": request.GET.get("date", "")[:10] or now.date().isoformat(),
            "office_now": now.replace(tzinfo=None).isoformat(timespec="seconds"),
            "initial_view": "day" if request.GET.get("view") == "day" else "",
            "slot_min": slot_min.strftime("%H:%M:00"),
            "slot_max": slot_max.strftime("%H:%M:00"),
        },
    )


@staff_view
def events_view(request: HttpRequest):
    start = parse_moment(request.GET.get("start", ""))
    end = parse_moment(request.GET.get("end", ""))
    if start is None or end is None or end <= start or end - start > dt.timedelta(days=62):
        return JsonResponse(
            {"code": "invalid", "detail": _("Choose a shorter period.")}, status=400
        )
    room = request.GET.get("room", "")
    text = selectors.calendar_events_json(start=start, end=end, room_id=id_param(room))
    return HttpResponse(text, content_type="application/json")


@require_POST
@staff_view
def move_view(request: HttpRequest, booking_id: int):
    booking = get_object_or_404(selectors.booking_list(), pk=booking_id)
    start = parse_moment(request.POST.get("start", ""))
    end = parse_moment(request.POST.get("end", ""))
    if start is None or end is None:
        return JsonResponse({"code": "invalid", "detail": _("Choose a time.")}, status=400)
    try:
        moved = services.booking_move(
            booking=booking, starts_at=start, ends_at=end, actor=request.user, staff=True
        )
    except ApplicationError as exc:
        return JsonResponse({"code": exc.code or "refused", "detail": exc.message}, status=400)
    return JsonResponse(
        {
            "detail": _("Moved to %(when)s.")
            % {"when": f"{_wall(moved.starts_at).replace('T', ' ')}–{_wall(moved.ends_at)[11:]}"},
            "start": _wall(moved.starts_at),
            "end": _wall(moved.ends_at),
        }
    )
