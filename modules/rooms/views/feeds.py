"""iCalendar feeds (R4): a secret URL per person that calendar apps subscribe to. A client
user's feed holds their company's bookings (client panel, Rooms > Calendar feed); a staff
member's one room's or all rooms' bookings, with who booked (Rooms > Calendar feeds). The
URL is revocable (a new one replaces it) and stops answering when the membership ends."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import client_view, public_view, staff_view
from modules.rooms import messages as rooms_messages
from modules.rooms import selectors, services


def _feed_url(request: HttpRequest, feed) -> str:
    return request.build_absolute_uri(reverse("rooms:feed", args=[feed.token]))


@require_GET
@public_view
def feed_view(request: HttpRequest, token: str):
    feed = selectors.feed_get(token=token)
    if feed is None:
        raise Http404
    if feed.staff:
        name = feed.room.name if feed.room else _("Conference rooms")
    else:
        name = _("Room bookings")
    bookings = selectors.feed_bookings(feed=feed, now=timezone.now())
    body = rooms_messages.feed_ics(f"{request.tenant.name}: {name}", bookings, staff=feed.staff)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _page(request: HttpRequest, template: str, extra: dict | None = None):
    feeds = [
        {"feed": feed, "url": _feed_url(request, feed)}
        for feed in selectors.feed_list(user=request.user, membership=request.membership)
    ]
    return render(request, template, {"feeds": feeds, **(extra or {})})


@client_view
def portal_feed_view(request: HttpRequest):
    if request.method == "POST":
        services.feed_renew(actor=request.user, membership=request.membership)
        messages.success(request, _("A new calendar address is ready; the old one stopped."))
        return redirect("rooms:portal_feed")
    return _page(request, "rooms/portal_feed.html")


@staff_view
def staff_feeds_view(request: HttpRequest):
    if request.method == "POST":
        room_id = request.POST.get("room", "")
        room = None
        if room_id:
            room = get_object_or_404(selectors.room_list(), pk=room_id)
        services.feed_renew(actor=request.user, membership=request.membership, room=room)
        messages.success(request, _("A new calendar address is ready; the old one stopped."))
        return redirect("rooms:feeds")
    return _page(request, "rooms/feeds.html", {"rooms": selectors.room_list(active_only=True)})


@require_POST
@client_view
def portal_feed_revoke_view(request: HttpRequest, feed_id: int):
    return _revoke(request, feed_id, "rooms:portal_feed")


@require_POST
@staff_view
def staff_feed_revoke_view(request: HttpRequest, feed_id: int):
    return _revoke(request, feed_id, "rooms:feeds")


def _revoke(request: HttpRequest, feed_id: int, back: str):
    feed = get_object_or_404(
        selectors.feed_list(user=request.user, membership=request.membership), pk=feed_id
    )
    services.feed_revoke(actor=request.user, feed=feed)
    messages.success(request, _("The calendar address no longer works."))
    return redirect(back)
