import datetime as dt

import pytest
from django.db import connection

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Request, Schedule, ScheduleRun
from modules.helpdesk.schedules import (
    next_dates,
    occurrences,
    office_today,
    schedule_delete,
    schedule_save,
    schedules_run,
)
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def made(*, now="2026-01-01T08:00", client=None, actor=None, **data) -> Schedule:
    data = {"subject": "Check the mailbox", "frequency": "days", "starts_on": d("2026-01-01")} | (
        data
    )
    return schedule_save(actor=actor, client=client or ClientFactory(), data=data, now=at(now))


@pytest.fixture
def zone(in_office_a, monkeypatch):
    def use(name: str) -> None:
        monkeypatch.setattr(connection.tenant, "time_zone", name)

    use("Europe/Warsaw")
    return use


def test_a_31st_falls_on_the_last_day_of_shorter_months(in_office_a, zone):
    schedule = made(frequency="months", month_day=31, starts_on=d("2026-01-01"))
    got = occurrences(schedule, start=d("2026-01-01"), end=d("2026-06-30"))
    assert got == [
        d("2026-01-31"),
        d("2026-02-28"),
        d("2026-03-31"),
        d("2026-04-30"),
        d("2026-05-31"),
        d("2026-06-30"),
    ]
    assert occurrences(schedule, start=d("2028-02-01"), end=d("2028-02-29")) == [d("2028-02-29")]


def test_a_30th_and_29th_fall_on_february_end(in_office_a, zone):
    thirtieth = made(frequency="months", month_day=30, starts_on=d("2026-01-01"))
    assert occurrences(thirtieth, start=d("2026-01-01"), end=d("2026-03-31")) == [
        d("2026-01-30"),
        d("2026-02-28"),
        d("2026-03-30"),
    ]
    ninth = made(frequency="months", month_day=29, starts_on=d("2027-01-01"))
    assert occurrences(ninth, start=d("2027-01-01"), end=d("2027-03-31")) == [
        d("2027-01-29"),
        d("2027-02-28"),
        d("2027-03-29"),
    ]
    assert occurrences(ninth, start=d("2028-02-01"), end=d("2028-02-29")) == [d("2028-02-29")]


def test_the_last_day_of_every_second_month(in_office_a, zone):
    schedule = made(frequency="months", interval=2, month_day=-1, starts_on=d("2026-01-10"))
    assert occurrences(schedule, start=d("2026-01-01"), end=d("2026-12-31")) == [
        d("2026-01-31"),
        d("2026-03-31"),
        d("2026-05-31"),
        d("2026-07-31"),
        d("2026-09-30"),
        d("2026-11-30"),
    ]


def test_every_second_week_on_a_weekday_until_the_last_date(in_office_a, zone):
    schedule = made(
        frequency="weeks",
        interval=2,
        weekday=2,
        starts_on=d("2026-03-02"),
        ends_on=d("2026-04-15"),
    )
    assert occurrences(schedule, start=d("2026-03-01"), end=d("2026-12-31")) == [
        d("2026-03-04"),
        d("2026-03-18"),
        d("2026-04-01"),
        d("2026-04-15"),
    ]


def test_a_schedule_runs_once_per_date_and_plans_the_next(in_office_a, zone):
    schedule = made(frequency="days", interval=3, starts_on=d("2026-03-01"), now="2026-03-01T07:00")
    assert schedule.next_on == d("2026-03-01")
    assert schedules_run(now=at("2026-03-01T08:00")) == 1
    assert schedules_run(now=at("2026-03-01T09:00")) == 0
    assert schedules_run(now=at("2026-03-02T09:00")) == 0
    schedule.refresh_from_db()
    assert schedule.next_on == d("2026-03-04")
    request = Request.objects.get(client=schedule.client)
    assert (request.source, request.subject, request.status) == (
        "schedule",
        "Check the mailbox",
        "new",
    )
    run = ScheduleRun.objects.get(schedule=schedule)
    assert (run.occurs_on, run.request_id) == (d("2026-03-01"), request.pk)


