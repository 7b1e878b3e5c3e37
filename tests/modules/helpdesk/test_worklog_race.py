"""Races, each side its own thread, connection and transaction (committed), in an office of
its own: operators starting timers at the same moment (exactly one runs); a request accepted
while its client's month closes (the time is billed once, nobody deadlocks)."""

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.billing.models import PeriodClose, UsageRecord
from modules.billing.services import period_close
from modules.helpdesk.models import WorkLog
from modules.helpdesk.services import request_transition
from modules.helpdesk.worklog import rate_set, worklog_add, worklog_start
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised


@pytest.fixture
def _no_committed_requests():
    """This module commits (threads): no test transaction, so the package's clean-up of
    office A is not wanted here."""


def work_office():
    """An office of its own for the race (its rows are committed)."""
    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    return Office.objects.filter(slug="office-orders").first() or office_provision(
        name="Biuro Zleceń", slug="office-orders", country="SK"
    )


def test_two_timer_starts_at_once_leave_one_running(session_offices, django_db_blocker):
    runs = 4
    with django_db_blocker.unblock():
        office = work_office()
        tag = uuid.uuid4().hex[:6]
        operator = UserFactory(email=f"race-{tag}@example.com")  # committed: its own address
        MembershipFactory(office=office, role=Role.STAFF, user=operator)
        with in_office(office):
            client = ClientFactory(name=f"Timer {tag}", code=f"T{tag}")  # committed: own code
            requests = [raised(client=client, subject=f"Race {tag} {n}") for n in range(runs)]
        connection.set_schema_to_public()
        barrier = threading.Barrier(runs)
        results: list = [None] * runs

        def run(index: int) -> None:
            try:
                with in_office(office):
                    barrier.wait(timeout=30)
                    results[index] = worklog_start(request=requests[index], actor=operator)
            except Exception as exc:
                results[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        started = [r for r in results if isinstance(r, WorkLog)]
        refused = [r for r in results if isinstance(r, ApplicationError)]
        assert (len(started), len(refused)) == (1, runs - 1), results
        assert {r.code for r in refused} == {"timer_running"}
        with in_office(office):
            running = WorkLog.objects.filter(operator=operator, minutes__isnull=True)
            assert list(running.values_list("pk", flat=True)) == [started[0].pk]
        connection.set_schema_to_public()


def test_an_acceptance_and_the_months_close_at_once_bill_the_time_once(
    session_offices, django_db_blocker
):
    with django_db_blocker.unblock():
        office = work_office()
        tag = uuid.uuid4().hex[:6]
        operator = UserFactory(email=f"race-close-{tag}@example.com")
        MembershipFactory(office=office, role=Role.STAFF, user=operator)
        with in_office(office):
            client = ClientFactory(name=f"Race {tag}", code=f"W{tag}")
            rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
            req = raised(client=client, subject=f"Race {tag}")
            worklog_add(request=req, actor=operator, date=timezone.localdate(), minutes=60)
            req = request_transition(request=req, action="start", actor=operator)
            req = request_transition(request=req, action="resolve", actor=operator)
        connection.set_schema_to_public()
        barrier = threading.Barrier(2)
        results: list = [None, None]
        jobs = [
            lambda: request_transition(request=req, action="accept", actor=None, rating=5),
            lambda: period_close(
                client=client, period=timezone.localdate().replace(day=1), actor=None
            ),
        ]

        def run(index: int) -> None:
            try:
                with in_office(office):
                    barrier.wait(timeout=30)
                    results[index] = jobs[index]()
            except Exception as exc:
                results[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(isinstance(r, Exception) for r in results), results
        with in_office(office):
            usage = UsageRecord.objects.get(client=client, source="helpdesk")
            assert (usage.quantity, usage.unit_price) == (Decimal("1.000"), Decimal("100.00"))
            figures = PeriodClose.objects.get(client=client).figures
            frozen = [line["net"] for line in figures["lines"] if line["kind"] == "service"]
            month = timezone.localdate().replace(day=1)
            # The close billed it into the month, or the acceptance held the request and
            # billed it after the close: late, in the next month. Never both.
            assert (frozen, usage.period, usage.late) in (
                (["100.00"], month, False),
                ([], (month + dt.timedelta(days=32)).replace(day=1), True),
            )
        connection.set_schema_to_public()
