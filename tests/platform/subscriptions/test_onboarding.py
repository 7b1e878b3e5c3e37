from datetime import timedelta

import pytest
from django.utils import timezone

from subscriptions.models import Subscription
from subscriptions.services import plan_chosen
from tests.helpers.offices import OfficeClient
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db


def _billing_step_done(client) -> str:
    page = client.get("/dashboard/").content.decode()
    return page.split('data-step="billing"', 1)[1].split('data-done="', 1)[1][0]


def test_paying_during_the_trial_ticks_the_choose_a_plan_step(fake_stripe, office_a, admin_a):
    subscription_for(office_a, trial_ends_at=timezone.now() + timedelta(days=10))
    client = OfficeClient(office_a, user=admin_a)
    assert _billing_step_done(client) == "0"
    session_id = client.post(
        "/administration/subscription/checkout/", {"plan": "start", "interval": "month"}
    )["Location"].rsplit("/", 1)[-1]
    fake_stripe.checkout_complete(session_id)
    client.get(f"/administration/subscription/?checkout={session_id}")
    assert Subscription.objects.get(office=office_a).status == "trialing"
    assert _billing_step_done(client) == "1"


@pytest.mark.parametrize(
    ("status", "stripe_id", "chosen"),
    [
        ("trialing", "", False),
        ("trialing", "sub_1", True),
        ("active", "sub_1", True),
        ("active", "", True),
        ("past_due", "sub_1", True),
        ("canceled", "sub_1", False),
    ],
)
def test_a_plan_is_chosen_when_paid_through_checkout_or_active(office_a, status, stripe_id, chosen):
    subscription_for(office_a, status=status, stripe_subscription_id=stripe_id)
    assert plan_chosen(office=office_a) is chosen


def test_an_office_without_a_subscription_has_not_chosen_a_plan(office_a):
    assert plan_chosen(office=office_a) is False