def test_the_template_fills_the_request(in_office_a, zone):
    from modules.helpdesk.services import category_create

    agent = member(in_office_a, Role.STAFF)
    category = category_create(actor=None, name="Mail")
    schedule = made(
        subject="Quarterly VAT papers",
        description="Collect the papers.",
        category=category,
        priority="high",
        assignee_id=agent.pk,
        frequency="months",
        interval=3,
        month_day=-1,
        starts_on=d("2026-03-01"),
        now="2026-03-01T08:00",
    )
    assert schedules_run(now=at("2026-03-31T05:00")) == 1
    request = Request.objects.get(client=schedule.client)
    assert (
        request.subject,
        request.description,
        request.category_id,
        request.priority,
        request.assignee_id,
    ) == ("Quarterly VAT papers", "Collect the papers.", category.pk, "high", agent.pk)
    schedule.refresh_from_db()
    assert schedule.next_on == d("2026-06-30")


def test_missed_runs_raise_one_request_for_the_latest_and_never_again(in_office_a, zone):
    schedule = made(
        frequency="months", month_day=31, starts_on=d("2026-01-01"), now="2026-01-15T08:00"
    )
    assert schedule.next_on == d("2026-01-31")
    # The scheduler is down from January to 2 May: one request, for 30 April.
    assert schedules_run(now=at("2026-05-02T06:00")) == 1
    request = Request.objects.get(client=schedule.client)
    assert "31.01.2026, 28.02.2026, 31.03.2026" in request.description
    assert list(
        ScheduleRun.objects.filter(schedule=schedule)
        .order_by("occurs_on")
        .values_list("occurs_on", "request_id")
    ) == [
        (d("2026-01-31"), None),
        (d("2026-02-28"), None),
        (d("2026-03-31"), None),
        (d("2026-04-30"), request.pk),
    ]
    schedule.refresh_from_db()
    assert schedule.next_on == d("2026-05-31")
    assert schedules_run(now=at("2026-05-02T07:00")) == 0
    # Changed so that its next date is one it ran on: the unique run refuses a second request.
    schedule.next_on = d("2026-04-30")
    schedule.save()
    assert schedules_run(now=at("2026-05-02T08:00")) == 0
    assert Request.objects.filter(client=schedule.client).count() == 1


def test_a_new_schedule_starting_in_the_past_raises_nothing_retroactively(in_office_a, zone):
    schedule = made(frequency="weeks", weekday=0, starts_on=d("2026-01-01"), now="2026-03-04T08:00")
    assert schedule.next_on == d("2026-03-09")
    assert schedules_run(now=at("2026-03-04T09:00")) == 0
    assert next_dates(schedule) == [d("2026-03-09"), d("2026-03-16"), d("2026-03-23")]


def test_the_last_date_ends_the_schedule(in_office_a, zone):
    schedule = made(starts_on=d("2026-03-01"), ends_on=d("2026-03-02"), now="2026-03-01T07:00")
    assert schedules_run(now=at("2026-03-01T08:00")) == 1
    assert schedules_run(now=at("2026-03-02T08:00")) == 1
    schedule.refresh_from_db()
    assert schedule.next_on is None
    assert next_dates(schedule) == []
    assert schedules_run(now=at("2026-03-09T08:00")) == 0


@pytest.mark.parametrize("name", ["Europe/Warsaw", "Europe/Bratislava"])
def test_the_day_is_the_offices_across_the_spring_dst_change(in_office_a, zone, name):
    zone(name)
    schedule = made(starts_on=d("2026-03-28"), now="2026-03-27T12:00")
    # 23:59 on 28 March local (CET, UTC+1): the 28th's run only.
    assert office_today(at("2026-03-28T22:59")) == d("2026-03-28")
    assert schedules_run(now=at("2026-03-28T22:59")) == 1
    # 00:30 local on 29 March (still UTC+1; clocks go forward at 02:00): the 29th is due.
    assert schedules_run(now=at("2026-03-28T23:30")) == 1
    assert schedules_run(now=at("2026-03-29T01:30")) == 0  # 03:30 CEST, same day
    # 00:30 CEST (UTC+2) on 30 March is 22:30 UTC on the 29th.
    assert schedules_run(now=at("2026-03-29T22:30")) == 1
    assert list(
        ScheduleRun.objects.filter(schedule=schedule)
        .order_by("occurs_on")
        .values_list("occurs_on", flat=True)
    ) == [d("2026-03-28"), d("2026-03-29"), d("2026-03-30")]


