"""One rule owns a request's due date (sla.due_on): the date staff typed, else the day of
the SLA's resolution deadline in the office's time zone - on the request page, in the
queue's column and in its "overdue" filter. Checked where UTC and Warsaw are on different
days (the deadline at 23:30 UTC on the 10th is 00:30 on the 11th in Warsaw)."""

import datetime as dt

from accounts.models import Role
from modules.helpdesk.models import Request, SlaClock
from modules.helpdesk.policies import access_level
from modules.helpdesk.selectors import QueueFilters, request_queue
from modules.helpdesk.sla import due_on, sla_policy_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

UTC = dt.UTC
DEADLINE = dt.datetime(2026, 12, 10, 23, 30, tzinfo=UTC)  # 11.12.2026 00:30 in Warsaw


def _with_clock(**data) -> Request:
    req = raised(client=ClientFactory(), **data)
    SlaClock.objects.filter(request=req).update(resolution_due=DEADLINE)
    return Request.objects.select_related("sla").get(pk=req.pk)


def _overdue(membership, now) -> set[str]:
    page = request_queue(
        membership=membership,
        level=access_level(membership),
        filters=QueueFilters(saved="overdue"),
        now=now,
    )
    return {row.number for row in page["rows"]}


def test_the_sla_deadline_is_the_due_date_in_the_offices_zone(office_a):
    admin = member(office_a, Role.ADMIN)
    admin.language = "en"
    admin.save(update_fields=["language"])
    with in_office(office_a):
        assert office_a.time_zone == "Europe/Warsaw"
        sla_policy_create(
            actor=None,
            data={"name": "Standard", "first_response_minutes": 480, "resolution_minutes": 2400},
        )
        by_sla = _with_clock(subject="Forward the parcel")
        typed = _with_clock(subject="Register the company", due_date=dt.date(2026, 12, 9))
        assert due_on(by_sla) == dt.date(2026, 12, 11)  # not the UTC date, the 10th
        assert due_on(typed) == dt.date(2026, 12, 9)  # a typed date wins
        membership = admin.memberships.get(office=office_a)
        # 22:30 UTC on the 11th is still the 11th in Warsaw: due today, not overdue yet
        # (by UTC dates the deadline's day, the 10th, would have passed).
        assert _overdue(membership, dt.datetime(2026, 12, 11, 22, 30, tzinfo=UTC)) == {typed.number}
        # 23:30 UTC on the 11th is the 12th in Warsaw: overdue, though UTC is still the 11th.
        late = _overdue(membership, dt.datetime(2026, 12, 11, 23, 30, tzinfo=UTC))
        assert late == {typed.number, by_sla.number}
        queue = request_queue(
            membership=membership,
            level=access_level(membership),
            filters=QueueFilters(saved="open"),
            now=dt.datetime(2026, 12, 11, 22, 30, tzinfo=UTC),
        )
        shown = {row.number: (row.due_on, row.overdue) for row in queue["rows"]}
        assert shown == {
            by_sla.number: (dt.date(2026, 12, 11), False),
            typed.number: (dt.date(2026, 12, 9), True),
        }
    web = OfficeClient(office_a, user=admin)
    page = web.get(f"/helpdesk/{by_sla.pk}/").content.decode()
    # The fields and the SLA box say the same day.
    assert (
        'data-testid="due-on">11/12/2026 <span class="text-body-secondary">'
        "(the SLA's resolution deadline)</span></dd>"
    ) in page
    assert "due 11/12/2026 00:30" in page
    page = web.get(f"/helpdesk/{typed.pk}/").content.decode()
    assert 'data-testid="due-on">09/12/2026</dd>' in page
    queue = web.get("/helpdesk/?saved=open").content.decode()
    assert "11/12/2026" in queue and "09/12/2026" in queue


def test_a_request_without_a_clock_or_a_typed_date_is_due_never(office_a):
    with in_office(office_a):
        req = raised(client=ClientFactory())
        assert due_on(Request.objects.select_related("sla").get(pk=req.pk)) is None
