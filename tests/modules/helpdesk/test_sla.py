import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.models import Request, SlaClock
from modules.helpdesk.services import (
    access_set,
    category_create,
    reply_create,
    request_transition,
)
from modules.helpdesk.sla import (
    Calendar,
    business_add,
    business_seconds,
    policy_for,
    settings_update,
    sla_alerts_send,
    sla_durations,
    sla_policy_create,
)
from modules.notifications.models import Notification, StaffAlert
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

WARSAW = ZoneInfo("Europe/Warsaw")
BRATISLAVA = ZoneInfo("Europe/Bratislava")
WEEKDAYS = frozenset(range(5))
PL = Calendar(WARSAW, dt.time(9), dt.time(17), WEEKDAYS, "PL")
SK = Calendar(BRATISLAVA, dt.time(9), dt.time(17), WEEKDAYS, "SK")
HOUR = 3600


def local(text: str, zone=WARSAW) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


def test_nights_and_weekends_do_not_count():
    friday = local("2026-11-06T16:00")
    assert business_add(friday, 2 * HOUR, PL) == local("2026-11-09T10:00")
    assert business_seconds(friday, local("2026-11-09T10:00"), PL) == 2 * HOUR
    # Raised at night: the clock starts when the office opens.
    assert business_add(local("2026-11-09T02:00"), HOUR, PL) == local("2026-11-09T10:00")
    assert business_seconds(local("2026-11-07T08:00"), local("2026-11-08T20:00"), PL) == 0


def test_polish_independence_day_is_skipped_in_poland_only():
    tuesday = local("2026-11-10T16:00")
    assert business_add(tuesday, 2 * HOUR, PL) == local("2026-11-12T10:00")
    tuesday_sk = local("2026-11-10T16:00", BRATISLAVA)
    assert business_add(tuesday_sk, 2 * HOUR, SK) == local("2026-11-11T10:00", BRATISLAVA)


def test_17_november_2026_is_a_working_day_in_slovakia_by_the_holidays_package():
    # Slovakia stopped giving the day off from 2025 (the `holidays` package knows it).
    monday = local("2026-11-16T16:00", BRATISLAVA)
    assert business_add(monday, 2 * HOUR, SK) == local("2026-11-17T10:00", BRATISLAVA)


@pytest.mark.parametrize("calendar,zone", [(PL, WARSAW), (SK, BRATISLAVA)])
def test_christmas_24_to_26_december_is_skipped(calendar, zone):
    wednesday = local("2026-12-23T16:00", zone)
    assert business_add(wednesday, 2 * HOUR, calendar) == local("2026-12-28T10:00", zone)
    assert business_seconds(wednesday, local("2026-12-28T10:00", zone), calendar) == 2 * HOUR


def test_business_hours_follow_the_wall_clock_across_dst():
    friday = local("2026-10-23T16:00")  # CEST, UTC+2
    due = business_add(friday, 2 * HOUR, PL)
    assert due == local("2026-10-26T10:00")  # CET, UTC+1
    assert due.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.UTC)
    friday = local("2026-03-27T16:00")  # CET
    assert business_add(friday, 2 * HOUR, PL).astimezone(dt.UTC) == dt.datetime(
        2026, 3, 30, 8, 0, tzinfo=dt.UTC
    )


def test_the_most_specific_policy_wins(in_office_a):
    client, other = ClientFactory(), ClientFactory()
    category = category_create(actor=None, name="Mail")
    any_ = sla_policy_create(
        actor=None,
        data={"name": "Any", "first_response_minutes": 480, "resolution_minutes": 2400},
    )
    urgent = sla_policy_create(
        actor=None,
        data={
            "name": "Urgent",
            "priority": "urgent",
            "first_response_minutes": 60,
            "resolution_minutes": 240,
        },
    )
    mail = sla_policy_create(
        actor=None,
        data={
            "name": "Mail",
            "category": category,
            "first_response_minutes": 120,
            "resolution_minutes": 480,
        },
    )
    vip = sla_policy_create(
        actor=None,
        data={
            "name": "VIP",
            "client": client,
            "first_response_minutes": 30,
            "resolution_minutes": 120,
        },
    )
    vip_mail = sla_policy_create(
        actor=None,
        data={
            "name": "VIP mail",
            "client": client,
            "category": category,
            "first_response_minutes": 15,
            "resolution_minutes": 60,
        },
    )

    def policy(**data):
        return policy_for(Request(**{"priority": "normal"} | data))

    assert policy(client=other) == any_
    assert policy(client=other, priority="urgent") == urgent
    assert policy(client=other, priority="urgent", category=category) == mail
    assert policy(client=client, priority="urgent") == vip
    assert policy(client=client, priority="urgent", category=category) == vip_mail


