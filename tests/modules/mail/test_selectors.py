"""The archive's search: the window of newest items and the trigram index give the same
pages (the index is asked only when the window is too sparse)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.mail import selectors
from modules.mail.selectors import OFFICE_WIDE, MailFilters, mail_page
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, status


@pytest.fixture
def twelve_items(in_office_a):
    """Twelve items an hour apart, newest first; every fourth is from the courier."""
    mine, other = ClientFactory(), ClientFactory()
    start = timezone.now() - dt.timedelta(days=1)
    items = []
    for i in range(12):
        items.append(
            item_register(
                client=other if i == 1 else mine,
                sender="Kurier Żółw" if i % 4 == 0 or i == 1 else "Urząd Skarbowy",
                received_at=start - dt.timedelta(hours=i),
            )
        )
    return SimpleNamespace(items=items, mine=mine, other=other)


def _pages(membership, filters) -> list[tuple[list[str], bool]]:
    pages, number = [], 1
    while True:
        page = mail_page(membership=membership, filters=filters, page=number)
        pages.append(([row.number for row in page["rows"]], page["has_next"]))
        if not page["has_next"]:
            return pages
        number += 1


def _searched_the_index(membership, filters) -> bool:
    with CaptureQueriesContext(connection) as queries:
        mail_page(membership=membership, filters=filters)
    return any("enable_indexscan = off" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("window, through_index", [(100, False), (3, True)])
def test_search_pages_are_the_same_through_the_window_and_the_index(
    twelve_items, monkeypatch, window, through_index
):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", window)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    numbers = [item.number for item in twelve_items.items]
    filters = MailFilters(query="zolw", status=status("to_pick_up"))

    assert _pages(OFFICE_WIDE, filters) == [
        ([numbers[0], numbers[1]], True),
        ([numbers[4], numbers[8]], False),
    ]
    assert _searched_the_index(OFFICE_WIDE, filters) is through_index


@pytest.mark.parametrize("window", [100, 3])
def test_a_client_user_searches_only_their_own_items(twelve_items, monkeypatch, window):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", window)
    numbers = [item.number for item in twelve_items.items]
    client_user = SimpleNamespace(is_staff_role=False, client_id=twelve_items.mine.pk)

    page = mail_page(membership=client_user, filters=MailFilters(query="kurier"))

    assert [row.number for row in page["rows"]] == [numbers[0], numbers[4], numbers[8]]


def test_a_window_holding_everything_is_the_answer_even_with_few_matches(twelve_items, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 12)
    filters = MailFilters(query="kurier", client_id=twelve_items.mine.pk)

    assert not _searched_the_index(OFFICE_WIDE, filters)
    page = mail_page(membership=OFFICE_WIDE, filters=filters)
    assert len(page["rows"]) == 3
    assert not page["has_next"]


def test_words_without_matches_give_an_empty_page(twelve_items, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 3)

    page = mail_page(membership=OFFICE_WIDE, filters=MailFilters(query="kurier inpost"))

    assert page["rows"] == []
    assert not page["has_next"]


def test_the_pages_written_out_sql_agrees_with_the_orm_on_every_filter(in_office_a):
    mine, other = ClientFactory(), ClientFactory()
    now = timezone.now()
    hidden = status("shredded")
    hidden.visible_to_client = False
    hidden.save(update_fields=["visible_to_client"])
    for i in range(16):
        item_register(
            client=mine if i % 3 else other,
            direction="out" if i % 4 == 0 else "in",
            sender="" if i % 4 == 0 else "ZUS",
            recipient="Bank" if i % 4 == 0 else "",
            status=hidden if i % 5 == 0 else status("sent" if i % 4 == 0 else "to_pick_up"),
            received_at=now - dt.timedelta(days=i),
        )
    client_user = SimpleNamespace(is_staff_role=False, client_id=mine.pk)
    today = timezone.localdate()
    variants = [
        MailFilters(),
        MailFilters(status=hidden),
        MailFilters(status=status("sent"), direction="out"),
        MailFilters(status=status("to_pick_up"), direction="in"),
        MailFilters(client_id=other.pk, direction="in"),
        MailFilters(direction="sideways"),
        MailFilters(date_from=today - dt.timedelta(days=6), date_to=today - dt.timedelta(days=2)),
        MailFilters(date_to=today - dt.timedelta(days=10), query="zus"),
    ]
    for membership in (OFFICE_WIDE, client_user, None):
        for filters in variants:
            through_orm = list(
                selectors.mail_item_filtered(membership=membership, filters=filters).values_list(
                    "number", flat=True
                )
                if membership is not None
                else []
            )
            page = selectors.archive_page(membership=membership, filters=filters)
            assert [row["number"] for row in page["rows"]] == through_orm, (membership, filters)
    assert through_orm == []  # the last variant for nobody


def test_page_rows_hold_each_column_under_its_own_name(twelve_items):
    """MailRow unpacks a row positionally: each attribute must be its column's value."""
    from modules.mail.models import MailItem
    from modules.mail.selectors import _PAGE_FIELDS

    row = mail_page(membership=OFFICE_WIDE, filters=MailFilters())["rows"][0]
    item = MailItem.objects.get(pk=row.pk)
    assert {name: getattr(row, name) for name in _PAGE_FIELDS} == {
        name: getattr(item, name) for name in _PAGE_FIELDS
    }
    assert row.status.pk == item.status_id and row.mail_type.pk == item.mail_type_id
    assert row.correspondent == item.correspondent
