"""django-tenants' backend for PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction).

django-tenants sends `SET search_path` once per connection (TENANT_LIMIT_SET_CALLS) or per
cursor. Behind a transaction-mode pooler neither is safe: a session setting stays on the
server connection, which the pooler hands to another client at the next transaction, so an
office could read another office's schema, and its own SET could land on a server
connection it no longer holds.

Here the search path is never a session setting. It is set with
`set_config('search_path', ..., true)` (SET LOCAL) as the first statement of every
transaction, and again when the schema changes or a savepoint changes inside one. A
statement outside a transaction (autocommit) is run in a transaction of its own with the
path set first. What another client left on a pooled server connection therefore never
matters: each transaction states its path, and it ends with the transaction.

The cost: an autocommit statement becomes BEGIN, set_config, the statement, COMMIT. Requests
run most of their statements that way, so behind PgBouncer ATOMIC_REQUESTS-like grouping
(transaction.atomic) pays off. Server-side prepared statements are off (PgBouncer 1.18 does
not track them) and so are server-side cursors (settings).
"""

from __future__ import annotations

import psycopg
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.utils import get_public_schema_name

SET_PATH = "SELECT set_config('search_path', %s, true)"
# Statements PostgreSQL refuses inside a transaction block; they name their objects fully.
_OUTSIDE_TRANSACTIONS = (
    "CREATE DATABASE",
    "DROP DATABASE",
    "VACUUM",
    "CREATE INDEX CONCURRENTLY",
    "DROP INDEX CONCURRENTLY",
    "REINDEX",
    "ALTER SYSTEM",
)


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._transaction_path: tuple | None = None
        self.execute_wrappers.append(self._search_path_per_transaction)

    def _handle_search_path(self, cursor=None):
        """Never a session-level SET (see the module's docstring)."""

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.prepare_threshold = None
        return connection

    def _path_value(self) -> str:
        if not self.schema_name:
            self.schema_name = get_public_schema_name()
        return ",".join(f'"{schema}"' for schema in self._get_cursor_search_paths())

    def _search_path_per_transaction(self, execute, sql, params, many, context):
        raw_cursor = context["cursor"].cursor
        value = self._path_value()
        if self.get_autocommit():
            text = sql if isinstance(sql, str) else str(sql)
            if text.lstrip().upper().startswith(_OUTSIDE_TRANSACTIONS):
                if text.lstrip().upper().startswith("DROP DATABASE") and "FORCE" not in text:
                    # The pooler's idle server connections hold the database (PostgreSQL
                    # 13+ ends them).
                    sql = f"{text} WITH (FORCE)"
                return execute(sql, params, many, context)
            # psycopg's own transaction block (BEGIN ... COMMIT, ROLLBACK on an error),
            # outside Django's atomic bookkeeping.
            with self.connection.transaction():
                raw_cursor.execute(SET_PATH, [value])
                self._transaction_path = (value, tuple(self.savepoint_ids))
                return execute(sql, params, many, context)
        status = self.connection.info.transaction_status
        key = (value, tuple(self.savepoint_ids))
        fresh = status == psycopg.pq.TransactionStatus.IDLE or key != self._transaction_path
        if fresh and status != psycopg.pq.TransactionStatus.INERROR:
            raw_cursor.execute(SET_PATH, [value])
            self._transaction_path = key
        return execute(sql, params, many, context)
