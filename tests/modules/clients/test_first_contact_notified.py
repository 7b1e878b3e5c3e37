"""A new client's first contact person started with "receives notifications" unticked, so
the company received nothing (the card warned about it); the first person starts ticked,
later ones unticked (`services.contact_defaults`)."""

from modules.clients.models import ContactPerson
from modules.clients.services.clients import contact_person_save
from modules.notifications.selectors import client_is_notified
from tests.helpers.html import element
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory


def _ticked(html: str) -> bool:
    return "checked" in element(html, "input", name="receives_notifications")["attrs"]


def test_the_first_contact_person_starts_ticked_and_later_ones_not(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielona Łąka")
    web = OfficeClient(office_a, user=staff_a)
    url = f"/clients/{client.pk}/contacts/new/"
    assert _ticked(web.get(url).content.decode())
    saved = web.post(
        url,
        {
            "last_name": "Kowalski",
            "first_name": "Jan",
            "emails": "jan@zielonalaka.pl",
            "receives_notifications": "on",
            "email_events": ["mail.new"],
        },
    )
    assert saved.status_code == 302
    with in_office(office_a):
        jan = ContactPerson.objects.get(client=client)
        assert jan.receives_notifications is True
        assert client_is_notified(client_id=client.pk, channel="email")
    assert not _ticked(web.get(url).content.decode())  # the second person: unticked
    web.post(url, {"last_name": "Nowak", "emails": "ewa@zielonalaka.pl"})
    with in_office(office_a):
        assert ContactPerson.objects.get(last_name="Nowak").receives_notifications is False


def test_the_service_ticks_the_first_person_with_an_e_mail_when_not_told(office_a, staff_a):
    with in_office(office_a):
        with_mail, without = ClientFactory(), ClientFactory()
        first = contact_person_save(
            client=with_mail, actor=staff_a, data={"last_name": "A", "emails": "a@a.pl"}
        )
        second = contact_person_save(
            client=with_mail, actor=staff_a, data={"last_name": "B", "emails": "b@a.pl"}
        )
        phone_only = contact_person_save(
            client=without, actor=staff_a, data={"last_name": "C", "phones": "+48 601 222 333"}
        )
        told = contact_person_save(
            client=ClientFactory(),
            actor=staff_a,
            data={"last_name": "D", "emails": "d@a.pl", "receives_notifications": False},
        )
        assert [c.receives_notifications for c in (first, second, phone_only, told)] == [
            True,
            False,
            False,
            False,
        ]
        assert client_is_notified(client_id=with_mail.pk, channel="email")
        assert not client_is_notified(client_id=without.pk)
