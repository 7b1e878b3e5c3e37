import pytest
from django.core import mail

from common.models import PlatformEmail
from subscriptions.models import Subscription
from tests.helpers.stripe import (  # noqa: F401 (fixture)
    fake_stripe,
    stripe_events_process_all,
    webhook_post,
)
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db


_process_all = stripe_events_process_all


@pytest.fixture
def paying(office_a, fake_stripe):  # noqa: F811
    customer = fake_stripe.customer_create({"email": "owner@example.com"})
    sub = fake_stripe.subscription_create(customer=customer["id"], price="price_business_monthly")
    subscription_for(office_a, stripe_customer_id=customer["id"])
    return sub


def _last_email() -> int:
    """The outbox's last row before the test (the public schema may hold committed rows of
    other tests, such as a browser test's invitation)."""
    return PlatformEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_a_late_payment_failed_event_after_the_retry_paid_sends_nothing(
    fake_stripe,  # noqa: F811
    paying,
    office_a,
    admin_a,
):
    before = _last_email()
    invoice = fake_stripe.invoice_create(subscription=paying)
    failed = fake_stripe.event("invoice.payment_failed", dict(invoice))
    # The retry went through before the worker read the failure.
    fake_stripe.invoice_set(invoice["id"], status="paid")
    paid = fake_stripe.event("invoice.paid", fake_stripe.get(invoice["id"]))
    webhook_post(paid)
    webhook_post(failed)
    _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.payment_failed_notified_invoice) == ("active", "")
    assert mail.outbox == []
    assert not PlatformEmail.objects.filter(pk__gt=before).exists()  # nothing queued either


def test_a_failure_of_an_invoice_voided_since_sends_nothing(
    fake_stripe,  # noqa: F811
    paying,
    office_a,
    admin_a,
):
    before = _last_email()
    fake_stripe.subscription_set(paying["id"], status="past_due")
    invoice = fake_stripe.invoice_create(subscription=paying, status="void")
    webhook_post(fake_stripe.event("invoice.payment_failed", dict(invoice, status="open")))
    _process_all()
    assert Subscription.objects.get(office=office_a).status == "past_due"
    assert mail.outbox == []
    assert not PlatformEmail.objects.filter(pk__gt=before).exists()  # nothing queued either


def test_a_still_unpaid_invoice_is_mailed_once_however_many_events(
    fake_stripe,  # noqa: F811
    paying,
    office_a,
    admin_a,
    django_capture_on_commit_callbacks,
):
    fake_stripe.subscription_set(paying["id"], status="past_due")
    invoice = fake_stripe.invoice_create(subscription=paying)
    for _event in range(3):
        webhook_post(fake_stripe.event("invoice.payment_failed", invoice))
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        _process_all()
    assert [m.to for m in mail.outbox] == [[admin_a.email]]
