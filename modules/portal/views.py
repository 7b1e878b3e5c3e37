from django.http import HttpRequest
from django.shortcuts import render

from accounts.access import client_view


@client_view
def home_view(request: HttpRequest):
    """The client panel's home: the company the person acts for. The clients module adds
    the company profile, later modules add their tabs."""
    return render(request, "portal/home.html", {"company_name": request.membership.client_name})
