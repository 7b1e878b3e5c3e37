"""Names in the order of the office's language ("Adam, Šimko, Zeman" in Slovak), not in the
database's byte order (the embedded PostgreSQL runs C.UTF-8, which puts "Š" after "Z").

PostgreSQL built with ICU offers `sk-x-icu` and `pl-x-icu` (pg_collation): then the database
sorts with `Collate(field, ...)`. Where it has none of them (the embedded PostgreSQL of
development and tests ships only ICU's root collation), the rows are sorted in Python by
`collation_key`, which follows ICU's tailoring of the language: the letters Slovak and
Polish sort as letters of their own (sk: ä č ch ô š ž; pl: ą ć ę ł ń ó ś ź ż), other accents
only break ties (á after a, ď after d).

Lists the database orders and pages (the client list of 100,000 clients) cannot be sorted in
Python: `name_ordering` gives them `sort_key`, the same letters as an SQL expression compared
byte by byte, which an expression index per language serves (clients' Meta.indexes)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from operator import attrgetter
from typing import TypeVar

from django.db import connection
from django.db.models import Func, QuerySet, TextField, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Collate, Lower, Replace

T = TypeVar("T")

ICU_COLLATIONS = {"pl": "pl-x-icu", "sk": "sk-x-icu"}

# ICU's tailoring (CLDR): a letter sorting after its base letter, as (base, step).
_TAILORING = {
    "sk": {"ä": ("a", 1), "č": ("c", 1), "ch": ("h", 1), "ô": ("o", 1), "š": ("s", 1),
           "ž": ("z", 1)},
    "pl": {"ą": ("a", 1), "ć": ("c", 1), "ę": ("e", 1), "ł": ("l", 1), "ń": ("n", 1),
           "ó": ("o", 1), "ś": ("s", 1), "ź": ("z", 1), "ż": ("z", 2)},
}  # fmt: skip


@lru_cache(maxsize=8)
def _collations_present(alias: str) -> frozenset[str]:
    # pg_collation is per database, not per office schema: one look per process.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collname FROM pg_collation WHERE collname = ANY(%s)",
            [list(ICU_COLLATIONS.values())],
        )
        return frozenset(row[0] for row in cursor.fetchall())


def icu_collation(language: str) -> str | None:
    """The database's ICU collation for `language`, or None when it has none."""
    name = ICU_COLLATIONS.get((language or "")[:2])
    return name if name and name in _collations_present(connection.alias) else None


def collation_key(text: str, language: str) -> tuple:
    """A sort key for `text` in `language` (the fallback without ICU): letters first by
    their place in the language's alphabet, then accents, then case."""
    rules = _TAILORING.get((language or "")[:2], {})
    folded = (text or "").casefold()
    primary, secondary = [], []
    i = 0
    while i < len(folded):
        token = folded[i : i + 2] if folded[i : i + 2] in rules else folded[i]
        i += len(token)
        if token in rules:
            primary.append(rules[token])
            secondary.append("")
        else:
            decomposed = unicodedata.normalize("NFD", token)
            primary.append((decomposed[0], 0))
            secondary.append(decomposed[1:])
    return (primary, secondary, text or "")


# The steps of _TAILORING as bytes just above "z" (0x7a): "š" -> "s{" sorts after every "s…".
_STEP = {1: "{", 2: "|"}


@lru_cache(maxsize=8)
def _folding(language: str) -> tuple[str, str]:
    """translate() arguments taking every other accented Latin letter to its base letter, as
    collation_key's primary level does (NFD's first character)."""
    rules = _TAILORING.get(language, {})
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        if char != char.lower() or char in rules:
            continue
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            source.append(char)
            target.append(base)
    return "".join(source), "".join(target)


def sort_key(field: str, language: str) -> Expression:
    """collation_key's primary level in SQL, for a database without ICU: lower-cased, the
    language's own letters rewritten to sort after their base letter ("š" -> "s{", Slovak
    "ch" -> "h{"), other accents dropped, compared byte by byte (COLLATE "C")."""
    language = (language or "")[:2]
    rules = _TAILORING.get(language, {})
    expression = Lower(field)
    for token in sorted(rules, key=len, reverse=True):  # "ch" before "č"
        base, step = rules[token]
        expression = Replace(expression, Value(token), Value(base + _STEP[step]))
    source, target = _folding(language)
    expression = Func(
        expression, Value(source), Value(target), function="translate", output_field=TextField()
    )
    return Collate(expression, "C")


def name_ordering(field: str = "name", language: str | None = None) -> list[Expression]:
    """order_by() arguments sorting `field` in `language` (default: the office's): the ICU
    collation where the database has it, else sort_key and then the text itself."""
    office = getattr(connection, "tenant", None)
    language = (language or getattr(office, "language", "") or "pl")[:2]
    collation = icu_collation(language)
    if collation:
        return [Collate(field, collation)]
    return [sort_key(field, language), Collate(field, "C")]


def sorted_by_language(
    rows: QuerySet[T] | Iterable[T],
    *,
    language: str,
    field: str = "name",
    key: Callable[[T], str] | None = None,
) -> list[T]:
    """`rows` ordered by `field` in `language`: by the database's ICU collation when it has
    one (a queryset), else in Python by collation_key."""
    collation = icu_collation(language)
    if collation and isinstance(rows, QuerySet):
        return list(rows.order_by(Collate(field, collation), "pk"))
    read = key or attrgetter(field)
    return sorted(rows, key=lambda row: collation_key(read(row), language))
