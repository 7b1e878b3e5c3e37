"""Two clients created at the same moment at the edge of the plan's cap (two real
transactions on two connections): the office's Subscription row is locked while counting and
inserting, so exactly one is created and the other is refused with the plan's message.

Committed rows in an office of its own (audit rows are append-only), removed afterwards, as
in tests/modules/handover/test_race.py."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from common.exceptions import ApplicationError
from modules.clients.models import Client
from modules.clients.services.clients import client_create
from subscriptions.models import Plan, Subscription
from tests.helpers.offices import in_office


@pytest.fixture
def office_at_the_edge(session_offices, django_db_blocker):
    from tenants.models import Office
    from tenants.services import office_provision

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        office = Office.objects.filter(slug="office-plans").first() or office_provision(
            name="Biuro Planów", slug="office-plans", country="PL"
        )
        plan = Plan.objects.create(
            code="race-one-client",
            name="Jeden",
            is_public=False,
            price_monthly=Decimal("1.00"),
            price_yearly=Decimal("10.00"),
            stripe_price_monthly="price_race_m",
            stripe_price_yearly="price_race_y",
            max_clients=2,
        )
        Subscription.objects.filter(office=office).delete()
        Subscription.objects.create(office=office, plan=plan, status=Subscription.Status.ACTIVE)
        with in_office(office):
            Client.objects.all().delete()
            client_create(actor=None, data={"name": "Pierwszy sp. z o.o."})
        connection.set_schema_to_public()
        yield office
        with in_office(office):
            Client.objects.all().delete()
        connection.set_schema_to_public()
        Subscription.objects.filter(office=office).delete()
        plan.delete()


def _race(office, names: list[str]) -> list:
    barrier = threading.Barrier(len(names))
    results: list = [None] * len(names)

    def run(index: int, name: str) -> None:
        try:
            connection.set_tenant(office)
            barrier.wait(timeout=10)
            results[index] = client_create(actor=None, data={"name": name})
        except Exception as exc:  # ApplicationError expected for one of them
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, n)) for i, n in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_clients_at_the_caps_edge_exactly_one_is_created(office_at_the_edge, django_db_blocker):
    with django_db_blocker.unblock():
        results = _race(office_at_the_edge, ["Drugi sp. z o.o.", "Trzeci sp. z o.o."])
        created = [r for r in results if isinstance(r, Client)]
        refused = [r for r in results if isinstance(r, ApplicationError)]
        assert (len(created), len(refused)) == (1, 1), results
        assert refused[0].code == "plan_limit"
        with in_office(office_at_the_edge):
            assert Client.objects.count() == 2
        connection.set_schema_to_public()
