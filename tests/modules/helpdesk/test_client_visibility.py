"""Which of the company's requests a client user (requester level) opens in the panel: their
own, the ones staff opened for the company, and all of them when they receive the company's
helpdesk e-mails (the e-mails link to them). A colleague's own request stays theirs."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from accounts.models import Membership, Role
from modules.helpdesk.models import Quote, Request
from modules.helpdesk.services import quote_create, reply_create
from modules.notifications.models import Delivery
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.factories import email_recipient

LINE = {
    "description": "Courier to Vienna",
    "quantity": Decimal("1"),
    "unit_price": Decimal("100"),
    "vat_rate": Decimal("23"),
}


def _opened_by_staff(office, staff, client) -> tuple[Request, Quote]:
    """As in the demo's HD-2026-00006: staff open a request for the company (by phone),
    reply and send a quote."""
    with in_office(office):
        req = raised(actor=staff, client=client, subject="Forward the post to Vienna")
        reply_create(request=req, actor=staff, body="We can do it by Friday.")
        quote = quote_create(
            request=req,
            actor=staff,
            valid_until=timezone.localdate() + dt.timedelta(days=7),
            lines=[LINE],
        )
    return req, quote


def test_a_client_user_opens_and_decides_what_staff_opened_for_the_company(office_a, staff_a):
    with in_office(office_a):
        kowalski, neighbour = ClientFactory(name="Kowalski Consulting"), ClientFactory()
    user = client_user(office_a, kowalski)
    colleague = client_user(office_a, kowalski)
    stranger = client_user(office_a, neighbour)
    req, quote = _opened_by_staff(office_a, staff_a, kowalski)
    with in_office(office_a):
        theirs = raised(actor=colleague, client=kowalski, subject="My own parking card")
    web = OfficeClient(office_a, user=user)
    listing = web.get("/portal/helpdesk/").content.decode()
    assert req.number in listing and theirs.number not in listing
    page = web.get(f"/portal/helpdesk/{req.pk}/")
    assert page.status_code == 200
    assert "We can do it by Friday." in page.content.decode()
    assert web.get(f"/portal/helpdesk/{theirs.pk}/").status_code == 404

    # A user of another company: 404 for the page and the quote, nothing decided.
    other = OfficeClient(office_a, user=stranger)
    assert other.get(f"/portal/helpdesk/{req.pk}/").status_code == 404
    assert other.get("/portal/helpdesk/").content.decode().count(req.number) == 0
    refused = other.post(f"/portal/helpdesk/quotes/{quote.pk}/", {"decision": "accept"})
    assert refused.status_code == 404
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "sent"

    response = web.post(f"/portal/helpdesk/quotes/{quote.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "accepted"
        assert Request.objects.get(pk=req.pk).status == "in_progress"


def test_the_request_page_permission_matrix_for_a_request_staff_opened(office_a, office_b, staff_a):
    """The matrix's client is a user of another company: 404, as for every row not theirs."""
    with in_office(office_a):
        client = ClientFactory()
    req, quote = _opened_by_staff(office_a, staff_a, client)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/portal/helpdesk/{req.pk}/",
        expect={
            "anonymous": 302,
            "client": 404,
            "staff": 403,
            "admin": 403,
            "owner": 403,
            "other_office": 403,
        },
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/helpdesk/quotes/{quote.pk}/",
        data={"decision": "accept"},
        expect={"anonymous": 302, "client": 404, "staff": 403, "other_office": 403},
        unchanged=lambda: Quote.objects.get(pk=quote.pk).status == "sent",
    )


def _link(delivery: Delivery) -> str:
    found = re.search(r"https?://[^/\s]+(/portal/helpdesk/\d+/)", delivery.body)
    assert found, delivery.body
    return found.group(1)


def test_the_recipient_of_the_companys_emails_opens_every_request_they_link(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
    reader = client_user(office_a, client)
    colleague = client_user(office_a, client)
    plain = client_user(office_a, client)
    with in_office(office_a):
        email_recipient(
            client_id=client.pk,
            address=reader.email.upper(),
            language="en",
            events=["helpdesk.reply"],
        )
        theirs = raised(actor=colleague, client=client, subject="Colleague's parcel")
        reply_create(request=theirs, actor=staff_a, body="It came today.")
        delivery = Delivery.objects.get(event="helpdesk.reply", address=reader.email.lower())
    link = _link(delivery)
    assert link == f"/portal/helpdesk/{theirs.pk}/"
    page = OfficeClient(office_a, user=reader).get(link)
    assert page.status_code == 200 and "It came today." in page.content.decode()
    # Who gets no e-mail about it does not see a colleague's own request.
    assert OfficeClient(office_a, user=plain).get(link).status_code == 404


def test_an_email_link_of_another_company_offers_the_switch(office_a, staff_a):
    with in_office(office_a):
        kowalski, other = ClientFactory(name="Kowalski Consulting"), ClientFactory(name="Alfa")
    user = client_user(office_a, other)  # acting for Alfa
    to_kowalski = Membership.objects.create(
        user=user,
        office=office_a,
        role=Role.CLIENT,
        client_id=kowalski.pk,
        client_name=kowalski.name,
    )
    req, _quote = _opened_by_staff(office_a, staff_a, kowalski)
    web = OfficeClient(office_a, user=user)
    url = f"/portal/helpdesk/{req.pk}/"
    html = web.get(url).content.decode()
    assert 'data-testid="switch-offer"' in html and "Switch to Kowalski Consulting" in html
    assert "Forward the post to Vienna" not in html
    response = web.post(f"/accounts/switch/{to_kowalski.pk}/", {"next": url}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "We can do it by Friday." in response.content.decode()
