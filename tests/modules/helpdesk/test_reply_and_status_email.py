"""A staff reply that also changes the status sends the client one e-mail saying both; the
staff watcher's e-mail has a subject of its own, a greeting and the reply's text."""

from accounts.models import Role
from modules.helpdesk.models import Change, Reply, Request
from modules.helpdesk.services import reply_create, watcher_set
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient

EVENTS = ["helpdesk.reply", "helpdesk.status"]


def _staff(office, email, name, language):
    user = member(office, Role.STAFF)
    user.email, user.full_name, user.language = email, name, language
    user.save(update_fields=["email", "full_name", "language"])
    return user


def test_a_reply_that_starts_work_sends_the_client_one_email(office_a):
    jana = _staff(office_a, "jana@office-a.sk", "Jana Horváthová", "sk")
    with in_office(office_a):
        client = ClientFactory(name="Kowalski Consulting")
        email_recipient(
            client_id=client.pk, address="jan@kowalski.sk", language="sk", events=EVENTS
        )
        req = raised(actor=jana, client=client, subject="Preposielanie pošty")
    web = OfficeClient(office_a, user=jana)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert 'data-testid="reply-then"' in page and '<option value="start">' in page
    response = web.post(
        f"/helpdesk/{req.pk}/reply/", {"body": "Pošta pôjde v piatok.", "then": "start"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "in_progress"
        moved = Change.objects.filter(request_id=req.pk, field="status", new="in_progress")
        assert moved.count() == 1
        sent = list(
            Delivery.objects.filter(address="jan@kowalski.sk").values_list(
                "event", "subject", "body"
            )
        )
    # Client e-mails name the company and their panel links carry it (notifications).
    company = f"?client={client.pk}"
    url = f"{office_a.url}/portal/helpdesk/{req.pk}/{company}"
    assert sent == [
        (
            "helpdesk.reply",
            f"Odpoveď: {req.number} Preposielanie pošty",
            f"Spoločnosť: {client.name}\n\n"
            f"Dobrý deň,\n\nOdpoveď v požiadavke {req.number} Preposielanie pošty:\n\n"
            f"Pošta pôjde v piatok.\n\nStav požiadavky: V riešení.\n\n{url}\n\n"
            f"S pozdravom\n{office_a.name}\n{office_a.url}/portal/{company}",
        )
    ]


def test_a_plain_reply_says_no_status_and_an_action_not_possible_now_is_refused(office_a):
    jana = _staff(office_a, "jana@office-a.sk", "Jana Horváthová", "sk")
    with in_office(office_a):
        client = ClientFactory()
        email_recipient(client_id=client.pk, address="jan@firma.sk", language="en", events=EVENTS)
        req = raised(actor=jana, client=client, subject="Parcel")
        reply_create(request=req, actor=jana, body="It came today.")
        (body,) = Delivery.objects.filter(address="jan@firma.sk").values_list("body", flat=True)
    assert "It came today.\n\n" in body and "is now" not in body
    # "Ask the client" is not possible on a new request: refused, nothing written.
    web = OfficeClient(office_a, user=jana)
    response = web.post(f"/helpdesk/{req.pk}/reply/", {"body": "?", "then": "ask_client"})
    assert response.status_code == 403
    with in_office(office_a):
        assert Reply.objects.filter(request_id=req.pk).count() == 1


def test_the_staff_watchers_email_has_a_subject_a_greeting_and_the_reply(office_a):
    jana = _staff(office_a, "jana@office-a.sk", "Jana Horváthová", "sk")
    anna = _staff(office_a, "anna@office-a.pl", "Anna Nowak", "pl")
    with in_office(office_a):
        req = raised(actor=None, client=ClientFactory(), subject="Preposielanie pošty")
        watcher_set(request=req, user=anna, watching=True)
        reply_create(request=req, actor=jana, body="Kuriér objednaný na zajtra.")
        (mail,) = Delivery.objects.filter(event="helpdesk.watched", channel="email").values_list(
            "address", "subject", "body"
        )
    ref = f"{req.number} Preposielanie pošty"
    assert mail == (
        "anna@office-a.pl",
        f"{ref}: Nowa odpowiedź (Jana Horváthová)",
        f"Dzień dobry,\n\nzgłoszenie {ref}, które obserwujesz: Nowa odpowiedź (Jana "
        f"Horváthová).\n\nKuriér objednaný na zajtra.\n\n{office_a.url}/helpdesk/{req.pk}/",
    )


def test_a_reply_that_resolves_sends_the_client_the_resolved_email_quoting_it(office_a):
    """Audit 2026-12-07: while in progress the box offered only "unchanged" and "Ask the
    client"; a resolving reply is the resolution comment, in ONE e-mail."""
    from modules.helpdesk.services import request_transition

    jana = _staff(office_a, "jana@office-a.pl", "Jana Nowak", "en")
    with in_office(office_a):
        client = ClientFactory(name="Kowalski Consulting")
        email_recipient(
            client_id=client.pk,
            address="jan@kowalski.pl",
            language="en",
            events=[*EVENTS, "helpdesk.resolved"],
        )
        req = raised(actor=jana, client=client, subject="Parcel")
        request_transition(request=req, action="start", actor=jana)
        Delivery.objects.all().delete()
    web = OfficeClient(office_a, user=jana)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert '<option value="resolve">Resolve</option>' in page
    response = web.post(
        f"/helpdesk/{req.pk}/reply/", {"body": "Sent by courier today.", "then": "resolve"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).status == "resolved"
        sent = list(Delivery.objects.filter(address="jan@kowalski.pl").values_list("event", "body"))
    assert len(sent) == 1
    assert sent[0][0] == "helpdesk.resolved"
    assert "Sent by courier today." in sent[0][1]
