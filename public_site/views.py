from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import get_language

from common.features import public_features
from subscriptions.selectors import LANGUAGE_CURRENCY, plan_currencies, plans_priced


def _pricing(request: HttpRequest) -> dict:
    """The plans priced in the visitor's currency: ?currency= when it is one we price in,
    else the one of the page's language (PLN in Polish, EUR in Slovak and English)."""
    currencies = plan_currencies()
    currency = request.GET.get("currency", "").upper()
    if currency not in currencies:
        currency = LANGUAGE_CURRENCY.get(get_language() or "", "EUR")
    return {
        "plans": plans_priced(currency=currency),
        "currency": currency,
        "currencies": currencies,
        "trial_days": settings.SUBSCRIPTION_TRIAL_DAYS,
    }


def _features() -> dict:
    return {"features": public_features()}


def landing_view(request: HttpRequest):
    return render(request, "public_site/landing.html", {**_pricing(request), **_features()})


def pricing_view(request: HttpRequest):
    return render(request, "public_site/pricing.html", _pricing(request))


def terms_view(request: HttpRequest):
    return render(request, "public_site/terms.html")


def privacy_view(request: HttpRequest):
    return render(request, "public_site/privacy.html")