@pytest.fixture
def clock(in_office_a, monkeypatch):
    """The wall clock of the services (one moment, moved by the test)."""
    monkeypatch.setattr(connection.tenant, "time_zone", "Europe/Warsaw")
    monkeypatch.setattr(connection.tenant, "country", "PL")
    moment = [local("2026-11-09T09:00")]
    monkeypatch.setattr(timezone, "now", lambda: moment[0].astimezone(dt.UTC))

    def move(text: str) -> None:
        moment[0] = local(text)

    move.now = lambda: moment[0]
    return move


@pytest.fixture
def policy(in_office_a):
    return sla_policy_create(
        actor=None,
        data={"name": "Standard", "first_response_minutes": 120, "resolution_minutes": 480},
    )


def test_a_clock_pauses_while_waiting_for_the_client(clock, policy, staff_a):
    request = raised(actor=staff_a)
    sla = SlaClock.objects.get(request=request)
    assert (sla.response_due, sla.resolution_due) == (
        local("2026-11-09T11:00"),
        local("2026-11-09T17:00"),
    )
    clock("2026-11-09T09:30")
    request_transition(request=request, action="start", actor=staff_a)
    clock("2026-11-09T10:00")
    request_transition(request=request, action="ask_client", actor=staff_a, comment="Which box?")
    sla.refresh_from_db()
    assert (sla.responded_at, sla.response_seconds) == (local("2026-11-09T10:00"), HOUR)
    assert sla.paused_since == local("2026-11-09T10:00")
    # The client answers the next day at 10:00: 8 business hours were paused.
    clock("2026-11-10T10:00")
    reply_create(request=request, actor=None, body="Box 12", from_client=True)
    sla.refresh_from_db()
    assert (sla.paused_since, sla.paused_seconds) == (None, 8 * HOUR)
    assert sla.resolution_due == local("2026-11-10T17:00")
    clock("2026-11-10T12:00")
    request_transition(request=request, action="resolve", actor=staff_a)
    sla.refresh_from_db()
    assert (sla.resolved_at, sla.resolution_seconds) == (local("2026-11-10T12:00"), 3 * HOUR)
    assert list(sla_durations()) == [
        {
            "request_id": request.pk,
            "policy_id": policy.pk,
            "response_seconds": HOUR,
            "response_target": 2 * HOUR,
            "response_in_time": True,
            "resolution_seconds": 3 * HOUR,
            "resolution_target": 8 * HOUR,
            "resolution_in_time": True,
        }
    ]


def test_a_reopened_request_resumes_its_clock_after_the_holiday(clock, policy, staff_a):
    clock("2026-11-10T13:00")  # Tuesday; 11 November is a holiday in Poland
    request = raised(actor=staff_a)
    request_transition(request=request, action="start", actor=staff_a)
    clock("2026-11-10T15:00")
    reply_create(request=request, actor=staff_a, body="On it.")
    request_transition(request=request, action="resolve", actor=staff_a)
    sla = SlaClock.objects.get(request=request)
    assert (sla.response_seconds, sla.resolution_seconds) == (2 * HOUR, 2 * HOUR)
    clock("2026-11-12T09:00")
    request_transition(request=request, action="reopen", actor=None, comment="Still wrong")
    sla.refresh_from_db()
    assert (sla.resolved_at, sla.paused_seconds) == (None, 2 * HOUR)  # Tue 15-17
    # 6 business hours left from Thursday 09:00.
    assert sla.resolution_due == local("2026-11-12T15:00")


