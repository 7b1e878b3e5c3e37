from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

from subscriptions.models import Plan


def _plans():
    return Plan.objects.filter(is_public=True)


def landing_view(request: HttpRequest):
    return render(
        request,
        "public_site/landing.html",
        {"plans": _plans(), "trial_days": settings.SUBSCRIPTION_TRIAL_DAYS},
    )


def pricing_view(request: HttpRequest):
    return render(
        request,
        "public_site/pricing.html",
        {"plans": _plans(), "trial_days": settings.SUBSCRIPTION_TRIAL_DAYS},
    )


def terms_view(request: HttpRequest):
    return render(request, "public_site/terms.html")


def privacy_view(request: HttpRequest):
    return render(request, "public_site/privacy.html")
