import re
import time

from django.conf import settings
from django.core import signing

from accounts.models import Role
from modules.notifications.models import Delivery
from modules.notifications.services import recipient_update
from modules.scanrequests.links import scan_request_link_token, scan_request_link_url
from modules.scanrequests.models import ScanRequest
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient, sms_recipient
from tests.modules.scanrequests.factories import allow, waiting_item

LINK = re.compile(r"(https?://\S+/scan-request/[^/\s]+/)")


def _link_setup(office, **item_data):
    with in_office(office):
        allow(confirmation_text="Skanowanie może być płatne.")
        client = ClientFactory(name="Zielony Las")
        recipient = email_recipient(client_id=client.pk, address="anna@las.pl", name="Anna")
        item = waiting_item(client=client, sender="ZUS", **item_data)
        url = scan_request_link_url(office=office, item_id=item.pk, recipient_id=recipient.pk)
    return item, recipient, url.removeprefix(office.url)


def _anonymous(office, **kwargs) -> OfficeClient:
    """Someone following the link, not signed in, whose browser asks for English."""
    web = OfficeClient(office, **kwargs)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return web


def _count(office) -> int:
    with in_office(office):
        return ScanRequest.objects.count()


def test_new_mail_email_carries_a_link_per_recipient_only_without_a_scan(in_office_a, office_a):
    allow()
    client = ClientFactory()
    anna = email_recipient(client_id=client.pk, address="anna@las.pl", language="en")
    jan = email_recipient(client_id=client.pk, address="jan@las.pl", language="pl")
    sms_recipient(client_id=client.pk)
    item = waiting_item(client=client, notify_choice="email")
    bodies = {
        d.address: d.body for d in Delivery.objects.filter(notification_id=item.notification_id)
    }
    assert set(bodies) == {"anna@las.pl", "jan@las.pl"}  # e-mail only: the SMS is not chosen
    anna_link = LINK.search(bodies["anna@las.pl"]).group(1)
    jan_link = LINK.search(bodies["jan@las.pl"]).group(1)
    assert "\n\nRequest a scan: " + anna_link in bodies["anna@las.pl"]
    assert "\n\nPoproś o skan: " + jan_link in bodies["jan@las.pl"]
    assert anna_link != jan_link
    assert anna_link.startswith(f"{office_a.url}/scan-request/")
    token = anna_link.rstrip("/").rsplit("/", 1)[1]
    assert signing.loads(token, salt="scanrequests.link") == {
        "o": office_a.pk,
        "i": item.pk,
        "r": anna.pk,
    }
    assert jan.pk != anna.pk


def test_no_link_when_the_email_carries_the_scan(in_office_a):
    allow()
    client = ClientFactory()
    email_recipient(client_id=client.pk, language="en")
    item = waiting_item(client=client, scans=["skan.pdf"], notify_choice="email_scan")
    (delivery,) = Delivery.objects.filter(notification_id=item.notification_id)
    assert "The scan is attached." in delivery.body
    assert "Request a scan" not in delivery.body and "/scan-request/" not in delivery.body


def test_no_link_when_the_client_may_not_ask(in_office_a):
    allow(enabled=False)
    client = ClientFactory()
    email_recipient(client_id=client.pk, language="en")
    item = waiting_item(client=client, notify_choice="email")
    (delivery,) = Delivery.objects.filter(notification_id=item.notification_id)
    assert "/scan-request/" not in delivery.body


def test_opening_the_link_only_shows_the_confirmation(office_a):
    item, _recipient, path = _link_setup(office_a)
    web = _anonymous(office_a)
    for _ in range(3):  # a mail system's link scanner, then the person, then a preview
        response = web.get(path)
        assert response.status_code == 200
    assert web.head(path).status_code == 200
    page = response.content.decode()
    assert "Skanowanie może być płatne." in page
    assert "ZUS" in page and item.number in page
    assert 'data-testid="confirm"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert _count(office_a) == 0


