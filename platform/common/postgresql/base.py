"""Django's PostgreSQL backend with psycopg's own timestamptz loader: the base django-tenants
builds on (settings.ORIGINAL_BACKEND), so both the default backend and
tenants.postgresql_pooled have it.

Django registers a Python subclass of psycopg's text timestamptz loader that parses each
value in Python and then sets its tzinfo. psycopg maps its own loader classes to their C
versions (psycopg-binary) but not a subclass, so every timestamp of every row was parsed in
Python: 4-5 us a value against 1 us (1,000 rows: 4.9-5.2 ms against 1.0 ms), and the loader
was built again for each result. On the client panel's Mail tab (50 rows, 11 statements) it
was 7 % of the request in a sampling profile.

Django needs its loader only when the session's time zone is not the one it wants. When
USE_TZ is on, the database's TIME_ZONE is unset (UTC) and the session reports "UTC" (Django
sets it at connect), psycopg's loader already returns datetimes in `datetime.timezone.utc`,
the very tzinfo Django's would set. Such a connection is opened with psycopg's loader in its
adapters; a cursor gets Django's only when that no longer holds (a test turned USE_TZ off, a
statement changed the session's time zone). Registering a loader on each cursor instead
copies the cursor's adapter map: 3 % of the Mail tab in a sampling profile.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import psycopg
from django.db.backends.postgresql.base import *  # noqa: F403 (a backend module's names)
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from django.db.backends.postgresql.base import ServerSideCursor
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.adapt import AdaptersMap
from psycopg.postgres import types
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

TIMESTAMPTZ = types["timestamptz"].oid
PSYCOPGS_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)  # its C version


@lru_cache
def _with_psycopgs_loader(template: AdaptersMap) -> AdaptersMap:
    """Django's adapters for the connection, with psycopg's own class registered, which
    psycopg maps to its C version."""
    adapters = AdaptersMap(template)
    adapters.register_loader("timestamptz", TimestamptzLoader)
    return adapters


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if self.timezone is datetime.UTC:  # USE_TZ on, the database's TIME_ZONE unset
            params["context"] = _with_psycopgs_loader(params["context"])
        return params

    def create_cursor(self, name=None):
        loader = self.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
        if loader is not PSYCOPGS_LOADER:
            return super().create_cursor(name)  # opened with Django's loader
        cursor = self._cursor_of_psycopg(name)
        # Asked per cursor, as Django does: a test may turn USE_TZ off, a statement change
        # the session's time zone.
        if (
            self.timezone is not datetime.UTC
            or self.connection.pgconn.parameter_status(b"TimeZone") != b"UTC"
        ):
            register_tzloader(self.timezone, cursor)
        return cursor

    def _cursor_of_psycopg(self, name):
        """Django's create_cursor() before its loader check (which reads an attribute only
        its own loader has)."""
        if not name:
            return self.connection.cursor()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            return ServerSideCursor(
                self.connection, name=name, scrollable=False, withhold=self.connection.autocommit
            )
        return self.connection.cursor(name, scrollable=False, withhold=self.connection.autocommit)
