"""Test harness: two offices created once per session, helpers for working inside them.

Each test runs inside one transaction that is rolled back. The offices (and their schemas)
are committed once, at session start, from the kept-migrated template, exactly as
production provisions them.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member

OFFICE_A = {"slug": "office-a", "name": "Biuro A", "country": "PL"}
OFFICE_B = {"slug": "office-b", "name": "Kancelária B", "country": "SK"}


def _office_fresh(spec: dict):
    """The office, provisioned anew for this session.

    With --reuse-db the database outlives a run, and browser tests commit rows inside the
    offices; dropping and cloning the two offices again (0.2 s each) gives every run clean
    office schemas while keeping the migrated public schema.
    """
    from tenants.models import Office
    from tenants.services import office_provision

    with transaction.atomic():  # a failure leaves no office row without its schema
        for old in Office.objects.filter(slug=spec["slug"]):
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{old.schema_name}" CASCADE')
            Office.objects.filter(pk=old.pk).delete()
    return office_provision(**spec)


def _rooms_without_holidays(office) -> None:
    """A new office closes its rooms on its country's public holidays (rooms'
    office setup). Tests book on dates counted from today (next Wednesday, in three
    weeks...), which some weeks are a holiday: the session offices keep none, and a test
    about holidays turns them on."""
    from django_tenants.utils import schema_context

    from modules.rooms.models import RoomSettings

    with schema_context(office.schema_name):
        RoomSettings.objects.filter(pk=1).update(public_holidays="")


def pytest_collection_modifyitems(config, items):
    # Browser tests commit their data (the live server has its own connection); running them
    # last keeps every rolled-back test blind to it.
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's setup, but for the default database whatever the selected tests are
    marked with: the FTP tests and the benchmarks commit through session offices without a
    django_db marker, and run alone they found no test database at all."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=django_db_keepdb and not django_db_createdb,
            aliases={"default"},
            serialized_aliases=set(),
        )
        connection.set_schema_to_public()
        for spec in (OFFICE_A, OFFICE_B):
            _rooms_without_holidays(_office_fresh(spec))
        # Seeded by a data migration, but a transactional test (tests/perf) flushes tables.
        from subscriptions.defaults import plan_defaults_ensure

        plan_defaults_ensure()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            _disconnect_the_rest()
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


def _disconnect_the_rest() -> None:
    """Before the test database is dropped: end the sessions other than this one that are
    still connected to it. A benchmark's child process or server can still be closing its
    connection when the session ends, and DROP DATABASE then failed ("is being accessed by
    other users", once in a CI-equivalent run). What is ended is printed: a process that
    never closes its connections should be found, not hidden."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, backend_type, state, pg_terminate_backend(pid) "
            "FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        ended = cursor.fetchall()
    if ended:
        print(f"\nEnded {len(ended)} session(s) still on the test database: {ended}")


@pytest.fixture(scope="session")
def session_offices(django_db_setup, django_db_blocker):
    from tenants.models import Office

    with django_db_blocker.unblock():
        return (
            Office.objects.get(slug=OFFICE_A["slug"]),
            Office.objects.get(slug=OFFICE_B["slug"]),
        )


@pytest.fixture
def office_a(session_offices, db):
    return session_offices[0]


@pytest.fixture
def office_b(session_offices, db):
    return session_offices[1]


@pytest.fixture
def in_office_a(office_a):
    """The test body runs inside office A's schema."""
    with in_office(office_a):
        yield office_a
    connection.set_schema_to_public()


@pytest.fixture
def in_office_b(office_b):
    """The test body runs inside office B's schema (the Slovak office)."""
    with in_office(office_b):
        yield office_b
    connection.set_schema_to_public()


@pytest.fixture
def staff_a(office_a):
    return member(office_a, Role.STAFF)


@pytest.fixture
def admin_a(office_a):
    return member(office_a, Role.ADMIN)


@pytest.fixture
def client_user_a(office_a):
    return member(office_a, Role.CLIENT, client_id=1, client_name="Client One")


@pytest.fixture
def staff_b(office_b):
    return member(office_b, Role.STAFF)


@pytest.fixture
def client_a(office_a, staff_a):
    """Office A's host, signed in as office A staff."""
    return OfficeClient(office_a, user=staff_a)


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _office_platform_state_fresh():
    """Office requests read the subscription and support sessions through a Redis cache
    that is forgotten on commit; rolled-back tests never commit, so each starts clean."""
    from subscriptions.state import office_platform_state_clear_all

    office_platform_state_clear_all()
    yield


@pytest.fixture(autouse=True)
def _rate_limits_fresh():
    """Rate-limit counters (common.ratelimit) live in Redis, outside the rolled-back
    transaction: each test starts with none, as a new client address would."""
    from django_tenants.utils import schema_context

    with schema_context("public"):
        cache.delete_pattern("rate:*")
    yield


@pytest.fixture
def clean_cache():
    cache.clear()
    yield cache
    cache.clear()
