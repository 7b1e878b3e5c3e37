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


def test_the_queues_bulk_close_asks_first_and_says_what_follows(office_a, staff_a):
    """Audit 2026-12-07: the queue's "Close" acted on the chosen requests at once, while a
    request's own Close asks first; now it asks the same way (how many, the clients
    e-mailed, the quotes withdrawn) and only its confirmed POST closes."""
    quoted = _quoted(office_a, staff_a)
    with in_office(office_a):
        lipa = ClientFactory(name="Lipa Sp. z o.o.")
        email_recipient(client_id=lipa.pk, address="ewa@lipa.pl", language="en")
        other = raised(actor=staff_a, client=lipa, subject="Keys")
        internal = raised(actor=staff_a, subject="Printer")
        done = raised(actor=staff_a, subject="Old")
        request_transition(request=done, action="close", actor=staff_a)
        Delivery.objects.all().delete()
    web = OfficeClient(office_a, user=staff_a)
    chosen = {
        "action": "close",
        "ids": [quoted.pk, other.pk, internal.pk, done.pk],
        "next": "/helpdesk/?status=open",
    }
    response = web.post("/helpdesk/bulk/", chosen)
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "3 requests are closed: their status becomes “Closed”." in page
    assert (
        "These clients get an e-mail with the new status “Closed” (and your comment, if you "
        "write one): Kowalski Consulting, Lipa Sp. z o.o." in page
    )
    assert "Lipa Sp. z o.o.." not in page
    assert (
        f"Quote #1 of request {quoted.number} ({'PLN 123.00'}) is withdrawn: the client can no "
        "longer accept it." in page
    )
    assert "1 of the chosen requests is closed already and stays as it is." in page
    assert page.count('name="ids"') == 3 and f'name="ids" value="{done.pk}"' not in page
    assert 'href="/helpdesk/?status=open">Back to the queue</a>' in page
    with in_office(office_a):  # asked, nothing done
        assert sorted(Request.objects.values_list("status", flat=True)) == [
            "closed",
            "new",
            "new",
            "waiting_quote",
        ]
        assert Quote.objects.get().status == "sent"
        assert not Delivery.objects.exists()
    response = web.post(
        "/helpdesk/bulk/",
        {**chosen, "ids": [quoted.pk, other.pk, internal.pk], "confirmed": "1",
         "comment": "Done by phone."},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/helpdesk/?status=open"
    with in_office(office_a):
        assert set(Request.objects.values_list("status", flat=True)) == {"closed"}
        assert Quote.objects.get().status == "withdrawn"
        mails = list(
            Delivery.objects.filter(address="jan@kowalski.pl").values_list("event", "body")
        )
    assert len(mails) == 1
    assert "Done by phone." in mails[0][1]


def test_the_bulk_question_in_polish_and_when_nothing_can_be_closed(office_a, staff_a):
    with in_office(office_a):
        lipa = ClientFactory(name="Lipa Sp. z o.o.")
        email_recipient(client_id=lipa.pk, address="ewa@lipa.pl")
        one = raised(actor=staff_a, client=lipa)
        done = raised(actor=staff_a)
        request_transition(request=done, action="close", actor=staff_a)
        staff_a.language = "pl"
        staff_a.save(update_fields=["language"])
    web = OfficeClient(office_a, user=staff_a)
    page = web.post("/helpdesk/bulk/", {"action": "close", "ids": [one.pk]}).content.decode()
    assert "1 zgłoszenie zostanie zamknięte: jego status zmieni się na „Zamknięte”." in page
    assert (
        "Lipa Sp. z o.o. otrzyma e-mail z nowym statusem „Zamknięte” (i z Twoim komentarzem, "
        "jeśli go napiszesz)." in page
    )
    assert "Zamknij 1 zgłoszenie</button>" in page
    nothing = web.post("/helpdesk/bulk/", {"action": "close", "ids": [done.pk]})
    assert nothing.status_code == 200
    assert (
        "Żadnego z wybranych zgłoszeń nie można zamknąć: wszystkie są już zamknięte."
        in nothing.content.decode()
    )
    assert 'data-testid="bulk-confirm-form"' not in nothing.content.decode()


def _switched(office, address: str, events: list[str]) -> None:
    from modules.notifications.models import NotificationRecipient

    with in_office(office):
        NotificationRecipient.objects.filter(address=address).update(events=events)


def test_the_question_says_no_email_goes_when_no_contact_receives_it(office_a, staff_a):
    """Gap of 2026-12-07: the Close and Decline questions said "<client> gets an e-mail"
    whenever the request had a client, even when none of its contacts receives the status
    e-mail. They now ask notify()'s recipient rule (helpdesk.status alone; with a comment
    the change goes as a helpdesk.reply)."""
    req = _quoted(office_a, staff_a)
    web = OfficeClient(office_a, user=staff_a)

    def said(action: str) -> str:
        page = web.get(f"/helpdesk/{req.pk}/status/{action}/").content.decode()
        return (
            page.replace("\xa0", " ").split('data-testid="consequence-email">')[1].split("</li>")[0]
        )

    _switched(office_a, "jan@kowalski.pl", ["mail.new"])
    assert said("close") == "No e-mail goes: no contact of Kowalski Consulting receives it."
    _switched(office_a, "jan@kowalski.pl", ["helpdesk.status"])
    assert said("close") == (
        "Kowalski Consulting gets an e-mail with the new status “Closed”, without your "
        "comment: no contact of Kowalski Consulting receives replies."
    )
    _switched(office_a, "jan@kowalski.pl", ["helpdesk.reply"])
    assert said("close") == (
        "Kowalski Consulting gets an e-mail with the new status “Closed” only if you write a "
        "comment (it goes as a reply): no contact of Kowalski Consulting receives status "
        "changes."
    )
    with in_office(office_a):  # an SMS of the status is not an e-mail; a switched-off row
        from modules.notifications.models import NotificationRecipient
        from tests.modules.notifications.factories import sms_recipient

        client_id = req.client_id
        sms_recipient(client_id=client_id, address="+48601234567", events=["helpdesk.status"])
        NotificationRecipient.objects.filter(address="jan@kowalski.pl").update(
            events=["helpdesk.status", "helpdesk.reply"], is_active=False
        )
        assert Request.objects.get(pk=req.pk).status == "waiting_quote"
    assert said("close") == "No e-mail goes: no contact of Kowalski Consulting receives it."
    # Decline asks the same question (a request it is possible for)
    with in_office(office_a):
        fresh = raised(actor=staff_a, client=req.client, subject="Keys")
    page = web.get(f"/helpdesk/{fresh.pk}/status/decline/").content.decode()
    assert "No e-mail goes: no contact of Kowalski Consulting receives it." in page
    # and what it says is what happens: closing without a comment e-mails nobody
    response = web.post(
        f"/helpdesk/{req.pk}/status/", {"action": "close", "version": req.version, "confirmed": "1"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "closed"
        assert not Delivery.objects.filter(channel="email").exists()


def test_the_question_in_polish_and_slovak_when_no_email_goes(office_a, staff_a):
    req = _quoted(office_a, staff_a)
    _switched(office_a, "jan@kowalski.pl", [])
    web = OfficeClient(office_a, user=staff_a)
    for language, sentence in (
        ("pl", "Żaden e-mail nie zostanie wysłany: nie otrzymuje go żadna z osób kontaktowych "
               "firmy Kowalski Consulting."),
        ("sk", "Žiadny e-mail sa nepošle: nedostáva ho žiadna kontaktná osoba spoločnosti "
               "Kowalski Consulting."),
    ):  # fmt: skip
        staff_a.language = language
        staff_a.save(update_fields=["language"])
        page = web.get(f"/helpdesk/{req.pk}/status/close/").content.decode()
        assert sentence in page.replace("\xa0", " ")


def test_the_bulk_question_names_the_clients_no_email_reaches(office_a, staff_a):
    quoted = _quoted(office_a, staff_a)  # Kowalski: status and replies
    with in_office(office_a):
        lipa = ClientFactory(name="Lipa Sp. z o.o.")
        email_recipient(client_id=lipa.pk, address="ewa@lipa.pl", events=["mail.new"])
        dab = ClientFactory(name="Dąb s.r.o.")
        email_recipient(client_id=dab.pk, address="jan@dab.sk", events=["helpdesk.status"])
        chosen = [quoted.pk, raised(actor=staff_a, client=lipa).pk]
        chosen.append(raised(actor=staff_a, client=dab).pk)
    web = OfficeClient(office_a, user=staff_a)
    page = web.post("/helpdesk/bulk/", {"action": "close", "ids": chosen}).content.decode()
    page = page.replace("\xa0", " ")
    assert (
        "Kowalski Consulting gets an e-mail with the new status “Closed” (and your comment, if "
        "you write one)." in page
    )
    assert (
        "Dąb s.r.o. gets an e-mail with the new status “Closed”, without your comment: its "
        "contacts receive no replies." in page
    )
    assert "No e-mail goes: no contact of Lipa Sp. z o.o. receives it." in page
    assert page.count("Lipa Sp. z o.o.") == 1 and page.count("Dąb s.r.o.") == 1


def test_a_comment_goes_as_a_reply_and_status_only_contacts_still_get_the_status(office_a, staff_a):
    # A transition's comment goes as the reply e-mail (status included) to whoever receives
    # replies; a contact who receives only status changes still gets the status e-mail,
    # without the comment (before, they got nothing when staff wrote a comment).
    req = _quoted(office_a, staff_a)  # jan@: status and replies
    with in_office(office_a):
        email_recipient(
            client_id=req.client_id,
            address="ewa@kowalski.pl",
            language="en",
            events=["helpdesk.status"],
        )
        email_recipient(
            client_id=req.client_id,
            address="adam@kowalski.pl",
            language="en",
            events=["helpdesk.reply"],
        )
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        f"/helpdesk/{req.pk}/status/",
        {"action": "close", "version": req.version, "confirmed": "1", "comment": "Done by phone."},
    )
    assert response.status_code == 302
    with in_office(office_a):
        mails = {
            address: (event, body)
            for address, event, body in Delivery.objects.filter(channel="email").values_list(
                "address", "event", "body"
            )
        }
        assert Delivery.objects.filter(channel="email").count() == 3
    assert mails["jan@kowalski.pl"][0] == "helpdesk.reply"
    assert "Done by phone." in mails["jan@kowalski.pl"][1]
    assert mails["adam@kowalski.pl"][0] == "helpdesk.reply"
    assert mails["ewa@kowalski.pl"][0] == "helpdesk.status"
    assert "Done by phone." not in mails["ewa@kowalski.pl"][1]
    assert "Closed" in mails["ewa@kowalski.pl"][1]
