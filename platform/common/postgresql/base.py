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
the very tzinfo Django's would set. Each cursor then gets psycopg's loader; in any other case
Django's stays.
"""

from __future__ import annotations

import datetime

from django.db.backends.postgresql.base import *  # noqa: F403 (a backend module's names)
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg.types.datetime import TimestamptzLoader


class DatabaseWrapper(PostgresDatabaseWrapper):
    def create_cursor(self, name=None):
        cursor = super().create_cursor(name)
        # Asked per cursor: a test may change USE_TZ, a statement the session's time zone.
        if (
            self.timezone is datetime.UTC
            and self.connection.pgconn.parameter_status(b"TimeZone") == b"UTC"
        ):
            # psycopg's own class: it registers its C version.
            cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        return cursor
