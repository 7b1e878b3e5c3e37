from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from subscriptions.demo import seed_demo
from subscriptions.models import Subscription
from tests.helpers.offices import OfficeClient, member
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db


def test_the_demo_offices_are_on_an_active_plan_with_a_period(office_a, office_b):
    seed_demo(office=office_a, people={})
    seed_demo(office=office_a, people={})  # idempotent
    seed_demo(office=office_b, people={})
    mine = Subscription.objects.get(office=office_a)
    assert (mine.plan.code, mine.interval, mine.status) == ("pro", "year", "active")
    assert mine.current_period_end > timezone.now()
    theirs = Subscription.objects.get(office=office_b)
    assert (theirs.plan.code, theirs.status) == ("business", "active")


def test_the_demo_seed_leaves_a_stripe_billed_subscription_alone(office_a):
    subscription_for(office_a, plan="start", stripe_subscription_id="sub_real")
    seed_demo(office=office_a, people={})
    subscription = Subscription.objects.get(office=office_a)
    assert (subscription.plan.code, subscription.status) == ("start", "trialing")


def test_the_subscription_screen_shows_plan_status_price_and_usage(office_a):
    subscription_for(
        office_a,
        plan="business",
        status="active",
        interval="year",
        trial_ends_at=None,
        current_period_end=timezone.now() + timedelta(days=30),
    )
    client = OfficeClient(office_a, user=member(office_a, Role.OWNER))
    page = client.get("/administration/subscription/").content.decode()
    status = page.split('data-testid="subscription-status">', 1)[1].split("<", 1)[0]
    price = page.split('data-testid="subscription-price">', 1)[1].split("</div>", 1)[0]
    assert (status, price) == ("Aktywna", "1\u00a0990,00\u00a0zł rocznie")
    assert 'data-testid="plan-usage"' in page


def test_during_the_trial_the_plan_cards_mark_the_current_plan(office_a):
    subscription_for(office_a, plan="business")
    client = OfficeClient(office_a, user=member(office_a, Role.OWNER))
    page = client.get("/administration/subscription/").content.decode()
    assert page.count('data-testid="current-plan"') == 1
    card = page.split('data-testid="current-plan"', 1)[1].split("</h3>", 1)[0]
    assert "Business" in card and "Obecny plan" in card
    assert 'data-testid="subscribe-business"' in page


def test_the_demo_office_sees_its_active_plan_and_is_not_offered_checkout(office_a):
    """The demo's plan is active but not billed through Stripe: the page shows it as a
    paying office sees its plan (until 2026-12-06 it offered Stripe Checkout as if the
    office had no plan), and a Checkout posted anyway is refused without calling Stripe."""
    from common.money import money
    from subscriptions.models import Plan

    seed_demo(office=office_a, people={})
    subscription = Subscription.objects.get(office=office_a)
    yearly = Plan.objects.get(code="pro").price_in(office_a.currency).price_yearly
    client = OfficeClient(office_a, user=member(office_a, Role.OWNER, language="pl"))
    page = client.get("/administration/subscription/").content.decode()
    status = page.split('data-testid="subscription-status">', 1)[1].split("<", 1)[0]
    price = page.split('data-testid="subscription-price">', 1)[1].split("</div>", 1)[0]
    assert (status, price) == (
        "Aktywna",
        money(yearly, office_a.currency, language="pl") + " rocznie",
    )
    assert "Pro" in page.split('data-testid="subscription-card"', 1)[1].split("</strong>", 1)[0]
    assert 'data-testid="plan-usage"' in page
    assert "Wybierz plan" not in page and 'data-testid="subscribe-' not in page
    assert "/administration/subscription/checkout/" not in page
    # no Checkout and no billing portal: the page says how to change the plan (it offered
    # no way at all)
    assert (
        "Ten plan nie jest rozliczany online. Aby go zmienić lub otrzymać faktury, "
        "skontaktuj się z Vireo."
    ) in page
    response = client.post(
        "/administration/subscription/checkout/", {"plan": "business", "interval": "month"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/administration/subscription/")
    subscription.refresh_from_db()
    assert (subscription.plan.code, subscription.status, subscription.stripe_customer_id) == (
        "pro",
        "active",
        "",
    )


def test_an_office_without_a_plan_or_with_a_canceled_one_is_offered_checkout(office_a):
    from subscriptions.selectors import checkout_offered

    assert checkout_offered(None)
    subscription = subscription_for(office_a, plan="business")  # a trial, not paid
    assert checkout_offered(subscription)
    subscription.status = "active"
    assert not checkout_offered(subscription)
    subscription.status = "canceled"
    assert checkout_offered(subscription)
    subscription.status, subscription.stripe_subscription_id = "trialing", "sub_1"
    assert not checkout_offered(subscription)


def test_the_staff_users_figure_says_how_many_are_pending_invitations(office_a):
    """Pending staff invitations hold a seat, so "Staff users" read 3 for a team of two (and
    the console's "Staff" 2) with nothing saying why; the screen now names them."""
    from accounts.models import STAFF_ROLES, Invitation, Membership

    subscription_for(office_a, plan="business")
    owner = member(office_a, Role.OWNER)
    Invitation.objects.filter(office=office_a).delete()
    members = Membership.objects.filter(
        office=office_a, is_active=True, role__in=STAFF_ROLES
    ).count()
    client = OfficeClient(office_a, user=owner)

    def staff_row() -> str:
        page = client.get("/administration/subscription/").content.decode()
        row = page.split('data-testid="usage-staff_users">', 1)[1]
        return row.split('<div class="progress', 1)[0]

    assert f"<strong>{members}</strong>" in staff_row()
    assert 'data-testid="usage-pending"' not in staff_row()
    wording = {1: "w tym 1 oczekujące zaproszenie", 2: "w tym 2 oczekujące zaproszenia"}
    for n in (1, 2):
        Invitation.objects.create(
            office=office_a,
            email=f"new{n}@example.com",
            role=Role.STAFF,
            invited_by=owner,
            token=f"pending-seat-{n}",
            expires_at=timezone.now() + timedelta(days=7),
        )
        row = staff_row()
        assert f"<strong>{members + n}</strong>" in row
        assert wording[n] in row
