import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.rooms.services import room_save
from tests.helpers.offices import OfficeClient, in_office, member


def _capacities(office, language: str) -> list[str]:
    web = OfficeClient(office, user=member(office, Role.ADMIN, language=language))
    web.cookies["vireo_language"] = language
    html = web.get("/administration/rooms/").content.decode()
    return re.findall(r'text-body-secondary">([^<·]+?) ·', html)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sk", ["1 osoba", "2 osoby", "6 osôb", "12 osôb"]),
        ("pl", ["1 osoba", "2 osoby", "6 osób", "12 osób"]),
        ("en", ["1 person", "2 people", "6 people", "12 people"]),
    ],
)
def test_the_rooms_list_says_how_many_people_in_the_readers_plural(office_b, language, expected):
    with in_office(office_b):
        for name, capacity in (("A", 1), ("B", 2), ("C", 6), ("D", 12)):
            room_save(
                actor=None,
                data={"name": name, "capacity": capacity, "price_hour": Decimal("10.00")},
            )
    assert _capacities(office_b, language) == expected
