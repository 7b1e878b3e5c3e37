"""Audit: the office's "-" cancelled a client's scan request and nobody told the client, who
kept waiting for a scan that would not come; the list had no place for a reason either.
Now the row takes an optional reason and the client is e-mailed (`scanrequests.cancelled`);
a request cancelled because the letter left the desk (handed over...) still e-mails
nobody."""

from modules.mail.services import mail_update
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import status
from tests.modules.notifications.factories import email_recipient
from tests.modules.scanrequests.factories import allow, requested, waiting_item


def _world(office):
    with in_office(office):
        allow()
        client = ClientFactory(name="Zielony Las sp. z o.o.")
        email_recipient(client_id=client.pk, address="marek@zielonylas.pl", language="pl")
        item = waiting_item(client=client, sender="Sąd Rejonowy")
        return client, item, requested(item=item)


def test_the_client_is_emailed_when_the_office_cancels_with_the_reason(office_a, staff_a):
    _client, _item, scan_request = _world(office_a)
    staff_a.language = "pl"
    staff_a.save(update_fields=["language"])
    web = OfficeClient(office_a, user=staff_a)
    page = web.get("/mail/scan-requests/").content.decode()
    assert 'name="reason"' in page and 'data-testid="cancel-reason"' in page
    response = web.post(
        f"/mail/scan-requests/{scan_request.pk}/cancel/",
        {"reason": "Koperta zaklejona taśmą, skan nie byłby czytelny."},
    )
    assert response.status_code == 302
    # The flash message names the request ("Prośba o 2026/003590 anulowana" lacked "skan").
    listed = web.get("/mail/scan-requests/").content.decode()
    assert (
        f"Anulowano prośbę o skan przesyłki {scan_request.item.number}; klient może poprosić "
        "ponownie." in listed
    )
    with in_office(office_a):
        (delivery,) = Delivery.objects.filter(event="scanrequests.cancelled")
        assert (delivery.channel, delivery.address) == ("email", "marek@zielonylas.pl")
        assert delivery.subject == "Prośba o skan anulowana (nadawca: Sąd Rejonowy)"
        assert "biuro anulowało Twoją prośbę o skan przesyłki otrzymanej" in delivery.body
        assert "\nNadawca: Sąd Rejonowy\n" in delivery.body
        assert "\nPowód: Koperta zaklejona taśmą, skan nie byłby czytelny." in delivery.body


def test_without_a_reason_the_email_says_none(office_a, staff_a):
    _client, _item, scan_request = _world(office_a)
    web = OfficeClient(office_a, user=staff_a)
    assert web.post(f"/mail/scan-requests/{scan_request.pk}/cancel/").status_code == 302
    with in_office(office_a):
        (delivery,) = Delivery.objects.filter(event="scanrequests.cancelled")
        assert "Powód" not in delivery.body


def test_a_letter_that_left_the_desk_cancels_the_request_without_an_email(office_a, staff_a):
    _client, item, scan_request = _world(office_a)
    with in_office(office_a):
        mail_update(item=item, actor=staff_a, data={"status": status("picked_up")})
        scan_request.refresh_from_db()
        assert scan_request.status == "cancelled"
        assert not Delivery.objects.filter(event="scanrequests.cancelled").exists()