def test_queue_flags_and_filter(clock, policy, office_a, staff_a):
    from modules.helpdesk.selectors import QueueFilters, request_queue

    fine = raised(actor=staff_a, subject="Fine")
    clock("2026-11-09T10:00")
    raised(actor=staff_a, subject="Risky")
    clock("2026-11-09T13:00")
    late = raised(actor=staff_a, subject="Late")
    waiting = raised(actor=staff_a, subject="Waiting")
    request_transition(request=waiting, action="start", actor=staff_a)
    request_transition(request=waiting, action="ask_client", actor=staff_a, comment="?")
    for req in (fine, late):
        SlaClock.objects.filter(request=req).update(
            response_due=local("2026-11-09T09:30"), response_risk_at=local("2026-11-09T09:10")
        )
    SlaClock.objects.filter(request=fine).update(responded_at=local("2026-11-09T09:20"))
    clock("2026-11-09T11:40")  # Risky: 1h40 of 2h used (80 % is 1h36)
    from tests.helpers.offices import member as person

    boss = person(office_a, Role.ADMIN)
    membership = boss.memberships.get(office=office_a)

    def subjects(state):
        page = request_queue(
            membership=membership, level="supervisor", filters=QueueFilters(saved="all", sla=state)
        )
        return [(r.subject, r.sla_state) for r in page["rows"]]

    assert subjects("breached") == [("Late", "breached")]
    assert subjects("at_risk") == [("Risky", "at_risk")]
    assert {s for s, _state in subjects("")} == {"Fine", "Risky", "Late", "Waiting"}
    assert dict(subjects("")) == {
        "Fine": "",
        "Risky": "at_risk",
        "Late": "breached",
        "Waiting": "",
    }


def test_alerts_go_once_per_threshold_to_the_assignee_and_supervisors(
    clock, policy, office_a, staff_a
):
    boss = member(office_a, Role.STAFF)
    access_set(actor=None, user_id=boss.pk, level="supervisor")
    owner_admin = member(office_a, Role.ADMIN)
    agent = member(office_a, Role.STAFF)
    request = raised(actor=staff_a, assignee_id=agent.pk)
    Notification.objects.all().delete()
    clock("2026-11-09T10:30")
    assert sla_alerts_send() == 0
    clock("2026-11-09T10:40")  # 80 % of the 2 h first response
    assert sla_alerts_send() == 1
    assert sla_alerts_send() == 0
    clock("2026-11-09T11:01")
    assert sla_alerts_send() == 1
    assert sla_alerts_send() == 0
    sla = SlaClock.objects.get(request=request)
    assert (sla.response_alert, sla.resolution_alert) == (2, 0)
    alerts = StaffAlert.objects.filter(event="helpdesk.sla_alert")
    # Each of the three: one alert at risk, one breached; the requester (staff_a) none.
    assert sorted(alerts.values_list("user_id", flat=True)) == sorted(
        [agent.pk, agent.pk, boss.pk, boss.pk, owner_admin.pk, owner_admin.pk]
    )
    # In the agent's language (the office's, Polish), not the worker's.
    assert sorted(alerts.filter(user_id=agent.pk).values_list("title", flat=True)) == [
        f"SLA przekroczone: {request.number}",
        f"SLA zagrożone: {request.number}",
    ]


def test_a_person_who_switched_the_alert_off_is_not_sent_it(clock, policy, office_a, staff_a):
    from modules.helpdesk.services import staff_notice_set

    owner_admin = member(office_a, Role.ADMIN)
    agent = member(office_a, Role.STAFF)
    raised(actor=staff_a, assignee_id=agent.pk)
    staff_notice_set(user=owner_admin, off=["helpdesk.sla_alert:inapp"])
    staff_notice_set(user=agent, off=["helpdesk.sla_alert:email", "helpdesk.sla_alert:inapp"])
    clock("2026-11-09T10:40")
    assert sla_alerts_send() == 1
    assert not StaffAlert.objects.filter(event="helpdesk.sla_alert").exists()
    from modules.notifications.models import Delivery

    emails = Delivery.objects.filter(event="helpdesk.sla_alert", channel="email")
    assert list(emails.values_list("address", flat=True)) == [owner_admin.email]


