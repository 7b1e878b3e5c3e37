"""Queries that every request runs, made cheap: one query with its own planner settings,
short fixed lists compiled to SQL once per process, and model instances read from
written-out SQL.

Building and compiling a query costs Django's ORM 0.4-2 ms on this hardware, several times
what PostgreSQL needs to answer it; the office routing, the person's memberships and the
archive's page run on every request, so they are written out once (with their reason next
to them) and their rows become ordinary model instances here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model, QuerySet


def fetchall_planned(sql: str, params, *, settings: dict[str, str]) -> list[tuple]:
    """The rows of `sql`, planned with `settings` (e.g. {"enable_seqscan": "off"}) for this
    query only. One statement string, one round trip: SET LOCAL, the query, then the
    settings back to their defaults, which matters inside a transaction (an atomic block, a
    test) where SET LOCAL would otherwise last until its end. Names and values are ours,
    never user input."""
    before = "".join(f"SET LOCAL {name} = {value}; " for name, value in settings.items())
    after = "".join(f"; SET LOCAL {name} TO DEFAULT" for name in settings)
    with connection.cursor() as cursor:
        cursor.execute(before + sql + after, params)
        for _setting in settings:
            cursor.nextset()
        return cursor.fetchall()


class Columns:
    """A model's columns for a written-out SELECT, and the instances built from its rows.

    MEMBERSHIP, OFFICE = Columns(Membership), Columns(Office)
    sql = f"SELECT {MEMBERSHIP.sql}, {OFFICE.sql} FROM accounts_membership JOIN ..."
    for row in rows:
        membership, office = MEMBERSHIP.build(row), OFFICE.build(row, MEMBERSHIP.width)
    """

    def __init__(self, model: type[Model]):
        fields = model._meta.concrete_fields
        # Rows go straight to Model.from_db(): no field may need a converter.
        assert not any(hasattr(f, "from_db_value") for f in fields), model
        table = model._meta.db_table
        self.model = model
        self.attnames = [f.attname for f in fields]
        self.width = len(fields)
        self.sql = ", ".join(f'"{table}"."{f.column}"' for f in fields)

    def build(self, row: tuple, start: int = 0) -> Model:
        values = row[start : start + self.width]
        return self.model.from_db(connection.alias, self.attnames, values)


@dataclass(frozen=True)
class _Compiled:
    model: type[Model]
    attnames: list[str]
    sql: str
    params: tuple


class FixedQuery:
    """A queryset whose SQL never changes (no arguments, unqualified table names that the
    office's search_path resolves), compiled once per process. Building and compiling even
    `MailStatus.objects.all()` costs the ORM about 0.4 ms, three times the query itself, on
    every request of a screen that needs the office's statuses and types."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: _Compiled | None = None

    def compiled(self) -> _Compiled:
        if self._compiled is None:
            queryset = self._build()
            model = queryset.model
            fields = model._meta.concrete_fields
            # Rows go straight to Model.from_db(): no field may need a converter.
            assert not any(hasattr(f, "from_db_value") for f in fields), model
            attnames = [f.attname for f in fields]
            sql, params = queryset.values_list(*attnames).query.sql_with_params()
            self._compiled = _Compiled(model, attnames, sql, tuple(params))
        return self._compiled


def fetch_fixed(*queries: FixedQuery) -> list[list[Model]]:
    """The instances of each query, all of them in one round trip."""
    compiled = [query.compiled() for query in queries]
    sql = "; ".join(c.sql for c in compiled)
    params = [param for c in compiled for param in c.params]
    results = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, c in enumerate(compiled):
            if index:
                cursor.nextset()
            results.append(
                [c.model.from_db(connection.alias, c.attnames, row) for row in cursor.fetchall()]
            )
    return results
