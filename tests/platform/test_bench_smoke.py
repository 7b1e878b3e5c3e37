"""The benchmarks' smoke mode (tests/perf with BENCH_SMOKE=1, the second pytest run of
`make test`): one place decides the sizes, and what the mode is for: a schema change that a
benchmark's set-based loader does not follow (a NOT NULL column its SQL does not fill) fails
that benchmark, so the smoke run fails the suite the same day."""

import pytest
from django.db import IntegrityError, connection

from tests.helpers.offices import in_office
from tests.perf import conftest as perf
from tests.perf import test_helpdesk, test_messaging, test_rooms, test_scanrequests


def test_size_is_the_full_one_unless_smoke(monkeypatch):
    monkeypatch.setattr(perf, "SMOKE", False)
    assert perf.size(100_000, 300) == 100_000
    monkeypatch.setattr(perf, "SMOKE", True)
    assert perf.size(100_000, 300) == 300


def test_smoke_figures_are_printed_and_never_kept(monkeypatch, capsys):
    monkeypatch.setattr(perf, "SMOKE", True)
    monkeypatch.setattr(perf, "_collected", [])
    perf.record("x_p95_ms", 1.5, "ms", limit=0.5, limit_name="x_sql_p95_ms")
    assert perf._collected == []
    assert "x_p95_ms" in capsys.readouterr().out
    perf.pytest_sessionfinish(None, 0)  # nothing to write
    monkeypatch.setattr(perf, "SMOKE", False)
    perf.record("x_p95_ms", 1.5, "ms")
    assert perf._collected == [{"name": "x_p95_ms", "value": 1.5, "unit": "ms"}]


@pytest.mark.parametrize(
    ("module", "benchmark", "table", "sizes", "fixtures"),
    [
        (
            test_scanrequests,
            "test_scan_requests_list_and_portal",
            "mail_mailitem",
            {"ITEMS": 50, "OPEN": 5},
            (None,),
        ),
        (
            test_helpdesk,
            "test_helpdesk_queue_and_request_page",
            "helpdesk_request",
            {"REQUESTS": 50, "REPLIES": 500},
            (),
        ),
        (
            test_messaging,
            "test_messages_inbox",
            "messaging_message",
            {"CLIENTS": 10, "CONVERSATIONS": 20, "MESSAGES": 200},
            (),
        ),
        (
            test_rooms,
            "test_rooms_calendar_and_public_availability",
            "rooms_booking",
            {"ROOMS": 1, "DAYS": 2},
            (),
        ),
    ],
)
def test_a_loader_missing_a_not_null_column_fails_its_benchmark(
    office_a, monkeypatch, module, benchmark, table, sizes, fixtures
):
    for name, value in sizes.items():
        monkeypatch.setattr(module, name, value)
    # What a migration adding a required field does to the table the loader's SQL fills.
    with in_office(office_a), connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ADD COLUMN smoke_check text NOT NULL")
    with pytest.raises(IntegrityError, match='column "smoke_check"'):
        getattr(module, benchmark)(office_a, lambda *args, **kwargs: None, *fixtures)
