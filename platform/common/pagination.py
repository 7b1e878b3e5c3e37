"""A page of a list too long to count on every request: the client card file of 100,000
companies spent 70-100 ms of its 2 ms page in the Paginator's COUNT(*) (a sequential scan of
the whole table, EXPLAIN ANALYZE in modules/clients/README.md). `countless_page` reads one
row more than it shows and knows only whether a next page exists, as mail's lists do; its
page reads as Django's Page does in a template (number, has_next, next_page_number...)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

MAX_PAGE = 100_000  # a typed ?page= cannot ask for an OFFSET of billions


class CountlessPage(Sequence):
    def __init__(self, rows: list, *, number: int, has_next: bool):
        self.object_list, self.number, self._has_next = rows, number, has_next

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(value) -> int:
    """?page= as a page number: 1 for anything that is not a positive whole number."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(number, MAX_PAGE) if number > 0 else 1


def countless_page(queryset: QuerySet, number, per_page: int) -> CountlessPage:
    """Page `number` (the raw ?page= value is fine) of an ordered queryset, without COUNT."""
    number = page_number(number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return CountlessPage(rows[:per_page], number=number, has_next=len(rows) > per_page)
