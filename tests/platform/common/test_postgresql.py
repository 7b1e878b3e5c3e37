"""common.postgresql (the base of django-tenants' backend): timestamps are read by psycopg's
C loader when the session is in UTC (as Django sets it at connect), giving what Django's own
loader gives; in any other case Django's loader is kept, unchanged."""

from __future__ import annotations

import datetime
import zoneinfo

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from psycopg.pq import Format

from accounts.models import User
from common.postgresql.base import PSYCOPGS_LOADER

pytestmark = pytest.mark.django_db

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
INSTANT = datetime.datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=datetime.UTC)
SQL = "SELECT %s::timestamptz, now() - now() + %s::timestamptz"


def _loader() -> type:
    with connection.cursor() as cursor:
        return cursor.cursor.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


def _read() -> list:
    with connection.cursor() as cursor:
        cursor.execute(SQL, [INSTANT, INSTANT])
        return list(cursor.fetchone())


def test_utc_session_reads_with_psycopgs_c_loader():
    connection.ensure_connection()
    assert psycopg.pq.__impl__ in ("binary", "c")  # pyproject: psycopg[binary]
    loader = _loader()
    assert loader.__module__ != "django.db.backends.postgresql.psycopg_any"
    assert loader.__module__.startswith("psycopg_")  # psycopg_binary._psycopg (compiled)
    for value in _read():
        assert value == INSTANT
        assert value.tzinfo is datetime.UTC  # as Django's loader sets it


def test_the_connection_holds_the_loader_so_cursors_copy_nothing():
    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT) is PSYCOPGS_LOADER
    with connection.cursor() as cursor:
        # A cursor registering nothing shares its connection's table of loaders (a cursor
        # registering one copies it).
        own, shared = cursor.cursor.adapters._loaders, connection.connection.adapters._loaders
        assert own[Format.TEXT] is shared[Format.TEXT]


def test_a_server_side_cursor_reads_with_it_too():
    for n in range(3):
        User.objects.create_user(email=f"chunk{n}@example.com", password="x-12345678")
    User.objects.update(last_login=INSTANT)
    with transaction.atomic():  # .iterator() uses a named (server-side) cursor
        read = list(User.objects.values_list("last_login", flat=True).iterator(chunk_size=2))
    assert read == [INSTANT] * len(read) and len(read) >= 3
    assert all(value.tzinfo is datetime.UTC for value in read)


def test_orm_reads_the_same_instant():
    user = User.objects.create_user(email="tz@example.com", password="x-12345678")
    summer = datetime.timezone(datetime.timedelta(hours=2))
    warsaw = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=summer)
    User.objects.filter(pk=user.pk).update(last_login=warsaw)
    read = User.objects.values_list("last_login", flat=True).get(pk=user.pk)
    assert read == warsaw
    assert read.tzinfo is datetime.UTC


def test_session_in_another_zone_keeps_djangos_loader():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Europe/Warsaw'")
    try:
        # Django's, which assumes a session in UTC: it labels the Warsaw wall time as UTC.
        assert _loader().__module__ == "django.db.backends.postgresql.psycopg_any"
        for value in _read():
            assert value == INSTANT.replace(hour=1)  # 02:59 in Warsaw (summer time), as UTC
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
    assert _loader().__module__.startswith("psycopg_")


def test_without_use_tz_timestamps_stay_naive_local_times():
    with override_settings(USE_TZ=False):
        connection.ensure_connection()
        assert _loader().__module__ == "django.db.backends.postgresql.psycopg_any"
        local = INSTANT.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        for value in _read():
            assert value == local
    assert _loader().__module__.startswith("psycopg_")
