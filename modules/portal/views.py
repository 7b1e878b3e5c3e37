from django.http import HttpRequest
from django.shortcuts import render

from accounts.access import client_view
from common.dashboard import dashboard_tiles
from common.navigation import CLIENT_AREA


@client_view
def home_view(request: HttpRequest):
    """The client panel's home: the company the person acts for. The clients module adds
    the company profile, and every module a tile of what is new (common.dashboard, client
    area): unread mail, messages, invoices due, upcoming bookings."""
    tiles = dashboard_tiles(request=request, area=CLIENT_AREA)
    summed = [t for t in tiles if t.get("summary") and t["value"]]
    context = {
        "company_name": request.membership.client_name,
        "tiles": tiles,
        # "3 letters to pick up, 1 scan ready": the tiles that say what waits, with links;
        # "received" (new letters of 7 days, handed over or not) is said apart from them.
        "waiting": [t for t in summed if t.get("summary_kind") != "received"],
        "received": [t for t in summed if t.get("summary_kind") == "received"],
    }
    return render(request, "portal/home.html", context)
