import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.billing.models import PeriodClose, UsageRecord
from modules.billing.selectors import summary_get
from modules.billing.services import period_close, period_close_all, service_create
from modules.helpdesk.models import BillableWork, WorkLog
from modules.helpdesk.selectors import worklog_totals, worklog_totals_by
from modules.helpdesk.services import request_create, request_transition
from modules.helpdesk.worklog import (
    rate_set,
    work_settings_update,
    worklog_add,
    worklog_delete,
    worklog_start,
    worklog_stop,
    worklog_update,
)
from modules.helpdesk.workorders import workorder_create, workorder_link
from tests.helpers.offices import in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def _accepted(req, actor):
    req = request_transition(request=req, action="start", actor=actor)
    req = request_transition(request=req, action="resolve", actor=actor)
    return request_transition(request=req, action="accept", actor=None, rating=5)


def _usage():
    return list(
        UsageRecord.objects.filter(source="helpdesk")
        .order_by("pk")
        .values_list("description", "date", "quantity", "unit", "unit_price", "vat_rate")
    )


def test_the_rate_comes_from_the_clients_terms_then_the_operator_then_the_catalogue(
    office_a, staff_a
):
    with in_office(office_a):
        hour = service_create(
            actor=None,
            data={
                "name_pl": "Godzina pracy",
                "unit": "hour",
                "net_price": Decimal("100.00"),
                "vat_rate": "8",
            },
        )
        work_settings_update(actor=None, data={"service": hour})
        client = ClientFactory()
        req = raised(client=client)
        today = timezone.localdate()
        by_service = worklog_add(request=req, actor=staff_a, date=today, minutes=30)
        rate_set(actor=None, user_id=staff_a.pk, hourly_rate=Decimal("80.00"))
        by_operator = worklog_add(request=req, actor=staff_a, date=today, minutes=30)
        rate_set(actor=None, client=client, hourly_rate=Decimal("150.00"))
        by_client = worklog_add(request=req, actor=staff_a, date=today, minutes=50)
        internal = worklog_add(
            request=request_create(actor=None, subject="Our printer"),
            actor=staff_a,
            date=today,
            minutes=20,
        )
        rows = [
            (e.rate, e.rate_source, e.vat_rate, e.amount, e.billable)
            for e in (by_service, by_operator, by_client, internal)
        ]
        assert rows == [
            (Decimal("100.00"), "service", "8", Decimal("50.00"), True),
            (Decimal("80.00"), "operator", "8", Decimal("40.00"), True),
            # 50 minutes are 0.83 h: 0.83 x 150 = 124.50
            (Decimal("150.00"), "client", "8", Decimal("124.50"), True),
            (Decimal("80.00"), "operator", "8", Decimal("0.00"), False),
        ]


def test_without_any_rate_time_is_logged_as_not_billable(office_a, staff_a):
    with in_office(office_a):
        entry = worklog_add(request=raised(), actor=staff_a, date=timezone.localdate(), minutes=45)
        assert (entry.billable, entry.rate, entry.rate_source, entry.amount) == (
            False,
            None,
            "none",
            Decimal("0.00"),
        )


@pytest.mark.parametrize("minutes", [0, -15, 24 * 60 + 1])
def test_bad_durations_are_refused_and_nothing_is_logged(office_a, staff_a, minutes):
    with in_office(office_a):
        req = raised()
        with pytest.raises(ValidationError) as refused:
            worklog_add(request=req, actor=staff_a, date=timezone.localdate(), minutes=minutes)
        assert list(refused.value.message_dict) == ["minutes"]
        assert not WorkLog.objects.exists()


def test_a_future_day_is_refused(office_a, staff_a):
    with in_office(office_a):
        with pytest.raises(ValidationError) as refused:
            worklog_add(
                request=raised(),
                actor=staff_a,
                date=timezone.localdate() + dt.timedelta(days=1),
                minutes=30,
            )
        assert refused.value.message_dict == {"date": ["Time cannot be logged for a future day."]}


def test_the_timer_runs_across_a_reload_and_stops_with_rounded_minutes(office_a, staff_a):
    with in_office(office_a):
        rate_set(actor=None, user_id=staff_a.pk, hourly_rate=Decimal("60.00"))
        req = raised()
        start = dt.datetime(2026, 3, 10, 9, 0, 0, tzinfo=WARSAW)
        entry = worklog_start(request=req, actor=staff_a, now=start)
        assert WorkLog.objects.get(pk=entry.pk).running  # a reload reads it from the row
        stopped = worklog_stop(
            actor=staff_a, now=start + dt.timedelta(minutes=89, seconds=31), description="Calls"
        )
        assert (stopped.minutes, stopped.date, stopped.capped, stopped.amount) == (
            90,
            dt.date(2026, 3, 10),
            False,
            Decimal("90.00"),
        )
        assert stopped.description == "Calls"