@pytest.mark.parametrize("name", ["Europe/Warsaw", "Europe/Bratislava"])
def test_the_repeated_autumn_hour_raises_nothing_twice(in_office_a, zone, name):
    zone(name)
    schedule = made(frequency="weeks", weekday=6, starts_on=d("2026-10-01"), now="2026-10-01T12:00")
    assert schedule.next_on == d("2026-10-04")
    assert schedules_run(now=at("2026-10-04T06:00")) == 1
    # 00:30 CEST on Sunday 25 October is 22:30 UTC on the 24th.
    assert schedules_run(now=at("2026-10-24T22:30")) == 1
    # 02:30 local twice (CEST, then CET after the clocks go back): nothing more.
    assert schedules_run(now=at("2026-10-25T00:30")) == 0
    assert schedules_run(now=at("2026-10-25T01:30")) == 0
    assert Request.objects.filter(client=schedule.client).count() == 2
    schedule.refresh_from_db()
    assert schedule.next_on == d("2026-11-01")


def test_an_assignee_who_left_gets_an_unassigned_request(in_office_a, zone):
    agent = member(in_office_a, Role.STAFF)
    schedule = made(assignee_id=agent.pk, starts_on=d("2026-03-01"), now="2026-03-01T07:00")
    from accounts.models import Membership

    Membership.objects.filter(user=agent, office=in_office_a).update(is_active=False)
    from modules.helpdesk.models import Team, TeamMember
    from modules.helpdesk.services import category_create

    team = Team.objects.create(name="Mailroom")
    TeamMember.objects.create(team=team, user=member(in_office_a, Role.STAFF))
    schedule.category = category_create(actor=None, name="Post", team=team)
    schedule.save()
    assert schedules_run(now=at("2026-03-01T08:00")) == 1
    request = Request.objects.get(client=schedule.client)
    assert (request.assignee_id, request.team_id) == (None, team.pk)


def test_rules_that_do_not_fit_are_refused(in_office_a, zone):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        made(frequency="weeks", month_day=3)
    assert error.value.message_dict == {
        "month_day": ["A weekly task has a weekday, not a day of the month."]
    }
    with pytest.raises(ValidationError) as error:
        made(starts_on=d("2026-03-02"), ends_on=d("2026-03-01"))
    assert error.value.message_dict == {
        "ends_on": ["The last date cannot be before the first date."]
    }
    with pytest.raises(ValidationError) as error:
        made(assignee_id=member(in_office_a, Role.CLIENT).pk)
    assert error.value.message_dict == {
        "assignee": ["The assignee must be active staff of this office."]
    }
    assert not Schedule.objects.exists()


def test_changes_and_removal_are_audited_and_keep_the_requests(in_office_a, zone):
    schedule = made(starts_on=d("2026-03-01"), now="2026-03-01T07:00")
    schedules_run(now=at("2026-03-01T08:00"))
    schedule = schedule_save(
        actor=None,
        client=schedule.client,
        schedule=schedule,
        data={"interval": 7},
        now=at("2026-03-01T09:00"),
    )
    assert schedule.next_on == d("2026-03-08")
    schedule_delete(actor=None, schedule=schedule)
    assert Request.objects.filter(client=schedule.client).count() == 1
    assert list(
        AuditEntry.objects.filter(action__startswith="helpdesk.schedule")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["helpdesk.schedule_created", "helpdesk.schedule_changed", "helpdesk.schedule_deleted"]


# Screens: the client card's "Recurring tasks" tab and the form


STAFF_FORM = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in STAFF_FORM.items() if v != 200}


def _form(**data) -> dict:
    return {
        "subject": "Scan the archive",
        "priority": "normal",
        "frequency": "months",
        "interval": "1",
        "month_day": "-1",
        "starts_on": "2026-01-01",
        "is_active": "on",
    } | data


