"""What staff write with a status change reaches the client in one e-mail (the API's
transition with a comment, as a reply that changes the status), and the staff watchers get
one alert and one e-mail for a reply that changes the status."""

from accounts.models import Role
from modules.helpdesk.models import Reply, Request
from modules.helpdesk.services import reply_create, request_transition, watcher_set
from modules.notifications.models import Delivery, StaffAlert
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient

API = "/api/v1/helpdesk/requests/"
EVENTS = ["helpdesk.reply", "helpdesk.status", "helpdesk.resolved"]


def _person(office, email, name, language="en"):
    user = member(office, Role.STAFF)
    user.email, user.full_name, user.language = email, name, language
    user.save(update_fields=["email", "full_name", "language"])
    return user


def _setup(office):
    jana = _person(office, "jana@office-a.sk", "Jana Horváthová")
    anna = _person(office, "anna@office-a.pl", "Anna Nowak")
    with in_office(office):
        client = ClientFactory(name="Kowalski Consulting")
        email_recipient(
            client_id=client.pk, address="jan@kowalski.pl", language="en", events=EVENTS
        )
        req = raised(actor=jana, client=client, subject="Parcel")
        watcher_set(request=req, user=anna, watching=True)
        Delivery.objects.all().delete()
        StaffAlert.objects.all().delete()
    return jana, anna, client, req


def _client_mail(office) -> list:
    with in_office(office):
        return list(
            Delivery.objects.filter(address="jan@kowalski.pl")
            .order_by("pk")
            .values_list("event", "body")
        )


def test_a_transition_with_a_comment_by_api_sends_the_client_one_email_with_it(office_a):
    jana, _anna, client, req = _setup(office_a)
    web = OfficeClient(office_a, user=jana)
    response = web.post(
        f"{API}{req.pk}/transition/",
        {"action": "start", "comment": "The courier comes on Friday."},
        content_type="application/json",
    )
    assert response.status_code == 200
    company = f"?client={client.pk}"
    url = f"{office_a.url}/portal/helpdesk/{req.pk}/{company}"
    assert _client_mail(office_a) == [
        (
            "helpdesk.reply",
            f"Company: {client.name}\n\nHello,\n\nA reply in request {req.number} Parcel:\n\n"
            f"The courier comes on Friday.\n\nThe request is now: In progress.\n\n{url}\n\n"
            f"Kind regards\n{office_a.name}\n{office_a.url}/portal/{company}",
        )
    ]
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "in_progress"
        assert list(Reply.objects.filter(request=req).values_list("body", "internal")) == [
            ("The courier comes on Friday.", False)
        ]
        # The watcher's e-mail quotes what was written with the change.
        (watched,) = Delivery.objects.filter(event="helpdesk.watched", channel="email")
        assert watched.address == "anna@office-a.pl"
        assert "In progress.\n\nThe courier comes on Friday.\n\n" in watched.body


def test_resolving_with_a_comment_quotes_it_in_the_resolved_email_alone(office_a):
    jana, _anna, _client, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        Delivery.objects.all().delete()
    web = OfficeClient(office_a, user=jana)
    response = web.post(
        f"{API}{req.pk}/transition/",
        {"action": "resolve", "comment": "Sent to Berlin, tracking 123."},
        content_type="application/json",
    )
    assert response.status_code == 200
    [(event, body)] = _client_mail(office_a)
    assert event == "helpdesk.resolved"
    assert (
        "Without an answer it is accepted after 7 days.\n\nSent to Berlin, tracking 123.\n\n"
        in (body)
    )
    # Without a comment the resolved e-mail reads as before.
    with in_office(office_a):
        other = raised(actor=jana, client=req.client, subject="Box")
        request_transition(request=other, action="start", actor=jana)
        Delivery.objects.all().delete()
        request_transition(request=other, action="resolve", actor=jana)
    [(event, body)] = _client_mail(office_a)
    assert "accepted after 7 days.\n\nhttp" in body


def test_closing_with_a_comment_sends_one_email_with_it(office_a):
    jana, _anna, _client, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        request_transition(request=req, action="resolve", actor=jana)
        Delivery.objects.all().delete()
        request_transition(request=req, action="close", actor=jana, comment="Done, thanks.")
    # Staff's comment on close: one e-mail, the reply's with the status.
    [(event, body)] = _client_mail(office_a)
    assert event == "helpdesk.reply" and "Done, thanks.\n\nThe request is now: Closed." in body


def test_a_reply_that_changes_the_status_tells_each_watcher_once(office_a):
    jana, anna, _client, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        Delivery.objects.all().delete()
        StaffAlert.objects.all().delete()
        reply_create(request=req, actor=jana, body="Which address?", then="ask_client")
        reply_create(
            request=req, actor=jana, body="Client called back", internal=True, then="start"
        )
        alerts = list(StaffAlert.objects.order_by("pk").values_list("user_id", "title"))
        mails = list(
            Delivery.objects.filter(event="helpdesk.watched", channel="email")
            .order_by("pk")
            .values_list("address", "subject")
        )
        client_mail = list(
            Delivery.objects.filter(address="jan@kowalski.pl")
            .order_by("pk")
            .values_list("event", flat=True)
        )
    ref = f"{req.number} Parcel"
    assert alerts == [
        (anna.pk, f"{ref}: New reply (Jana Horváthová); status: Waiting for the client"),
        (anna.pk, f"{ref}: New internal note (Jana Horváthová); status: In progress"),
    ]
    assert mails == [
        ("anna@office-a.pl", f"{ref}: New reply (Jana Horváthová); status: Waiting for the client"),
        ("anna@office-a.pl", f"{ref}: New internal note (Jana Horváthová); status: In progress"),
    ]
    # The client: the reply's e-mail with its status, then the plain status e-mail of the
    # internal note's change (the note itself is never sent).
    assert client_mail == ["helpdesk.reply", "helpdesk.status"]
