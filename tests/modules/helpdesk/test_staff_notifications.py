import pytest
from django.utils import translation

from accounts.models import Role
from modules.helpdesk.models import StaffNotice, Watcher
from modules.helpdesk.services import (
    reply_create,
    request_transition,
    request_update,
    staff_notice_set,
    watcher_set,
)
from modules.notifications.models import Delivery, StaffAlert
from modules.notifications.services import delivery_send
from modules.notifications.services import settings_update as notifications_settings_update
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.conftest import smtp_server  # noqa: F401  (the catcher)

pytestmark = pytest.mark.django_db


def _person(office, email, name, role=Role.STAFF):
    user = member(office, role)
    user.email, user.full_name, user.language = email, name, "en"
    user.save(update_fields=["email", "full_name", "language"])
    return user


def _sent(office, event) -> list[str]:
    with in_office(office):
        queued = Delivery.objects.filter(status="queued", event=event).order_by("pk")
        pks = queued.values_list("pk", flat=True)
        return [delivery_send(delivery_id=pk) for pk in list(pks)]


def _alerts(event):
    return sorted(StaffAlert.objects.filter(event=event).values_list("user_id", flat=True))


def _emails(event):
    return sorted(
        Delivery.objects.filter(event=event, channel="email").values_list("address", flat=True)
    )


def test_a_clients_reply_reaches_the_assignee_and_watchers_by_their_choices_over_smtp(
    office_a,
    smtp_server,  # noqa: F811
):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    piotr = _person(office_a, "piotr@office-a.pl", "Piotr Wolny")
    bystander = _person(office_a, "ela@office-a.pl", "Ela Obca")
    with in_office(office_a):
        notifications_settings_update(actor=None, office_email="biuro@office-a.pl")
        client = ClientFactory(name="Zielony Las")
        marek = client_user(office_a, client)
        req = raised(actor=marek, client=client, source="portal", assignee_id=anna.pk)
        watcher_set(request=req, user=piotr, watching=True)
        staff_notice_set(user=piotr, off=["helpdesk.client_reply:email"])
        reply_create(request=req, actor=marek, body="Please send it to Berlin.", from_client=True)
        assert _alerts("helpdesk.client_reply") == sorted([anna.pk, piotr.pk])
        assert _emails("helpdesk.client_reply") == ["anna.nowak@office-a.pl"]
        alert = StaffAlert.objects.get(event="helpdesk.client_reply", user=anna)
        assert alert.title == f"Client reply: {req.number} Forward my mail abroad"
        assert alert.link == f"{office_a.url}/helpdesk/{req.pk}/"
        assert not StaffAlert.objects.filter(user=bystander, event="helpdesk.client_reply").exists()
    # Anna opens the request: her alerts about it (new, reply) are read; the others' stay.
    assert OfficeClient(office_a, user=anna).get(f"/helpdesk/{req.pk}/").status_code == 200
    with in_office(office_a):
        unread = StaffAlert.objects.filter(subject=f"helpdesk.request:{req.pk}", read_at=None)
        assert set(unread.values_list("user_id", flat=True)) == {piotr.pk, bystander.pk}
    assert _sent(office_a, "helpdesk.client_reply") == ["sent"]
    (message,) = smtp_server.messages
    assert message["To"] == "anna.nowak@office-a.pl"
    assert message["Subject"] == f"Client reply: {req.number} Forward my mail abroad"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Zielony Las (" in text
    assert "Please send it to Berlin." in text


def test_a_reply_on_a_request_nobody_follows_goes_to_the_whole_office(office_a):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    with in_office(office_a):
        notifications_settings_update(actor=None, office_email="biuro@office-a.pl")
        client = ClientFactory()
        marek = client_user(office_a, client)
        req = raised(actor=None, client=client)
        reply_create(request=req, actor=marek, body="Any news?", from_client=True)
        assert anna.pk in _alerts("helpdesk.client_reply")
        assert _emails("helpdesk.client_reply") == ["biuro@office-a.pl"]


def test_watchers_hear_of_status_changes_and_replies_but_not_of_their_own(office_a):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    piotr = _person(office_a, "piotr@office-a.pl", "Piotr Wolny")
    with in_office(office_a):
        req = raised(actor=None, assignee_id=anna.pk)
        watcher_set(request=req, user=piotr, watching=True)
        request_transition(request=req, action="start", actor=anna)
        assert _alerts("helpdesk.watched") == [piotr.pk]
        alert = StaffAlert.objects.get(event="helpdesk.watched")
        assert alert.title == f"{req.number} {req.subject}: In progress"
        reply_create(request=req, actor=piotr, body="Courier booked.", internal=True)
        assert _alerts("helpdesk.watched") == [anna.pk, piotr.pk]
        assert StaffAlert.objects.get(event="helpdesk.watched", user=anna).title == (
            f"{req.number} {req.subject}: New internal note (Piotr Wolny)"
        )
        staff_notice_set(user=anna, off=["helpdesk.watched:email", "helpdesk.watched:inapp"])
        request_transition(request=req, action="resolve", actor=piotr)
        assert _alerts("helpdesk.watched") == [anna.pk, piotr.pk]


def test_a_mention_in_an_internal_note_tells_the_colleague_and_makes_them_watch(office_a):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    piotr = _person(office_a, "piotr@office-a.pl", "Piotr Wolny")
    _person(office_a, "ela@office-a.pl", "Ela Obca")
    with in_office(office_a):
        client = ClientFactory()
        req = raised(actor=None, client=client)
        reply_create(
            request=req,
            actor=piotr,
            body="@anna.nowak please quote it (mail ela@office-a.pl, not a mention).",
            internal=True,
        )
        assert Watcher.objects.filter(request=req, user=anna).exists()
        assert _alerts("helpdesk.mention") == [anna.pk]
        assert _emails("helpdesk.mention") == ["anna.nowak@office-a.pl"]
        alert = StaffAlert.objects.get(event="helpdesk.mention")
        assert alert.title == f"Piotr Wolny mentioned you: {req.number}"
        assert not Delivery.objects.filter(event="helpdesk.reply").exists()


def test_a_client_cannot_mention_staff(office_a):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    with in_office(office_a):
        client = ClientFactory()
        marek = client_user(office_a, client)
        req = raised(actor=marek, client=client)
        reply_create(request=req, actor=marek, body="@anna.nowak hello", from_client=True)
        assert not Watcher.objects.filter(request=req, user=anna).exists()
        assert not StaffAlert.objects.filter(event="helpdesk.mention").exists()


def test_mentions_in_an_edit_do_nothing_and_whole_addresses_resolve_shared_names(office_a):
    a1 = _person(office_a, "jan@office-a.pl", "Jan Pierwszy")
    _person(office_a, "jan@other.pl", "Jan Drugi")
    with in_office(office_a):
        req = raised(actor=None)
        request_update(request=req, actor=a1, data={"subject": "@jan@other.pl"})
        assert not StaffAlert.objects.filter(event="helpdesk.mention").exists()
        from modules.helpdesk.services import mentions_find

        assert mentions_find("@jan hello") == set()
        assert mentions_find("@jan@office-a.pl hello") == {a1.pk}


def test_the_mention_autocomplete_lists_this_offices_staff_to_staff_only(office_a, office_b):
    _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    _person(office_b, "bogdan@office-b.pl", "Bogdan Obcy")
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    people = web.get("/helpdesk/people/", {"q": "nowa"}).json()["people"]
    assert people == [{"handle": "anna.nowak", "name": "Anna Nowak"}]
    assert web.get("/helpdesk/people/", {"q": "bog"}).json()["people"] == []
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/helpdesk/people/",
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 200,
            "admin": 200,
            "owner": 200,
            "other_office": 403,
        },
    )


