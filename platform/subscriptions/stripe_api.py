"""The one place that talks to Stripe. settings.STRIPE_API_BASE points it at the local fake
(subscriptions.devtools.fake_stripe) in tests and development."""

from __future__ import annotations

import stripe
from django.conf import settings


def stripe_client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY or "sk_test_missing",
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def as_dict(obj) -> dict:
    """Stripe objects as plain dicts (the fake and the real API answer the same shapes)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def webhook_event_verify(*, payload: bytes, signature: str) -> dict:
    """The event, if `signature` proves Stripe signed exactly these bytes; raises
    stripe.SignatureVerificationError (or ValueError for a body that is not JSON) if not."""
    event = stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    return as_dict(event)