def test_the_card_lists_schedules_with_their_next_dates(office_a, django_assert_num_queries):
    from tests.helpers.offices import OfficeClient, in_office

    with in_office(office_a):
        client = ClientFactory()
        for n in range(3):
            made(
                client=client,
                subject=f"Task {n}",
                frequency="weeks",
                weekday=n,
                now="2026-03-02T08:00",
            )
        staff = member(office_a, Role.STAFF)
    browser = OfficeClient(office_a, user=staff)
    page = browser.get(f"/clients/{client.pk}/recurring/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Task 0" in html and "Task 2" in html
    assert html.count('data-testid="schedule-next"') == 3
    assert html.count("02.03.2026, 09.03.2026, 16.03.2026") == 1  # Task 0, on Mondays


def test_the_card_shows_the_request_each_schedule_raised_last(office_a):
    import re

    from django.test.utils import CaptureQueriesContext

    from tests.helpers.offices import OfficeClient, in_office

    with in_office(office_a):
        client = ClientFactory()
        made(client=client, subject="Daily", starts_on=d("2026-03-01"), now="2026-03-01T07:00")
        schedules_run(now=at("2026-03-01T08:00"))
        schedules_run(now=at("2026-03-02T08:00"))
        second = Request.objects.filter(client=client).order_by("pk").last()
        made(client=client, subject="Monthly", frequency="months", month_day=-1,
             starts_on=d("2026-03-01"), now="2026-03-02T09:00")  # fmt: skip
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF))

    def cells():
        with CaptureQueriesContext(connection) as queries:
            html = browser.get(f"/clients/{client.pk}/recurring/").content.decode()
        found = re.findall(r'data-testid="schedule-last">(.*?)</td>', html)
        return [re.sub(r"<[^>]+>", "", cell) for cell in found], len(queries.captured_queries)

    cells()  # warm the per-process caches
    shown, count = cells()
    assert shown == [f"{second.number} 02.03.2026", "—"]
    with in_office(office_a):
        made(client=client, subject="Daily too", starts_on=d("2026-03-01"), now="2026-03-02T07:00")
        schedules_run(now=at("2026-03-02T08:30"))
        third = Request.objects.filter(client=client).order_by("pk").last()
    shown, more = cells()
    assert shown == [f"{second.number} 02.03.2026", "—", f"{third.number} 02.03.2026"]
    assert more == count  # one query for every schedule's last request


def test_staff_add_change_and_remove_a_schedule(office_a, staff_a):
    from tests.helpers.offices import OfficeClient, in_office

    with in_office(office_a):
        client = ClientFactory()
    staff = staff_a  # reads English
    browser = OfficeClient(office_a, user=staff)
    response = browser.post(f"/helpdesk/clients/{client.pk}/schedules/new/", _form())
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client.pk}/recurring/"
    with in_office(office_a):
        schedule = Schedule.objects.get(client=client)
        assert (schedule.frequency, schedule.month_day, schedule.created_by_id) == (
            "months",
            -1,
            staff.pk,
        )
    url = f"/helpdesk/clients/{client.pk}/schedules/{schedule.pk}/"
    assert browser.get(url).status_code == 200
    bad = browser.post(url, _form(frequency="weeks", weekday="2"))
    assert bad.status_code == 400
    assert "A weekly task has a weekday, not a day of the month." in bad.content.decode()
    assert browser.post(url, _form(subject="Scan it all")).status_code == 302
    with in_office(office_a):
        assert Schedule.objects.get(pk=schedule.pk).subject == "Scan it all"
    assert browser.post(url + "delete/").status_code == 302
    with in_office(office_a):
        assert not Schedule.objects.filter(pk=schedule.pk).exists()


