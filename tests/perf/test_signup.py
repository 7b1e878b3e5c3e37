"""Signup benchmarks: from the verified e-mail link to a usable office (the owner signed in on
the new subdomain, the onboarding page rendered), with 200 offices present, with and without
the instant-office pool."""

from __future__ import annotations

import statistics
import time
import uuid

import pytest
from django.core import signing
from django.db import connection
from django.test import Client

from signup.services import SALT, signup_request_create
from subscriptions.defaults import plan_defaults_ensure
from tenants.models import Office
from tenants.services import office_pool_refill
from tests.helpers.offices import handoff_follow
from tests.perf.conftest import size
from tests.perf.test_foundation import OFFICES_PRESENT, _ensure_offices

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = size(5, 1)


def _verified_to_usable_ms() -> float:
    slug = f"sig-{uuid.uuid4().hex[:10]}"
    signup = signup_request_create(
        office_name="Bench signup",
        slug=slug,
        full_name="Bench Owner",
        email=f"{slug}@example.com",
        password="Zielone-okno-42",
        country="PL",
        language="pl",
        ip="127.0.0.1",
        verify_url_base="http://localhost/signup/verify/",
    )
    token = signing.dumps(signup.pk, salt=SALT)
    started = time.perf_counter()
    handoff = Client(HTTP_HOST="localhost").post(f"/signup/verify/{token}/")
    office = Office.objects.get(slug=slug)
    office_client = Client(HTTP_HOST=office.host)
    landed = handoff_follow(office_client, handoff["Location"].split(office.url, 1)[1])
    page = office_client.get(landed["Location"])
    elapsed = (time.perf_counter() - started) * 1000
    assert page.status_code == 200 and b"onboarding-checklist" in page.content
    return elapsed


def test_signup_to_office(bench_record):
    connection.set_schema_to_public()
    plan_defaults_ensure()  # the other benchmarks' transactional teardown flushes tables
    _ensure_offices(OFFICES_PRESENT)
    _verified_to_usable_ms()  # warm-up: templates, URLconfs, connections
    office_pool_refill(size=ROUNDS)
    pooled = [_verified_to_usable_ms() for _ in range(ROUNDS)]
    assert Office.objects.filter(state=Office.State.POOLED).count() == 0
    empty = [_verified_to_usable_ms() for _ in range(ROUNDS)]
    bench_record("signup_to_office_ms", statistics.median(pooled), "ms")
    bench_record("signup_to_office_nopool_ms", statistics.median(empty), "ms")
