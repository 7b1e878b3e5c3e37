"""Running one query with planner settings of its own."""

from __future__ import annotations

from django.db import connection


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