def test_schedule_screens_permission_matrix(office_a, office_b):
    from tests.helpers.matrix import check_permission_matrix
    from tests.helpers.offices import in_office

    with in_office(office_a):
        client = ClientFactory()
        schedule = made(client=client, subject="Original")
    base = f"/helpdesk/clients/{client.pk}/schedules/"
    for url in (f"{base}new/", f"{base}{schedule.pk}/"):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_FORM)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"{base}{schedule.pk}/",
        data=_form(subject="Changed"),
        expect=REFUSED,
        unchanged=lambda: Schedule.objects.get(pk=schedule.pk).subject == "Original",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"{base}new/",
        data=_form(subject="Added"),
        expect=REFUSED,
        unchanged=lambda: not Schedule.objects.filter(subject="Added").exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"{base}{schedule.pk}/delete/",
        expect=REFUSED,
        unchanged=lambda: Schedule.objects.filter(pk=schedule.pk).exists(),
    )


def test_read_only_staff_see_the_tab_but_cannot_change(office_a):
    from modules.helpdesk.services import access_set
    from tests.helpers.offices import OfficeClient, in_office

    with in_office(office_a):
        client = ClientFactory()
        schedule = made(client=client, subject="Original")
        reader = member(office_a, Role.STAFF)
        access_set(actor=None, user_id=reader.pk, level="read_only")
    browser = OfficeClient(office_a, user=reader)
    page = browser.get(f"/clients/{client.pk}/recurring/")
    assert page.status_code == 200
    assert "Original" in page.content.decode()
    assert 'data-testid="schedule-add"' not in page.content.decode()
    url = f"/helpdesk/clients/{client.pk}/schedules/{schedule.pk}/delete/"
    assert browser.post(url).status_code == 403
    with in_office(office_a):
        assert Schedule.objects.filter(pk=schedule.pk).exists()


def test_another_offices_schedule_answers_404_and_changes_nothing(office_a, office_b):
    from tests.helpers.matrix import check_cross_office
    from tests.helpers.offices import in_office

    with in_office(office_a):
        client = ClientFactory()
        schedule = made(client=client, subject="Original")
    base = f"/helpdesk/clients/{client.pk}/schedules/{schedule.pk}/"
    check_cross_office(office_a, office_b, "get", base)
    check_cross_office(
        office_a,
        office_b,
        "post",
        base,
        data=_form(subject="Changed"),
        unchanged=lambda: Schedule.objects.get(pk=schedule.pk).subject == "Original",
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        base + "delete/",
        unchanged=lambda: Schedule.objects.filter(pk=schedule.pk).exists(),
    )


def test_a_schedule_saved_again_as_shown_in_polish_keeps_its_dates(office_a):
    # The form shows each date as <input type="date"> holds it: saved without a change by
    # a Polish reader, the optional last date stayed set (it used to come back empty).
    from tests.helpers.html import form_data
    from tests.helpers.offices import OfficeClient, in_office

    with in_office(office_a):
        client = ClientFactory()
        schedule = made(client=client, starts_on=d("2026-01-05"), ends_on=d("2026-12-31"))
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    url = f"/helpdesk/clients/{client.pk}/schedules/{schedule.pk}/"
    page = browser.get(url)
    assert page["Content-Language"] == "pl"
    sent = form_data(page.content.decode(), data_testid="schedule-form")
    assert (sent["starts_on"], sent["ends_on"]) == ("2026-01-05", "2026-12-31")
    assert browser.post(url, sent).status_code == 302
    with in_office(office_a):
        schedule.refresh_from_db()
    assert (schedule.starts_on, schedule.ends_on) == (d("2026-01-05"), d("2026-12-31"))


def test_the_offices_new_request_message_names_the_recurring_task(in_office_a, zone):
    """Audit 2026-12-07: the office's e-mail ended "Zgłosił(a): " with nothing."""
    from django.utils import translation

    from modules.notifications.models import Notification

    schedule = made(
        subject="Quarterly VAT papers", starts_on=d("2026-03-01"), now="2026-03-01T08:00"
    )
    assert schedules_run(now=at("2026-03-01T05:00")) == 1
    note = Notification.objects.get(event="helpdesk.created")
    with translation.override(in_office_a.language):
        expected = translation.gettext("Recurring task: %(name)s") % {
            "name": "Quarterly VAT papers"
        }
    assert note.context["requested_by"] == expected
    assert expected.endswith(": Quarterly VAT papers") and len(expected) > 24
    assert Request.objects.get(client=schedule.client).requester_label == ""
