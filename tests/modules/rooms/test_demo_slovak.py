"""A Slovak office's demo is Slovak: no Polish names in its rooms, extras, bookings, guests
or mail (letters only Polish has: ą ę ł ń ś ź ż)."""

import re

from accounts.models import Role
from modules.mail.demo import seed_demo as mail_demo
from modules.mail.models import MailItem
from modules.rooms.demo import seed_demo as rooms_demo
from modules.rooms.models import Booking, Extra, Room
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory

POLISH_ONLY = re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]")


def _polish(texts) -> list[str]:
    return sorted({t for t in texts if t and POLISH_ONLY.search(t)})


def test_the_slovak_demo_office_has_slovak_rooms_extras_and_bookings(office_b, in_office_b):
    for n in range(3):
        ClientFactory(name=f"Demo {n}", country="SK")
    rooms_demo(office=office_b, people={})
    assert sorted(Room.objects.values_list("name", flat=True)) == [
        "Miestnosť Dunaj",
        "Miestnosť Focus",
        "Miestnosť Tatry",
    ]
    assert "Káva a voda" in Extra.objects.values_list("name_sk", flat=True)
    assert _polish(Room.objects.values_list("name", flat=True)) == []
    assert _polish(Room.objects.values_list("description_sk", flat=True)) == []
    assert _polish(Extra.objects.values_list("name_sk", flat=True)) == []
    bookings = Booking.objects.all()
    assert bookings.exists()
    assert _polish(bookings.values_list("title", flat=True)) == []
    assert _polish(bookings.values_list("guest_name", flat=True)) == []


def test_the_slovak_demo_office_has_slovak_mail_senders_and_recipients(office_b, in_office_b):
    for _ in range(3):
        ClientFactory(country="SK")
    mail_demo(office=office_b, people={"staff": member(office_b, Role.STAFF)})
    items = MailItem.objects.all()
    assert items.filter(direction="out").exists()
    assert _polish(items.values_list("sender", flat=True)) == []
    assert _polish(items.values_list("recipient", flat=True)) == []
    assert not items.filter(tracking_number__endswith="PL").exists()