def test_my_notifications_screen_switches_events_per_person(office_a, office_b):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    web = OfficeClient(office_a, user=anna)
    page = web.get("/helpdesk/notifications/")
    assert page.status_code == 200
    assert page.content.decode().count('name="on"') == 12  # 6 events, e-mail and alert
    response = web.post(
        "/helpdesk/notifications/",
        {"on": ["helpdesk.client_reply:email", "helpdesk.mention:inapp"]},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert StaffNotice.objects.get(user=anna).off == [
            "helpdesk.client_decision:email",
            "helpdesk.client_decision:inapp",
            "helpdesk.client_reply:inapp",
            "helpdesk.mention:email",
            "helpdesk.order_assigned:email",
            "helpdesk.order_assigned:inapp",
            "helpdesk.sla_alert:email",
            "helpdesk.sla_alert:inapp",
            "helpdesk.watched:email",
            "helpdesk.watched:inapp",
        ]
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/helpdesk/notifications/",
        data={"on": []},
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: StaffNotice.objects.count() == 1,
    )
    with in_office(office_a):
        req = raised(actor=None)
    check_cross_office(office_a, office_b, "get", f"/helpdesk/{req.pk}/")


def test_a_watcher_reads_what_changed_in_their_own_language_not_the_actors(office_a):
    anna = _person(office_a, "anna.nowak@office-a.pl", "Anna Nowak")
    jana = _person(office_a, "jana@office-a.pl", "Jana Horváthová")
    jana.language = "sk"
    jana.save(update_fields=["language"])
    with in_office(office_a):
        req = raised(actor=None, assignee_id=anna.pk)
        watcher_set(request=req, user=jana, watching=True)
        with translation.override("sk"):
            request_transition(request=req, action="start", actor=jana)
            reply_create(request=req, actor=jana, body="Kuriér objednaný.", internal=False)
        titles = list(
            StaffAlert.objects.filter(user=anna, event="helpdesk.watched")
            .order_by("pk")
            .values_list("title", flat=True)
        )
        ref = f"{req.number} {req.subject}"
        assert titles == [f"{ref}: In progress", f"{ref}: New reply (Jana Horváthová)"]
        bodies = list(
            Delivery.objects.filter(event="helpdesk.watched", address="anna.nowak@office-a.pl")
            .order_by("pk")
            .values_list("subject", "body")
        )
        url = f"{office_a.url}/helpdesk/{req.pk}/"
        # A subject of its own, a greeting, and the reply's text (before 2026-12-07 the
        # subject was "HD-...: reply by ..." and the body had neither).
        assert bodies == [
            (
                f"{ref}: In progress",
                f"Hello,\n\nrequest {ref}, which you watch: In progress.\n\n{url}",
            ),
            (
                f"{ref}: New reply (Jana Horváthová)",
                f"Hello,\n\nrequest {ref}, which you watch: New reply (Jana Horváthová)."
                f"\n\nKuriér objednaný.\n\n{url}",
            ),
        ]
        with translation.override("en"):
            reply_create(request=req, actor=anna, body="Note.", internal=True)
        alert = StaffAlert.objects.get(user=jana, event="helpdesk.watched")
        assert alert.title == f"{ref}: Nová interná poznámka (Anna Nowak)"
