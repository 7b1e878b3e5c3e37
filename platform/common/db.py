"""Queries that every request runs, made cheap: one query with its own planner settings,
short fixed lists compiled to SQL once per process, and model instances read from
written-out SQL.

Building and compiling a query costs Django's ORM 0.4-2 ms on this hardware, several times
what PostgreSQL needs to answer it; the office routing, the person's memberships and the
archive's page run on every request, so they are written out once (with their reason next
to them) and their rows become ordinary model instances here."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import FullResultSet
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model, Q, QuerySet


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
        if any(hasattr(field, "from_db_value") for field in fields):
            # Rows go straight to Model.from_db(), without the ORM's converters.
            raise TypeError(f"{model.__name__} has fields that need converting from the database")
        table = model._meta.db_table
        self.model = model
        self.attnames = [field.attname for field in fields]
        self.width = len(fields)
        self.sql = ", ".join(f'"{table}"."{field.column}"' for field in fields)

    def build(self, row: tuple, start: int = 0) -> Model:
        values = row[start : start + self.width]
        # `connection` is the default one; its alias through the proxy took a third of this.
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, values)


class FixedQuery:
    """A queryset whose SQL never changes (no arguments, unqualified table names that the
    office's search_path resolves), compiled once per process. Building and compiling even
    `MailStatus.objects.all()` costs the ORM about 0.4 ms, three times the query itself, on
    every request of a screen that needs the office's statuses and types."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: tuple[Columns, str, tuple] | None = None

    def compiled(self) -> tuple[Columns, str, tuple]:
        if self._compiled is None:
            queryset = self._build()
            columns = Columns(queryset.model)
            sql, params = queryset.values_list(*columns.attnames).query.sql_with_params()
            self._compiled = (columns, sql, tuple(params))
        return self._compiled


def fetch_fixed(*queries: FixedQuery) -> list[list[Model]]:
    """The instances of each query, all of them in one round trip."""
    compiled = [query.compiled() for query in queries]
    sql = "; ".join(query_sql for _columns, query_sql, _params in compiled)
    params = [param for _columns, _sql, query_params in compiled for param in query_params]
    results = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, (columns, _sql, _params) in enumerate(compiled):
            if index:
                cursor.nextset()
            results.append([columns.build(row) for row in cursor.fetchall()])
    return results


Conditions = list[tuple[str, object]]
_COMPILED_WHERE: dict[tuple[type[Model], tuple[str, ...]], str] = {}


def where_q(conditions: Conditions) -> Q:
    """(lookup, value) pairs ANDed in their order (Q(**kwargs) would sort them)."""
    return Q(*conditions)


def compiled_where(model: type[Model], conditions: Conditions) -> tuple[str, list]:
    """The WHERE clause (and its parameters) the ORM writes for `model.objects.filter(
    where_q(conditions))`, compiled once per process for each shape of `conditions` (which
    lookups, in which order) and reused with the values: a hot list keeps its written-out
    SQL without a second definition of its filters. A value that is a QuerySet is a
    subquery and must compile without parameters."""
    shape = tuple(lookup for lookup, _value in conditions)
    params = [value for _lookup, value in conditions if not isinstance(value, QuerySet)]
    sql = _COMPILED_WHERE.get((model, shape))
    if sql is None:
        query = model._default_manager.filter(where_q(conditions)).query
        try:
            sql, compiled = query.get_compiler(connection=connection).compile(query.where)
        except FullResultSet:
            sql, compiled = "TRUE", []
        # Reused with other values: every value must be a parameter, in the same order.
        if list(compiled) != params:
            raise ValueError(f"{model.__name__} {shape} compiles to parameters {compiled!r}")
        _COMPILED_WHERE[(model, shape)] = sql
    return sql, params
