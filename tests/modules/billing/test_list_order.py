"""The office list (/settlements/) orders clients by the office language's alphabet, both
ways: in Slovak "Šíravá" comes after "Sever" and before "Tatra", not after "Váh" (code
point order put "Š" after every ASCII letter)."""

import re
from decimal import Decimal

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory

NAMES = ["Váh Stavby s.r.o.", "Šíravá Média a.s.", "Sever Trade s.r.o.", "Tatra Consult"]


def _order(html: str) -> list[str]:
    found = [(html.index(name), name) for name in NAMES if name in html]
    return [name for _index, name in sorted(found)]


def test_the_slovak_list_sorts_by_the_slovak_alphabet_both_ways(office_b):
    with in_office(office_b):
        package = biznes(price=Decimal("10"))
        for name in NAMES:
            on_package(package, ClientFactory(name=name))
    web = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))
    html = web.get("/settlements/?month=2026-03").content.decode()
    expected = ["Sever Trade s.r.o.", "Šíravá Média a.s.", "Tatra Consult", "Váh Stavby s.r.o."]
    assert _order(html) == expected
    html = web.get("/settlements/?month=2026-03&sort=-client").content.decode()
    assert _order(html) == expected[::-1]
    assert re.search(r"Šíravá", html)
