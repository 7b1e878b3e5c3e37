import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.models import StaffNotice
from modules.helpdesk.services import (
    quote_create,
    quote_decide,
    request_transition,
    staff_notice_set,
    watcher_set,
)
from modules.notifications.models import Delivery, StaffAlert
from modules.notifications.services import settings_update as notifications_settings_update
from tests.helpers.offices import in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.factories import email_recipient

pytestmark = pytest.mark.django_db
EVENT = "helpdesk.client_decision"
LINE = {
    "description": "Courier to Berlin",
    "quantity": Decimal("2"),
    "unit_price": Decimal("50"),
    "vat_rate": Decimal("23"),
}


def _person(office, email, name, language):
    user = member(office, Role.STAFF)
    user.email, user.full_name, user.language = email, name, language
    user.save(update_fields=["email", "full_name", "language"])
    return user


def _titles() -> dict[int, str]:
    return dict(StaffAlert.objects.filter(event=EVENT).values_list("user_id", "title"))


def _setup(office):
    """A client's request assigned to Slovak-reading Jana, watched by English-reading Piotr,
    raised by the client's user Marek."""
    jana = _person(office, "jana@office-a.sk", "Jana Horváthová", "sk")
    piotr = _person(office, "piotr@office-a.pl", "Piotr Wolny", "en")
    with in_office(office):
        client = ClientFactory(name="Čerešňa")
    marek = client_user(office, client)
    with in_office(office):
        req = raised(actor=marek, client=client, source="portal", assignee_id=jana.pk)
        watcher_set(request=req, user=piotr, watching=True)
    return jana, piotr, marek, req


def test_a_quote_accepted_tells_the_assignee_and_watchers_each_in_their_language(office_a):
    jana, piotr, marek, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        quote = quote_create(
            request=req,
            actor=jana,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            lines=[LINE],
        )
        StaffAlert.objects.all().delete()
        Delivery.objects.all().delete()
        quote_decide(quote=quote, actor=marek, accept=True, comment="Prosím čo najskôr.")
        total = "123,00"
        titles = _titles()
        assert set(titles) == {jana.pk, piotr.pk}
        assert titles[jana.pk].startswith(f"Čerešňa: Cenová ponuka #1 prijatá ({total}")
        assert titles[jana.pk].endswith(f") – {req.number}")
        assert titles[piotr.pk].startswith("Čerešňa: Quote #1 accepted (")
        emails = Delivery.objects.filter(event=EVENT, channel="email")
        assert sorted(emails.values_list("address", flat=True)) == [
            "jana@office-a.sk",
            "piotr@office-a.pl",
        ]
        body = emails.get(address="jana@office-a.sk").body
        assert "Rozhodnutie klienta v požiadavke" in body
        assert "Komentár: Prosím čo najskôr." in body
        # the decision is told once: no "request you watch changed" beside it
        assert not StaffAlert.objects.filter(event="helpdesk.watched").exists()


def test_a_quote_declined_is_told(office_a):
    jana, _piotr, marek, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        quote = quote_create(
            request=req,
            actor=jana,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            lines=[LINE],
        )
        quote_decide(quote=quote, actor=marek, accept=False)
        assert _titles()[jana.pk] == f"Čerešňa: Cenová ponuka #1 odmietnutá – {req.number}"


def test_acceptance_with_a_rating_and_a_reopening_are_told(office_a):
    jana, piotr, marek, req = _setup(office_a)
    with in_office(office_a):
        request_transition(request=req, action="start", actor=jana)
        request_transition(request=req, action="resolve", actor=jana)
        request_transition(request=req, action="reopen", actor=marek, comment="Still broken.")
        assert _titles()[piotr.pk] == f"Čerešňa: Request reopened – {req.number}"
        reopened = Delivery.objects.get(event=EVENT, address="piotr@office-a.pl")
        assert "Comment: Still broken." in reopened.body
        request_transition(request=req, action="start", actor=jana)
        request_transition(request=req, action="resolve", actor=jana)
        StaffAlert.objects.filter(event=EVENT).delete()
        request_transition(request=req, action="accept", actor=marek, rating=4, comment="Ok")
        assert _titles() == {
            jana.pk: f"Čerešňa: Riešenie akceptované, hodnotenie 4/5 – {req.number}",
            piotr.pk: f"Čerešňa: Result accepted, rating 4/5 – {req.number}",
        }


