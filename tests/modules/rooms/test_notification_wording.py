"""The cancellation e-mail's words: the .ics it carries cancels the calendar event, and its
link stands before the sign-off."""

import pytest

from modules.notifications.models import Delivery, Notification
from modules.rooms import services
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make

pytestmark = pytest.mark.usefixtures("in_office_a")


def test_a_slovak_cancellation_says_the_ics_cancels_and_links_before_the_sign_off():
    open_every_day()
    room = room_make()
    client = ClientFactory()
    Notification.objects.all().delete()
    email_recipient(
        client_id=client.pk, address="lubomir@ceresna.sk", language="sk", name="Ľubomír"
    )
    booking = book(room, next_weekday(weeks=3), 10, 12, client=client)
    services.booking_cancel(booking=booking, actor=None, staff=True)
    confirmed, cancelled = Delivery.objects.order_by("pk")
    assert "V prílohe je rezervácia do kalendára (.ics)." in confirmed.body
    body = cancelled.body
    assert body.startswith("Dobrý deň,\n")
    assert "V prílohe je zrušenie udalosti pre kalendár (.ics)." in body
    assert "rezervácia do kalendára" not in body
    link = body.index("Podrobnosti: ")
    assert "/portal/rooms/" in body[link:]
    assert link < body.index("S pozdravom")
