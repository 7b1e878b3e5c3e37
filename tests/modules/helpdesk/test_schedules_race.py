"""Two scheduler runs of the same hour at once (two workers, each its own connection and
transaction, committed): every due schedule raises exactly one request. The rows are
committed, in an office of their own."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection, connections

from modules.helpdesk.models import Request, Schedule, ScheduleRun
from modules.helpdesk.schedules import schedule_save, schedules_run
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory

RUNS = 4


@pytest.fixture(autouse=True)
def _no_committed_requests():
    """Replaces the package's fixture of that name: it needs `db`, whose transaction would
    hide this test's committed office from the other connections."""


def helpdesk_office():
    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    return Office.objects.filter(slug="office-schedules").first() or office_provision(
        name="Biuro Harmonogramów", slug="office-schedules", country="SK"
    )


def test_concurrent_runs_raise_each_due_schedule_once(session_offices, django_db_blocker):
    now = dt.datetime(2026, 6, 1, 6, 0, tzinfo=dt.UTC)
    with django_db_blocker.unblock():
        office = helpdesk_office()
        tag = uuid.uuid4().hex[:6]
        with in_office(office):
            Schedule.objects.filter(is_active=True).update(is_active=False)  # earlier runs'
            client = ClientFactory(name=f"Race {tag}", code=f"S{tag}")
            for n in range(10):
                schedule_save(
                    actor=None,
                    client=client,
                    data={
                        "subject": f"Task {n}",
                        "frequency": "days",
                        "starts_on": dt.date(2026, 5, 1),
                    },
                    now=dt.datetime(2026, 5, 1, 6, 0, tzinfo=dt.UTC),
                )
        connection.set_schema_to_public()
        barrier = threading.Barrier(RUNS)
        results: list = [None] * RUNS

        def run(index: int) -> None:
            try:
                with in_office(office):
                    barrier.wait(timeout=30)
                    results[index] = schedules_run(now=now)
            except Exception as exc:
                results[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(RUNS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert all(isinstance(r, int) for r in results), results
        assert sum(results) == 10
        with in_office(office):
            requests = Request.objects.filter(client=client)
            assert requests.count() == 10
            assert sorted(requests.values_list("subject", flat=True)) == [
                f"Task {n}" for n in range(10)
            ]
            runs = ScheduleRun.objects.filter(schedule__client=client)
            # Down from 1 May to 1 June: per schedule, 32 dates, one request (1 June).
            assert runs.count() == 320
            assert runs.filter(request__isnull=False).count() == 10
            Schedule.objects.filter(client=client).update(is_active=False)
        connection.set_schema_to_public()