def test_an_approval_on_a_request_nobody_follows_goes_to_the_office(office_a):
    anna = _person(office_a, "anna@office-a.pl", "Anna Nowak", "en")
    with in_office(office_a):
        notifications_settings_update(actor=None, office_email="biuro@office-a.pl")
        client = ClientFactory(name="Zielony Las")
        email_recipient(
            client_id=client.pk, address="ja@las.pl", events=["helpdesk.approval_needed"]
        )
        req = raised(actor=None, client=client)
        request_transition(request=req, action="submit_for_approval", actor=anna)
        request_transition(request=req, action="reject", actor=None, actor_label="ja@las.pl")
        assert anna.pk in _titles()
        assert _titles()[anna.pk] == (
            f"Zielony Las: Request rejected by the approver – {req.number}"
        )
        assert list(
            Delivery.objects.filter(event=EVENT, channel="email").values_list("address", flat=True)
        ) == ["biuro@office-a.pl"]


def test_a_staff_member_may_switch_client_decisions_off(office_a):
    jana, piotr, marek, req = _setup(office_a)
    with in_office(office_a):
        staff_notice_set(user=piotr, off=[f"{EVENT}:email", f"{EVENT}:inapp"])
        assert StaffNotice.objects.get(user=piotr).off == [f"{EVENT}:email", f"{EVENT}:inapp"]
        request_transition(request=req, action="start", actor=jana)
        request_transition(request=req, action="resolve", actor=jana)
        request_transition(request=req, action="accept", actor=marek, rating=5)
        assert set(_titles()) == {jana.pk}


def test_the_approver_is_not_emailed_about_their_own_approval(office_a):
    """Audit 2026-12-07: a client approving their own request got "…: Approved" about what
    they had just done. Their colleague and the staff watchers still hear of it."""
    jana, _piotr, marek, req = _setup(office_a)
    events = ["helpdesk.approval_needed", "helpdesk.status"]
    with in_office(office_a):
        email_recipient(
            client_id=req.client_id, address=marek.email.upper(), language="en", events=events
        )
        email_recipient(
            client_id=req.client_id, address="eva@ceresna.sk", language="en", events=events
        )
        request_transition(request=req, action="submit_for_approval", actor=jana)
        Delivery.objects.all().delete()
        request_transition(request=req, action="approve", actor=marek, comment="OK")
        told = sorted(
            Delivery.objects.filter(event="helpdesk.status").values_list("address", flat=True)
        )
        staff = set(Delivery.objects.filter(event=EVENT).values_list("address", flat=True))
    assert told == ["eva@ceresna.sk"]
    assert "piotr@office-a.pl" in staff


def test_the_email_links_approver_is_not_emailed_about_their_own_approval(office_a):
    from modules.helpdesk.links import APPROVAL, link_token
    from modules.helpdesk.services import link_act
    from modules.notifications.models import NotificationRecipient

    jana, _piotr, _marek, req = _setup(office_a)
    events = ["helpdesk.approval_needed", "helpdesk.status"]
    with in_office(office_a):
        email_recipient(
            client_id=req.client_id, address="boss@ceresna.sk", language="en", events=events
        )
        email_recipient(
            client_id=req.client_id, address="eva@ceresna.sk", language="en", events=events
        )
        request_transition(request=req, action="submit_for_approval", actor=jana)
        Delivery.objects.all().delete()
        boss = NotificationRecipient.objects.get(address="boss@ceresna.sk")
        token = link_token(office=office_a, kind=APPROVAL, request_id=req.pk, recipient_id=boss.pk)
        link_act(token=token, office=office_a, decision="approve")
        told = sorted(
            Delivery.objects.filter(event="helpdesk.status").values_list("address", flat=True)
        )
    assert told == ["eva@ceresna.sk"]
