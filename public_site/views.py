from django.http import HttpRequest
from django.shortcuts import render


def landing_view(request: HttpRequest):
    return render(request, "public_site/landing.html")
