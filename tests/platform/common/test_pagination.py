import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from common.pagination import MAX_PAGE, countless_page, page_number
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory


@pytest.mark.parametrize(
    ("value", "number"),
    [(None, 1), ("", 1), ("x", 1), ("0", 1), ("-3", 1), ("2", 2), (7, 7), ("9" * 20, MAX_PAGE)],
)
def test_a_typed_page_number_is_read_as_a_positive_whole_number(value, number):
    assert page_number(value) == number


def test_a_page_knows_its_neighbours_without_counting(office_a):
    with in_office(office_a):
        from modules.clients.models import Client

        for i in range(5):
            ClientFactory(name=f"Firma {i}")
        rows = Client.objects.order_by("name", "pk")
        with CaptureQueriesContext(connection) as queries:
            first = countless_page(rows, "1", 2)
            last = countless_page(rows, 3, 2)
            beyond = countless_page(rows, 4, 2)
        assert [c.name for c in first] == ["Firma 0", "Firma 1"]
        assert (first.has_next(), first.has_previous(), first.next_page_number()) == (
            True,
            False,
            2,
        )
        assert [c.name for c in last] == ["Firma 4"]
        assert (last.has_next(), last.has_previous(), last.previous_page_number()) == (
            False,
            True,
            2,
        )
        assert (list(beyond), beyond.has_previous(), beyond.has_other_pages()) == ([], True, True)
        assert len(queries) == 3
        assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)


def test_the_card_file_pages_without_counting_the_clients(office_a):
    staff = member(office_a, Role.STAFF)
    with in_office(office_a):
        for i in range(51):
            ClientFactory(name=f"Klient {i:02}")
    web = OfficeClient(office_a, user=staff)
    with CaptureQueriesContext(connection) as queries:
        first = web.get("/clients/").content.decode()
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    assert "Klient 49" in first and "Klient 50" not in first
    assert "?page=2" in first
    second = web.get("/clients/", {"page": "2"}).content.decode()
    assert "Klient 50" in second and "Klient 49" not in second
    assert "?page=1" in second and "?page=3" not in second
