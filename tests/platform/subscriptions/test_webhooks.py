from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone

from modules.audit.models import AuditEntry
from subscriptions.models import StripeEvent, Subscription
from subscriptions.tasks import stripe_event_process_task
from tests.helpers.offices import OfficeClient, in_office, member
from tests.helpers.stripe import stripe_events_process_all, webhook_post
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db


_process_all = stripe_events_process_all


@pytest.fixture
def paying(office_a, fake_stripe):
    """Office A with a Stripe customer and an active monthly Business subscription."""
    customer = fake_stripe.customer_create({"email": "owner@example.com"})
    sub = fake_stripe.subscription_create(
        customer=customer["id"], price="price_business_monthly", metadata={}
    )
    subscription_for(office_a, stripe_customer_id=customer["id"])
    return sub


def test_a_bad_signature_is_refused_and_nothing_is_stored(fake_stripe, paying):
    event = fake_stripe.event("customer.subscription.updated", paying)
    assert webhook_post(event, secret="whsec_someone_else").status_code == 400
    assert webhook_post(event, signature="t=1,v1=deadbeef").status_code == 400
    assert webhook_post(event, signature="").status_code == 400
    assert StripeEvent.objects.count() == 0


def test_a_tampered_body_is_refused(fake_stripe, paying):
    import json

    from subscriptions.devtools.fake_stripe import webhook_signature_header
    from tests.helpers.stripe import WEBHOOK_SECRET

    event = fake_stripe.event("customer.subscription.updated", paying)
    header = webhook_signature_header(json.dumps(event), WEBHOOK_SECRET)
    event["data"]["object"]["status"] = "active "
    assert webhook_post(event, signature=header).status_code == 400
    assert StripeEvent.objects.count() == 0


def test_an_event_is_stored_once_and_processed_once(
    fake_stripe, paying, office_a, django_capture_on_commit_callbacks
):
    event = fake_stripe.event("customer.subscription.created", paying)
    with django_capture_on_commit_callbacks() as callbacks:
        first = webhook_post(event)
        again = webhook_post(event)
    assert (first.status_code, first.content) == (200, b"stored")
    assert (again.status_code, again.content) == (200, b"duplicate")
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert len(callbacks) == 1  # one background job for one event
    _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.plan.code, subscription.interval) == (
        "active",
        "business",
        "month",
    )
    assert subscription.stripe_subscription_id == paying["id"]
    stripe_event_process_task.fn(StripeEvent.objects.get().pk)  # a second run changes nothing
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="subscription.status_changed").count() == 1


def test_events_out_of_order_end_in_stripes_current_state(fake_stripe, paying, office_a):
    updated = fake_stripe.event("customer.subscription.updated", dict(paying))
    fake_stripe.subscription_set(paying["id"], status="canceled", ended_at=1_700_000_000)
    deleted = fake_stripe.event("customer.subscription.deleted", dict(paying, status="canceled"))
    # The deletion arrives first, the older "updated (active)" event late.
    webhook_post(deleted)
    webhook_post(updated)
    _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert subscription.status == "canceled"
    assert subscription.lapsed_at.timestamp() == 1_700_000_000


def test_a_late_past_due_event_does_not_undo_a_recovered_payment(fake_stripe, paying, office_a):
    fake_stripe.subscription_set(paying["id"], status="past_due")
    late = fake_stripe.event("customer.subscription.updated", dict(paying, status="past_due"))
    fake_stripe.subscription_set(paying["id"], status="active")  # the retry went through
    webhook_post(late)
    _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.lapsed_at) == ("active", None)


def test_a_failed_payment_makes_the_office_past_due_and_mails_its_admins_once(
    fake_stripe, paying, office_a, admin_a, django_capture_on_commit_callbacks
):
    fake_stripe.subscription_set(paying["id"], status="past_due")
    invoice = fake_stripe.invoice_create(subscription=paying)
    webhook_post(fake_stripe.event("invoice.payment_failed", invoice))
    webhook_post(fake_stripe.event("invoice.payment_failed", invoice))  # a second event
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert subscription.status == "past_due"
    assert subscription.lapsed_at is not None
    assert [m.to for m in mail.outbox] == [[admin_a.email]]
    assert mail.outbox[0].subject == "Vireo: płatność nie powiodła się – Biuro A"


def test_checkout_then_webhook_activates_the_plan_and_period(fake_stripe, office_a, admin_a):
    # A trial with a day left: Checkout cannot keep it (48 hours at least), billed at once.
    subscription_for(office_a, trial_ends_at=timezone.now() + timedelta(days=1))
    client = OfficeClient(office_a, user=admin_a)
    response = client.post(
        "/administration/subscription/checkout/", {"plan": "pro", "interval": "year"}
    )
    assert response.status_code == 302
    session_id = response["Location"].rsplit("/", 1)[-1]
    assert response["Location"] == f"{fake_stripe.base_url}/checkout/{session_id}"
    session = fake_stripe.get(session_id)
    # A Polish office is charged the plan's złoty price; the webhook maps it back to the plan.
    assert session["line_items_params"] == [{"price": "price_pro_yearly_pln", "quantity": "1"}]
    assert session["client_reference_id"] == str(office_a.pk)
    fake_stripe.checkout_complete(session_id, interval="year")
    webhook_post(fake_stripe.event("checkout.session.completed", fake_stripe.get(session_id)))
    _process_all()
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.plan.code, subscription.interval) == (
        "active",
        "pro",
        "year",
    )
    assert subscription.stripe_customer_id == session["customer"]
    assert subscription.current_period_end is not None


