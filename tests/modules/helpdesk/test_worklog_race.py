"""Operators starting timers at the same moment (each its own thread, connection and
transaction, committed) in an office of its own: exactly one timer runs."""

import threading
import uuid

import pytest
from django.db import connection, connections

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.helpdesk.models import WorkLog
from modules.helpdesk.worklog import worklog_start
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.offices import in_office
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
            requests = [raised(subject=f"Race {tag} {n}") for n in range(runs)]
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
