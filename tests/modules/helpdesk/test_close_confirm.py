"""Closing or declining a request asks first and says what follows (the client's e-mail,
quotes withdrawn); staff reopen a closed or rejected request (audit of 2026-12-07)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from modules.helpdesk.models import Change, Quote, Request
from modules.helpdesk.services import quote_create, request_transition
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient


def _quoted(office, staff):
    with in_office(office):
        client = ClientFactory(name="Kowalski Consulting")
        email_recipient(
            client_id=client.pk,
            address="jan@kowalski.pl",
            language="en",
            events=["helpdesk.status", "helpdesk.reply"],
        )
        req = raised(actor=staff, client=client, subject="Parcel")
        quote_create(
            request=req,
            actor=staff,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            lines=[
                {
                    "description": "Courier",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("100"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
        Delivery.objects.all().delete()
        req.refresh_from_db()
    return req


def test_close_on_the_request_page_is_a_question_not_a_one_click_action(office_a, staff_a):
    req = _quoted(office_a, staff_a)
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f'href="/helpdesk/{req.pk}/status/close/" data-action="close"' in page
    # a POST without the confirmation (an old form, one click) changes nothing and asks
    response = web.post(f"/helpdesk/{req.pk}/status/", {"action": "close", "version": req.version})
    assert response.status_code == 302
    assert response["Location"] == f"/helpdesk/{req.pk}/status/close/"
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "waiting_quote"
        assert Quote.objects.get().status == "sent"
        assert not Delivery.objects.exists()


def test_the_question_says_what_follows_and_its_post_closes(office_a, staff_a):
    req = _quoted(office_a, staff_a)
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/helpdesk/{req.pk}/status/close/").content.decode().replace("\xa0", " ")
    assert (
        "Kowalski Consulting gets an e-mail with the new status “Closed” "
        "(and your comment, if you write one)." in page
    )
    assert "Quote #1 (PLN 123.00) is withdrawn: the client can no longer accept it." in page
    response = web.post(
        f"/helpdesk/{req.pk}/status/",
        {"action": "close", "version": req.version, "confirmed": "1", "comment": "Done by phone."},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "closed"
        assert Quote.objects.get().status == "withdrawn"
        mails = list(
            Delivery.objects.filter(address="jan@kowalski.pl").values_list("event", "body")
        )
    assert len(mails) == 1
    assert mails[0][0] == "helpdesk.reply"
    assert "Done by phone." in mails[0][1]


def test_decline_asks_too_and_another_action_has_no_question(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a)
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f'href="/helpdesk/{req.pk}/status/decline/" data-action="decline"' in page
    assert web.get(f"/helpdesk/{req.pk}/status/decline/").status_code == 200
    assert web.get(f"/helpdesk/{req.pk}/status/start/").status_code == 404


def test_staff_reopen_a_closed_request_with_history_and_the_clients_email(office_a, staff_a):
    req = _quoted(office_a, staff_a)
    with in_office(office_a):
        request_transition(request=req, action="close", actor=staff_a)
        req.refresh_from_db()
        Delivery.objects.all().delete()
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert 'data-action="restore">Reopen</button>' in page
    response = web.post(
        f"/helpdesk/{req.pk}/status/", {"action": "restore", "version": req.version}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "reopened"
        last = Change.objects.filter(request=req, field="status").latest("pk")
        assert (last.old, last.new) == ("closed", "reopened")
        assert list(Delivery.objects.values_list("event", flat=True)) == ["helpdesk.status"]
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert 'data-action="start"' in page  # work goes on from here


def test_staff_reopen_a_request_they_declined(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a)
        request_transition(request=req, action="decline", actor=staff_a)
        done = request_transition(request=req, action="restore", actor=staff_a)
        assert done.status == "reopened"