def test_one_timer_per_operator_and_a_second_start_names_the_running_one(office_a, staff_a):
    with in_office(office_a):
        first, second = raised(subject="First"), raised(subject="Second")
        now = timezone.now()
        worklog_start(request=first, actor=staff_a, now=now)
        with pytest.raises(ApplicationError) as refused:
            worklog_start(request=second, actor=staff_a, now=now + dt.timedelta(minutes=5))
        assert refused.value.message == f"Your timer is running on {first.number}: stop it first."
        assert WorkLog.objects.filter(minutes__isnull=True).count() == 1
        colleague = member(office_a, Role.STAFF)
        worklog_start(request=second, actor=colleague, now=now)
        assert WorkLog.objects.filter(minutes__isnull=True).count() == 2


def test_a_timer_left_running_over_midnight_is_capped_at_midnight(office_a, staff_a):
    with in_office(office_a):
        first, second = raised(subject="First"), raised(subject="Second")
        start = dt.datetime(2026, 3, 10, 22, 30, tzinfo=WARSAW)
        worklog_start(request=first, actor=staff_a, now=start)
        # Next morning the operator starts another timer: the forgotten one stops at midnight.
        worklog_start(
            request=second, actor=staff_a, now=dt.datetime(2026, 3, 11, 8, 0, tzinfo=WARSAW)
        )
        capped = WorkLog.objects.get(request=first)
        assert (capped.minutes, capped.capped, capped.date) == (90, True, dt.date(2026, 3, 10))
        later = worklog_stop(actor=staff_a, now=dt.datetime(2026, 3, 12, 1, 0, tzinfo=WARSAW))
        assert (later.minutes, later.capped) == (16 * 60, True)


def test_stopping_without_a_running_timer_is_refused(office_a, staff_a):
    with in_office(office_a):
        with pytest.raises(ApplicationError) as refused:
            worklog_stop(actor=staff_a)
        assert refused.value.message == "No timer of yours is running."


def test_a_stale_edit_is_refused_and_changes_nothing(office_a, staff_a):
    with in_office(office_a):
        entry = worklog_add(request=raised(), actor=staff_a, date=timezone.localdate(), minutes=30)
        worklog_update(entry=entry, actor=staff_a, data={"minutes": 40}, version=entry.version)
        with pytest.raises(ApplicationError) as refused:
            worklog_update(entry=entry, actor=staff_a, data={"minutes": 50}, version=1)
        assert refused.value.code == "stale"
        assert WorkLog.objects.get(pk=entry.pk).minutes == 40


def test_billable_time_reaches_the_settlement_once_over_repeated_accepts_and_a_close(
    office_a, staff_a
):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        rate_set(actor=None, client=client, hourly_rate=Decimal("120.00"))
        req = raised(client=client)
        today = timezone.localdate()
        worklog_add(request=req, actor=staff_a, date=today, minutes=90, description="Filing")
        worklog_add(request=req, actor=staff_a, date=today, minutes=15, billable=False)
        req = _accepted(req, staff_a)
        expected = [
            (f"{req.number}: Filing", today, Decimal("1.500"), "hour", Decimal("120.00"), "23")
        ]
        assert _usage() == expected
        req = request_transition(request=req, action="close", actor=staff_a)
        period_close(client=client, period=today.replace(day=1), actor=None)
        with pytest.raises(ApplicationError):
            request_transition(request=req, action="accept", actor=None, rating=5)
        assert _usage() == expected
        entry = WorkLog.objects.get(billable=True)
        work = BillableWork.objects.get()
        assert (entry.work_id, work.usage_id) == (work.pk, UsageRecord.objects.get().pk)
        assert UsageRecord.objects.get().source_ref == f"hd-work:{work.pk}"
        figures = PeriodClose.objects.get(client=client).figures
        assert [line["net"] for line in figures["lines"] if line["kind"] == "service"] == ["180.00"]


