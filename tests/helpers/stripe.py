"""The local fake of Stripe's API on loopback, with signed webhook deliveries."""

from __future__ import annotations

import json
import socket

import pytest
from django.test import Client

from subscriptions.devtools.fake_stripe import fake_stripe_start, webhook_signature_header

API_KEY = "sk_test_vireo"
WEBHOOK_SECRET = "whsec_test_vireo"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake_stripe(settings):
    server, fake = fake_stripe_start("127.0.0.1", _free_port(), api_key=API_KEY)
    settings.STRIPE_API_BASE = fake.base_url
    settings.STRIPE_SECRET_KEY = API_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield fake
    server.shutdown()
    server.server_close()


def webhook_post(event: dict, *, secret: str = WEBHOOK_SECRET, signature: str | None = None):
    """POST an event to the webhook on the root domain, signed like Stripe signs it."""
    payload = json.dumps(event)
    header = signature if signature is not None else webhook_signature_header(payload, secret)
    return Client(HTTP_HOST="localhost").post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def stripe_events_process_all() -> None:
    """What the worker does with every stored event (the actor's own function), in order."""
    from subscriptions.models import StripeEvent
    from subscriptions.tasks import stripe_event_process_task

    for pk in (
        StripeEvent.objects.filter(processed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        stripe_event_process_task.fn(pk)