def test_confirming_creates_one_request_and_opening_twice_creates_no_second(office_a):
    item, recipient, path = _link_setup(office_a)
    web = _anonymous(office_a)
    response = web.post(path)
    assert response.status_code == 200
    assert 'data-testid="created"' in response.content.decode()
    with in_office(office_a):
        scan_request = ScanRequest.objects.get()
        assert (
            scan_request.item_id,
            scan_request.source,
            scan_request.requested_by_recipient_id,
            scan_request.requested_by,
            scan_request.requested_by_user_id,
        ) == (item.pk, "email", recipient.pk, "Anna <anna@las.pl>", None)
    again = web.post(path)
    assert again.status_code == 409
    assert "A scan of this item was already requested on " in again.content.decode()
    reopened = web.get(path).content.decode()
    assert 'data-testid="already-requested"' in reopened and 'data-testid="confirm"' not in (
        reopened
    )
    assert _count(office_a) == 1


def test_a_tampered_link_is_refused(office_a):
    item, _recipient, path = _link_setup(office_a)
    token = path.split("/")[2]
    payload, rest = token.split(":", 1)
    other = signing.dumps({"o": office_a.pk, "i": item.pk + 1, "r": 1}, salt="scanrequests.link")
    for bad in (
        payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + ":" + rest,
        other.split(":", 1)[0] + ":" + rest,  # another payload with this signature
        token[:-3],
        "garbage",
    ):
        web = _anonymous(office_a)
        assert web.get(f"/scan-request/{bad}/").status_code == 400, bad
        assert web.post(f"/scan-request/{bad}/").status_code == 400, bad
    # signed with another salt (another purpose of the same key)
    forged = signing.dumps({"o": office_a.pk, "i": item.pk, "r": 1}, salt="other")
    assert _anonymous(office_a).post(f"/scan-request/{forged}/").status_code == 400
    assert _count(office_a) == 0


def test_an_expired_link_is_refused(office_a, monkeypatch):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        recipient = email_recipient(client_id=client.pk)
        item = waiting_item(client=client)
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() - 31 * 24 * 3600)
        token = scan_request_link_token(office=office_a, item_id=item.pk, recipient_id=recipient.pk)
        monkeypatch.setattr(time, "time", real)
    web = _anonymous(office_a)
    response = web.get(f"/scan-request/{token}/")
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert web.post(f"/scan-request/{token}/").status_code == 410
    assert _count(office_a) == 0


def test_another_offices_link_is_refused(office_a, office_b):
    _item, _recipient, path = _link_setup(office_a)
    web = _anonymous(office_b)
    assert web.get(path).status_code == 404
    assert web.post(path).status_code == 404
    assert _count(office_a) == 0 and _count(office_b) == 0


def test_a_link_for_another_person_is_refused(office_a):
    item, recipient, _path = _link_setup(office_a)
    with in_office(office_a):
        stranger = email_recipient(client_id=ClientFactory().pk, address="obcy@firma.pl")
        url = scan_request_link_url(office=office_a, item_id=item.pk, recipient_id=stranger.pk)
    web = _anonymous(office_a)
    path = url.removeprefix(office_a.url)
    assert web.get(path).status_code == 404
    assert web.post(path).status_code == 404
    # the right person, but no longer a recipient of the company
    with in_office(office_a):
        recipient_update(recipient=recipient, actor=None, is_active=False)
        own = scan_request_link_url(office=office_a, item_id=item.pk, recipient_id=recipient.pk)
    response = web.post(own.removeprefix(office_a.url))
    assert response.status_code == 404
    assert "This link is no longer valid for your address." in response.content.decode()
    assert _count(office_a) == 0


def test_a_link_signed_in_as_someone_else_still_acts_for_its_own_person(office_a):
    _item, recipient, path = _link_setup(office_a)
    other_company_user = member(office_a, Role.CLIENT, client_id=999)
    web = OfficeClient(office_a, user=other_company_user)
    assert web.post(path).status_code == 200
    with in_office(office_a):
        scan_request = ScanRequest.objects.get()
        assert scan_request.requested_by_recipient_id == recipient.pk
        assert scan_request.requested_by_user_id is None
