"""Numbers that count up in a series: one row per series (a year, or an invoice's period).

Documents (`DOK/2026/0001`), helpdesk requests, work orders, mail items and invoices each
keep their own counter table (their data), and take the next number here:

    class DocumentCounter(YearCounter):   # year (primary key) + last
        ...

    number = f"DOK/{year}/{number_next(DocumentCounter, key=year):04d}"

`number_next` is one statement, `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`: the first
number of a series creates its row, the next ones increment it, and either way the row stays
locked until the caller's transaction ends. So two concurrent callers queue on the row (never
the same number, even for a series' very first number), and a caller that rolls back gives its
number back (no gap). It must run inside the transaction that stores the number.
"""

from __future__ import annotations

from django.db import connection, models


class Counter(models.Model):
    """The last number given in one series; `COUNTER_KEY` names the series' unique column."""

    COUNTER_KEY = "year"

    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.COUNTER_KEY)}: {self.last}"


class YearCounter(Counter):
    """A series per calendar year."""

    year = models.PositiveSmallIntegerField(primary_key=True)

    class Meta:
        abstract = True


def number_next(counter_model: type[Counter], *, key) -> int:
    """The next number of the series `key` (1 for a new series), in the caller's transaction."""
    if not connection.in_atomic_block:
        # in autocommit the lock would end with the statement: a caller failing later would
        # leave a gap
        raise RuntimeError("number_next must run inside the transaction that stores the number")
    quote = connection.ops.quote_name
    table = quote(counter_model._meta.db_table)
    column = quote(counter_model._meta.get_field(counter_model.COUNTER_KEY).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({column}, last) VALUES (%s, 1) "
            f"ON CONFLICT ({column}) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [key],
        )
        return cursor.fetchone()[0]
