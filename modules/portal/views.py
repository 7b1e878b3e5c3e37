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
    context = {
        "company_name": request.membership.client_name,
        "tiles": dashboard_tiles(request=request, area=CLIENT_AREA),
    }
    return render(request, "portal/home.html", context)
