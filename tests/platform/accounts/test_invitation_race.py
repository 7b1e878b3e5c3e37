"""Two staff invitations sent at the same moment for the plan's last seat (two real
transactions on two connections): the office's Subscription row is locked while the seats
are counted and the invitation is written, so exactly one is created and the other is
refused with the plan's message. Committed rows, removed afterwards (as
tests/modules/clients/test_plan_race.py)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from accounts.models import Invitation, Role, User
from accounts.services import invitation_create
from common.exceptions import ApplicationError
from subscriptions.models import Plan, Subscription


@pytest.fixture
def office_one_seat_left(session_offices, django_db_blocker, clean_cache):
    from accounts.models import Membership
    from tenants.models import Office
    from tenants.services import office_provision

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        office = Office.objects.filter(slug="office-seats").first() or office_provision(
            name="Biuro Miejsc", slug="office-seats", country="PL"
        )
        used = (
            Membership.objects.filter(office=office, is_active=True)
            .exclude(role=Role.CLIENT)
            .count()
            + Invitation.objects.filter(office=office, accepted_at__isnull=True).count()
        )
        plan = Plan.objects.create(
            code="race-one-seat",
            name="Jedno miejsce",
            is_public=False,
            price_monthly=Decimal("1.00"),
            price_yearly=Decimal("10.00"),
            stripe_price_monthly="price_seat_m",
            stripe_price_yearly="price_seat_y",
            max_staff_users=used + 1,
        )
        Subscription.objects.filter(office=office).delete()
        Subscription.objects.create(office=office, plan=plan, status=Subscription.Status.ACTIVE)
        inviter = User.objects.create_user(email="owner@seats.example.com", password=None)
        yield office, inviter
        connection.set_schema_to_public()
        Invitation.objects.filter(office=office, email__endswith="@seats.example.com").delete()
        Subscription.objects.filter(office=office).delete()
        plan.delete()
        inviter.delete()


def test_two_invitations_for_the_last_seat_only_one_is_sent(
    office_one_seat_left, django_db_blocker
):
    office, inviter = office_one_seat_left
    emails = ["ala@seats.example.com", "ola@seats.example.com"]
    barrier = threading.Barrier(len(emails))
    results: list = [None] * len(emails)

    def run(index: int, email: str) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = invitation_create(
                office=office, email=email, role=Role.STAFF, invited_by=inviter
            )
        except Exception as exc:  # ApplicationError expected for one of them
            results[index] = exc
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=run, args=(i, e)) for i, e in enumerate(emails)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        created = [r for r in results if isinstance(r, Invitation)]
        refused = [r for r in results if isinstance(r, ApplicationError)]
        assert (len(created), len(refused)) == (1, 1), results
        assert refused[0].code == "plan_limit"
        assert (
            Invitation.objects.filter(office=office, email__endswith="@seats.example.com").count()
            == 1
        )
