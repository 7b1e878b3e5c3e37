"""The bell top right: unread count polled by HTMX, the list, mark as read."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.redirects import redirect_safe
from modules.notifications.selectors import alert_list, alert_unread_count
from modules.notifications.services import alert_mark_all_read, alert_mark_read, alert_open
from modules.notifications.views import page as page_context

BELL_ITEMS = 6


@staff_view
def alert_bell_view(request: HttpRequest):
    """`?part=count`: the badge (polled); otherwise the dropdown list."""
    unread = alert_unread_count(user=request.user)
    if request.GET.get("part") == "count":
        return render(request, "notifications/partials/bell_count.html", {"unread": unread})
    latest = list(alert_list(user=request.user)[:BELL_ITEMS])
    return render(request, "notifications/partials/bell.html", {"unread": unread, "latest": latest})


@staff_view
def alert_list_view(request: HttpRequest):
    page = Paginator(alert_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/alert_list.html", page_context("alerts", page=page))


@require_POST
@staff_view
def alert_read_view(request: HttpRequest, alert_id: int):
    alert_mark_read(user=request.user, alert_id=alert_id)
    if request.htmx:
        return alert_bell_view(request)
    return redirect_safe(request, request.POST.get("next"), fallback="notifications:alert_list")


@require_POST
@staff_view
def alert_open_view(request: HttpRequest, alert_id: int):
    """Read and go: the alert's link, opened from the bell or the list, marks it read (a POST:
    a prefetch of the link reads nothing)."""
    link = alert_open(user=request.user, alert_id=alert_id)
    if link is None:
        raise Http404
    return redirect_safe(request, link, fallback="notifications:alert_list")


@require_POST
@staff_view
def alert_read_all_view(request: HttpRequest):
    alert_mark_all_read(user=request.user)
    if request.htmx:
        return alert_bell_view(request)
    return redirect("notifications:alert_list")
