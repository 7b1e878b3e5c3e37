from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import admin_view
from common.exceptions import ApplicationError
from subscriptions.models import Plan, Subscription
from subscriptions.selectors import (
    checkout_offered,
    plan_usage,
    plans_priced,
    subscription_price,
)
from subscriptions.services import (
    checkout_return_sync,
    checkout_session_create,
    portal_session_create,
    stripe_event_store,
    trial_end_kept,
)
from subscriptions.stripe_api import webhook_event_verify

logger = logging.getLogger("vireo.subscriptions")


def _return_url(request: HttpRequest) -> str:
    return f"{request.office.url}{reverse('subscriptions:billing')}"


@admin_view
def billing_view(request: HttpRequest):
    subscription = Subscription.objects.select_related("plan").filter(office=request.office).first()
    session_id = request.GET.get("checkout", "")
    if subscription is not None and session_id.startswith("cs_"):
        try:
            subscription = checkout_return_sync(office=request.office, session_id=session_id)
        except stripe.StripeError:
            logger.exception("checkout return sync failed")
        messages.success(request, _("Thank you! Your subscription is being activated."))
        return redirect("subscriptions:billing")
    context = {
        "subscription": subscription,
        "standing": request.billing_standing,
        "plans": plans_priced(currency=request.office.currency),
        "checkout_offered": checkout_offered(subscription),
        "trial_kept": subscription is not None and trial_end_kept(subscription) is not None,
        "usage": plan_usage(office=request.office, subscription=subscription),
        "price": subscription_price(subscription=subscription, currency=request.office.currency),
    }
    return render(request, "subscriptions/billing.html", context)


@require_POST
@admin_view
def checkout_view(request: HttpRequest):
    plan = get_object_or_404(Plan, code=request.POST.get("plan", ""), is_public=True)
    try:
        url = checkout_session_create(
            office=request.office,
            plan=plan,
            interval=request.POST.get("interval", "month"),
            actor=request.user,
            return_url=_return_url(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("subscriptions:billing")
    except stripe.StripeError:
        logger.exception("checkout session failed")
        messages.error(request, _("The payment provider is not answering. Please try again."))
        return redirect("subscriptions:billing")
    return HttpResponseRedirect(url)


@require_POST
@admin_view
def portal_view(request: HttpRequest):
    try:
        url = portal_session_create(office=request.office, return_url=_return_url(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("subscriptions:billing")
    except stripe.StripeError:
        logger.exception("portal session failed")
        messages.error(request, _("The payment provider is not answering. Please try again."))
        return redirect("subscriptions:billing")
    return HttpResponseRedirect(url)


@csrf_exempt
@require_POST
def stripe_webhook_view(request: HttpRequest):
    """Stripe's webhook endpoint (root domain). The signature covers the raw body, so the
    body is verified before anything parses it."""
    try:
        event = webhook_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponse("invalid signature", status=400, content_type="text/plain")
    stored = stripe_event_store(event=event)
    return HttpResponse("stored" if stored else "duplicate", status=200, content_type="text/plain")