def test_returning_from_checkout_syncs_without_waiting_for_the_webhook(
    fake_stripe, office_a, admin_a
):
    subscription_for(office_a, trial_ends_at=timezone.now() - timedelta(days=1))
    client = OfficeClient(office_a, user=admin_a)
    session_id = client.post(
        "/administration/subscription/checkout/", {"plan": "start", "interval": "month"}
    )["Location"].rsplit("/", 1)[-1]
    fake_stripe.checkout_complete(session_id)
    response = client.get(f"/administration/subscription/?checkout={session_id}")
    assert response.status_code == 302
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.plan.code) == ("active", "start")


def test_the_customer_portal_opens_for_the_offices_customer(fake_stripe, paying, office_a, admin_a):
    response = OfficeClient(office_a, user=admin_a).post("/administration/subscription/portal/")
    assert response.status_code == 302
    portal = fake_stripe.get(response["Location"].rsplit("/", 1)[-1])
    assert portal["customer"] == paying["customer"]
    assert portal["return_url"] == f"{office_a.url}/administration/subscription/"


def test_billing_pages_are_for_office_admins_only(fake_stripe, office_a, office_b):
    from tests.helpers.matrix import check_permission_matrix

    subscription_for(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/subscription/checkout/",
        data={"plan": "start", "interval": "month"},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
        unchanged=lambda: not fake_stripe.objects,
    )
    assert member(office_a, "staff")  # the helper leaves the office usable


def test_an_event_whose_job_redis_never_took_is_swept_and_processed_once(
    fake_stripe, paying, office_a, django_capture_on_commit_callbacks
):
    import datetime

    from subscriptions.services import stripe_event_requeue_stale
    from tests.helpers.redis import broker_on_own_redis

    event = fake_stripe.event("customer.subscription.created", paying)
    with broker_on_own_redis() as (server, client):
        server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            answer = webhook_post(event)  # stored; its job cannot reach the broker
        assert (answer.status_code, answer.content) == (200, b"stored")
        server.start()
        assert stripe_event_requeue_stale() == 0  # not stale yet
        StripeEvent.objects.update(received_at=F("received_at") - datetime.timedelta(minutes=16))
        assert stripe_event_requeue_stale() == 1
        assert client.llen("dramatiq-test:default") == 1
    _process_all()
    assert Subscription.objects.get(office=office_a).status == "active"
    assert stripe_event_requeue_stale() == 0  # processed: never sent again


def test_an_office_without_a_subscription_can_still_pay(fake_stripe, office_a, admin_a):
    """An office made before billing (or by the demo) has no subscription row: choosing a
    plan answered 500; it now starts the row and goes to Checkout, and the return activates
    the plan."""
    assert not Subscription.objects.filter(office=office_a).exists()
    client = OfficeClient(office_a, user=admin_a)
    response = client.post(
        "/administration/subscription/checkout/", {"plan": "start", "interval": "month"}
    )
    assert response.status_code == 302
    session_id = response["Location"].rsplit("/", 1)[-1]
    fake_stripe.checkout_complete(session_id)
    client.get(f"/administration/subscription/?checkout={session_id}")
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.plan.code) == ("active", "start")


def test_paying_during_the_trial_keeps_its_days_and_bills_when_it_ends(
    fake_stripe, office_a, admin_a
):
    """Checkout passes the trial's end to Stripe: the subscription is trialing (full access,
    no charge) until then, the screen says when the first payment is taken, and Checkout is
    not offered again (a second subscription)."""
    ends = timezone.now() + timedelta(days=10)
    subscription_for(office_a, trial_ends_at=ends)
    client = OfficeClient(office_a, user=admin_a)
    page = client.get("/administration/subscription/").content.decode()
    assert 'data-testid="trial-kept"' in page
    session_id = client.post(
        "/administration/subscription/checkout/", {"plan": "pro", "interval": "month"}
    )["Location"].rsplit("/", 1)[-1]
    assert int(fake_stripe.get(session_id)["subscription_trial_end"]) == int(ends.timestamp())
    fake_stripe.checkout_complete(session_id)
    client.get(f"/administration/subscription/?checkout={session_id}")
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.status, subscription.plan.code) == ("trialing", "pro")
    assert subscription.stripe_subscription_id
    assert abs((subscription.trial_ends_at - ends).total_seconds()) < 1
    page = client.get("/administration/subscription/").content.decode()
    assert 'data-testid="trial-subscribed"' in page
    assert 'data-testid="subscribe-pro"' not in page
    response = client.post(
        "/administration/subscription/checkout/", {"plan": "pro", "interval": "month"}
    )
    assert fake_stripe.get(session_id)["status"] == "complete"
    assert response.status_code == 302 and "/checkout/" not in response["Location"]


def test_the_payment_failed_mail_names_the_day_the_office_becomes_read_only(
    fake_stripe, paying, office_a, admin_a, settings, django_capture_on_commit_callbacks
):
    """It said "within the next few days" while the banner names the date."""
    from zoneinfo import ZoneInfo

    from django.utils import formats, translation

    settings.SUBSCRIPTION_GRACE_DAYS = 7
    fake_stripe.subscription_set(paying["id"], status="past_due")
    invoice = fake_stripe.invoice_create(subscription=paying)
    webhook_post(fake_stripe.event("invoice.payment_failed", invoice))
    with django_capture_on_commit_callbacks(execute=True):
        _process_all()
    lapsed = Subscription.objects.get(office=office_a).lapsed_at
    day = timezone.localtime(lapsed + timedelta(days=7), ZoneInfo(office_a.time_zone)).date()
    with translation.override("pl"):
        date = formats.date_format(day, "DATE_FORMAT")
    body = mail.outbox[0].body
    assert f"Zaktualizuj kartę lub\nmetodę płatności przed {date}; od tego dnia biuro" in body
    assert "w ciągu kilku najbliższych dni" not in body