def test_no_policy_no_clock(in_office_a, staff_a):
    request = raised(actor=staff_a)
    assert not SlaClock.objects.filter(request=request).exists()


def test_business_hours_setting_moves_the_dues(clock, policy, staff_a):
    settings_update(actor=None, data={"opens": dt.time(8), "closes": dt.time(12)})
    clock("2026-11-09T11:00")
    request = raised(actor=staff_a)
    sla = SlaClock.objects.get(request=request)
    assert sla.response_due == local("2026-11-10T09:00")
    assert sla.resolution_due == local("2026-11-11T11:00") + dt.timedelta(days=1)  # 11.11 off


# Administration > Helpdesk SLA

ADMIN_ONLY = {
    "anonymous": 302,
    "client": 403,
    "staff": 403,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in ADMIN_ONLY.items() if v != 200}


def _policy_form(**data) -> dict:
    return {
        "name": "Gold",
        "priority": "high",
        "first_response_hours": "1.5",
        "resolution_hours": "8",
    } | data


def test_an_admin_sets_business_hours_and_adds_and_removes_a_policy(office_a):
    from modules.helpdesk.models import SlaPolicy, SlaSettings
    from tests.helpers.offices import OfficeClient, in_office

    person = member(office_a, Role.ADMIN)
    person.language = "en"
    person.save(update_fields=["language"])
    admin = OfficeClient(office_a, user=person)
    assert admin.get("/administration/helpdesk/sla/").status_code == 200
    response = admin.post(
        "/administration/helpdesk/sla/",
        {
            "opens": "08:00",
            "closes": "16:00",
            "workdays": ["0", "1", "2", "3"],
            "at_risk_percent": "75",
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        row = SlaSettings.objects.get()
        assert (row.opens, row.closes, row.workdays, row.at_risk_percent) == (
            dt.time(8),
            dt.time(16),
            [0, 1, 2, 3],
            75,
        )
        client = ClientFactory()
    bad = admin.post(
        "/administration/helpdesk/sla/",
        {"opens": "16:00", "closes": "08:00", "workdays": ["0"], "at_risk_percent": "75"},
    )
    assert bad.status_code == 400
    response = admin.post(
        "/administration/helpdesk/sla/policies/", _policy_form(client=str(client.pk))
    )
    assert response.status_code == 302
    with in_office(office_a):
        policy = SlaPolicy.objects.get()
        assert (
            policy.name,
            policy.priority,
            policy.client_id,
            policy.first_response_minutes,
            policy.resolution_minutes,
        ) == ("Gold", "high", client.pk, 90, 480)
    unknown = admin.post("/administration/helpdesk/sla/policies/", _policy_form(client="999999"))
    assert unknown.status_code == 400
    assert "No such client; choose one from the list." in unknown.content.decode()
    page = admin.get("/administration/helpdesk/sla/").content.decode()
    assert "Gold" in page
    assert (
        admin.post(f"/administration/helpdesk/sla/policies/{policy.pk}/delete/").status_code == 302
    )
    with in_office(office_a):
        assert not SlaPolicy.objects.exists()


def test_sla_screens_permission_matrix_and_isolation(office_a, office_b):
    from modules.helpdesk.models import SlaPolicy
    from modules.helpdesk.sla import sla_policy_create as create
    from tests.helpers.matrix import check_cross_office, check_permission_matrix
    from tests.helpers.offices import in_office

    with in_office(office_a):
        policy = create(
            actor=None,
            data={"name": "Kept", "first_response_minutes": 60, "resolution_minutes": 120},
        )
    check_permission_matrix(
        office_a, office_b, "get", "/administration/helpdesk/sla/", expect=ADMIN_ONLY
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/sla/policies/",
        data=_policy_form(name="Added"),
        expect=REFUSED,
        unchanged=lambda: not SlaPolicy.objects.filter(name="Added").exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/helpdesk/sla/policies/{policy.pk}/delete/",
        expect=REFUSED,
        unchanged=lambda: SlaPolicy.objects.filter(pk=policy.pk).exists(),
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/administration/helpdesk/sla/policies/{policy.pk}/delete/",
        unchanged=lambda: SlaPolicy.objects.filter(pk=policy.pk).exists(),
    )


def test_the_queue_shows_the_badges_and_filters_without_more_queries(
    clock, policy, office_a, staff_a, django_assert_max_num_queries
):
    from tests.helpers.offices import OfficeClient, in_office

    for n in range(3):
        raised(actor=staff_a, subject=f"Late {n}")
    clock("2026-11-09T11:30")  # the 2 h first response is breached
    boss = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    boss.get("/helpdesk/")  # warm the per-process caches
    with django_assert_max_num_queries(40) as few:
        page = boss.get("/helpdesk/", {"saved": "all", "sla": "breached"}).content.decode()
    assert page.count('data-sla="breached"') == 3
    with in_office(office_a):
        raised(actor=staff_a, subject="More")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = boss.get("/helpdesk/", {"saved": "all"}).content.decode()
    assert page.count('data-testid="queue-row"') == 4
    assert page.count('data-sla="breached"') == 3
    assert (
        boss.get("/helpdesk/", {"saved": "all", "sla": "at_risk"})
        .content.decode()
        .count('data-testid="queue-row"')
        == 0
    )


def test_the_request_page_shows_each_target_with_its_state(
    clock, policy, office_a, staff_a, django_assert_num_queries
):
    import re

    from tests.helpers.offices import OfficeClient, in_office

    client = ClientFactory()
    late = raised(actor=staff_a, client=client, subject="Late")  # due 11:00 and 17:00
    slow = raised(actor=staff_a, client=client, subject="Slow")
    bare = raised(actor=staff_a, client=client, subject="No clock")
    SlaClock.objects.filter(request=bare).delete()
    clock("2026-11-09T09:30")
    waiting = raised(actor=staff_a, client=client, subject="Waiting")
    request_transition(request=waiting, action="start", actor=staff_a)
    request_transition(request=waiting, action="ask_client", actor=staff_a, comment="Which box?")
    risky = raised(actor=staff_a, client=client, subject="Risky")  # due 11:30, at risk 11:06
    clock("2026-11-09T11:20")
    reply_create(request=slow, actor=staff_a, body="On it.")  # 2 h 20 min of 2 h
    admin = member(office_a, Role.ADMIN)
    admin.language = "en"
    admin.save(update_fields=["language"])
    boss = OfficeClient(office_a, user=admin)

    def states(request):
        page = boss.get(f"/helpdesk/{request.pk}/").content.decode()
        found = re.findall(r'data-testid="sla-(response|resolution)" data-state="(\w+)"', page)
        return dict(found), page

    assert states(late)[0] == {"response": "breached", "resolution": "running"}
    assert states(slow)[0] == {"response": "late", "resolution": "running"}
    assert states(waiting)[0] == {"response": "met", "resolution": "paused"}
    assert states(risky)[0] == {"response": "at_risk", "resolution": "running"}
    found, page = states(bare)
    assert found == {} and 'data-testid="sla-box"' not in page
    _found, page = states(waiting)
    assert "SLA: Standard" in page
    assert "within 2 business hours" in page and "within 8 business hours" in page
    assert "since 09/11/2026 09:30, while the request waits" in page
    assert "Met in time</span> 09/11/2026 09:30" in page
    assert "was due 09/11/2026 11:00" in states(late)[1]
    assert "Met late</span> 09/11/2026 11:20" in states(slow)[1]
    assert "SLA at risk</span> due 09/11/2026 11:30" in states(risky)[1]
    # The clock is joined to the request: a page with a clock reads no more than one without.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as bare_page:
        boss.get(f"/helpdesk/{bare.pk}/")
    with django_assert_num_queries(len(bare_page.captured_queries)):
        boss.get(f"/helpdesk/{risky.pk}/")
    # Clients never see the SLA box.
    with in_office(office_a):
        from tests.modules.helpdesk.factories import client_user

        person = client_user(office_a, client)
        Request.objects.filter(pk=late.pk).update(requester=person)
    panel = OfficeClient(office_a, user=person).get(f"/portal/helpdesk/{late.pk}/")
    assert panel.status_code == 200
    assert "sla-box" not in panel.content.decode()


@pytest.mark.parametrize(
    ("language", "due"), [("en", "09/11/2026 11:00"), ("pl", "09.11.2026 11:00")]
)
def test_the_alert_email_writes_the_due_time_as_the_recipients_language_does(
    clock, policy, office_a, staff_a, language, due
):
    from modules.notifications.models import Delivery

    supervisor = member(office_a, Role.ADMIN)
    supervisor.language = language
    supervisor.save(update_fields=["language"])
    raised(actor=staff_a)
    clock("2026-11-09T10:40")
    assert sla_alerts_send() == 1
    mail = Delivery.objects.get(event="helpdesk.sla_alert", address=supervisor.email)
    assert due in mail.body
    assert "2026-11-09" not in mail.body


def test_sla_alerts_are_read_for_everyone_once_the_request_is_answered_or_closed(
    clock, policy, office_a, staff_a
):
    boss = member(office_a, Role.STAFF)
    access_set(actor=None, user_id=boss.pk, level="supervisor")
    agent = member(office_a, Role.STAFF)
    request = raised(actor=staff_a, assignee_id=agent.pk)
    other = raised(actor=staff_a, assignee_id=agent.pk, subject="Untouched")
    clock("2026-11-09T10:40")  # both first responses at risk
    assert sla_alerts_send() == 2
    clock("2026-11-09T15:30")  # breached, and the resolutions at risk (6 h 24 of 8 h)
    assert sla_alerts_send() == 4
    alerts = StaffAlert.objects.filter(event="helpdesk.sla_alert")
    response, resolution = (
        f"helpdesk.sla_response:{request.pk}",
        f"helpdesk.sla_resolution:{request.pk}",
    )

    def unread(subject: str) -> list[int]:
        rows = alerts.filter(subject=subject, read_at__isnull=True)
        return sorted(rows.values_list("user_id", flat=True))

    people = sorted([agent.pk, boss.pk])
    assert unread(response) == sorted(people * 2)  # at risk, then breached
    assert unread(resolution) == people
    reply_create(request=request, actor=agent, body="We are on it.")
    assert (unread(response), unread(resolution)) == ([], people)
    request_transition(request=request, action="close", actor=agent)
    assert unread(resolution) == []
    # Another request's alerts stay until it is handled.
    assert unread(f"helpdesk.sla_response:{other.pk}") == sorted(people * 2)
    assert unread(f"helpdesk.sla_resolution:{other.pk}") == people


def test_opening_the_request_reads_the_openers_own_sla_alerts_about_it(
    clock, policy, office_a, staff_a
):
    """As a scan request or a booking: the person who opens the request has seen its SLA
    alerts (until 2026-12-07 they stayed unread until the target was met); the others'
    stay, and so do the opener's alerts about another request."""
    from tests.helpers.offices import OfficeClient, in_office

    boss = member(office_a, Role.STAFF)
    access_set(actor=None, user_id=boss.pk, level="supervisor")
    agent = member(office_a, Role.STAFF)
    request = raised(actor=staff_a, assignee_id=agent.pk)
    other = raised(actor=staff_a, assignee_id=agent.pk, subject="Untouched")
    clock("2026-11-09T15:30")  # first responses breached, resolutions at risk
    assert sla_alerts_send() == 4
    alerts = StaffAlert.objects.filter(event="helpdesk.sla_alert", read_at__isnull=True)

    def unread(user) -> list[str]:
        return sorted(alerts.filter(user=user).values_list("subject", flat=True))

    everything = sorted(
        f"helpdesk.sla_{kind}:{pk}"
        for kind in ("response", "resolution")
        for pk in (request.pk, other.pk)
    )
    assert unread(agent) == unread(boss) == everything
    page = OfficeClient(office_a, user=agent).get(f"/helpdesk/{request.pk}/")
    assert page.status_code == 200
    with in_office(office_a):
        assert unread(agent) == [
            f"helpdesk.sla_resolution:{other.pk}",
            f"helpdesk.sla_response:{other.pk}",
        ]
        assert unread(boss) == everything