def test_time_logged_after_a_reopen_is_billed_with_the_first_at_acceptance(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
        today = timezone.localdate()
        worklog_add(request=req, actor=staff_a, date=today, minutes=60, description="First")
        req = request_transition(request=req, action="start", actor=staff_a)
        req = request_transition(request=req, action="resolve", actor=staff_a)
        req = request_transition(request=req, action="reopen", actor=None, comment="Not yet")
        assert _usage() == []
        worklog_add(request=req, actor=staff_a, date=today, minutes=30, description="Second")
        _accepted(req, staff_a)
        period_close(client=client, period=today.replace(day=1), actor=None)
        assert [(d.split(": ")[1], q) for d, _day, q, *_rest in _usage()] == [
            ("First", Decimal("1.000")),
            ("Second", Decimal("0.500")),
        ]


def test_the_month_close_bills_pending_time_up_to_its_end_and_accept_adds_nothing(
    office_a, staff_a
):
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
        today = timezone.localdate()
        last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        worklog_add(request=req, actor=staff_a, date=last_month, minutes=60, description="Old")
        worklog_add(request=req, actor=staff_a, date=today, minutes=30, description="New")
        result = period_close_all(period=last_month, actor=None)
        assert result.closed == 1  # a client with nothing else but logged time is closed
        assert [(d.split(": ")[1], day, q) for d, day, q, *_rest in _usage()] == [
            ("Old", last_month, Decimal("1.000")),
        ]
        summary = summary_get(client_id=client.pk, period=last_month)
        assert summary.closed_at
        assert [(line.description, line.net) for line in summary.lines] == [
            (f"{req.number}: Old", Decimal("100.00"))
        ]
        _accepted(req, staff_a)
        assert [d.split(": ")[1] for d, *_rest in _usage()] == ["Old", "New"]
        period_close(client=client, period=today.replace(day=1), actor=None)
        assert UsageRecord.objects.count() == 2


def test_a_billed_entry_cannot_be_changed_or_deleted(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
        entry = worklog_add(request=req, actor=staff_a, date=timezone.localdate(), minutes=60)
        _accepted(req, staff_a)
        message = (
            "This time is already in the client's settlement: it can no longer be changed or "
            "deleted. Log a correction on the request instead."
        )
        with pytest.raises(ApplicationError) as refused:
            worklog_update(entry=entry, actor=staff_a, data={"minutes": 10})
        assert refused.value.message == message
        with pytest.raises(ApplicationError) as refused:
            worklog_delete(entry=entry, actor=staff_a)
        assert refused.value.message == message
        assert WorkLog.objects.get(pk=entry.pk).minutes == 60


def test_totals_per_request_order_client_operator_and_period(office_a, staff_a):
    with in_office(office_a):
        colleague = member(office_a, Role.STAFF)
        north, south = ClientFactory(name="North"), ClientFactory(name="South")
        rate_set(actor=None, client=north, hourly_rate=Decimal("100.00"))
        rate_set(actor=None, user_id=colleague.pk, hourly_rate=Decimal("60.00"))
        a1, a2, b1 = raised(client=north), raised(client=north), raised(client=south)
        order = workorder_create(actor=None, title="Move", client=north)
        workorder_link(order=order, request=a1, actor=None)
        march, april = dt.date(2026, 3, 31), dt.date(2026, 4, 1)
        worklog_add(request=a1, actor=staff_a, date=march, minutes=50)  # 0.83 h x 100 = 83.00
        worklog_add(request=a1, actor=colleague, date=april, minutes=90)  # client's: 150.00
        worklog_add(request=a2, actor=staff_a, date=april, minutes=20, billable=False)
        worklog_add(request=b1, actor=colleague, date=april, minutes=45)  # 0.75 x 60 = 45.00
        worklog_add(request=b1, actor=staff_a, date=march, minutes=10)  # no rate: not billable
        total = worklog_totals()
        assert (total.entries, total.minutes, total.billable_minutes, total.amount) == (
            5,
            215,
            185,
            Decimal("278.00"),
        )
        assert (total.hours, total.billable_hours) == (Decimal("3.58"), Decimal("3.08"))

        def flat(rows):
            return {k: (v.minutes, v.billable_minutes, v.amount) for k, v in rows.items()}

        assert flat(worklog_totals_by(by="request")) == {
            a1.pk: (140, 140, Decimal("233.00")),
            a2.pk: (20, 0, Decimal("0.00")),
            b1.pk: (55, 45, Decimal("45.00")),
        }
        assert flat(worklog_totals_by(by="order")) == {
            order.pk: (140, 140, Decimal("233.00")),
            None: (75, 45, Decimal("45.00")),
        }
        assert flat(worklog_totals_by(by="client")) == {
            north.pk: (160, 140, Decimal("233.00")),
            south.pk: (55, 45, Decimal("45.00")),
        }
        assert flat(worklog_totals_by(by="operator")) == {
            staff_a.pk: (80, 50, Decimal("83.00")),
            colleague.pk: (135, 135, Decimal("195.00")),
        }
        assert flat(worklog_totals_by(by="month")) == {
            dt.date(2026, 3, 1): (60, 50, Decimal("83.00")),
            dt.date(2026, 4, 1): (155, 135, Decimal("195.00")),
        }
        april_north = worklog_totals(client_id=north.pk, date_from=april, date_to=april)
        assert (april_north.minutes, april_north.amount) == (110, Decimal("150.00"))
        assert worklog_totals(order_id=order.pk, operator_id=staff_a.pk).minutes == 50
