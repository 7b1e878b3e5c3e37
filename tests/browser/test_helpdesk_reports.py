import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.helpdesk.models import Request, SlaClock
from modules.helpdesk.services import request_create
from modules.helpdesk.worklog import worklog_add
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


def test_reports_draw_their_charts_from_the_vendored_chartjs(page, session_offices, committed):
    office = session_offices[0]
    admin = UserFactory(email=unique_email("hd-reports"), language="en")
    membership_create(user=admin, office=office, role=Role.ADMIN)
    errors, outside = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(office_url(office, "")) else None,
    )
    with in_office(office):  # November's time and an SLA clock: their charts are drawn too
        req = request_create(actor=None, subject=f"Reports chart {unique_email('x')}")
        worklog_add(request=req, actor=admin, date=dt.date(2026, 11, 10), minutes=90)
        moment = timezone.now()
        SlaClock.objects.create(
            request=req, started_at=moment, response_target=3600, resolution_target=7200,
            response_due=moment, response_risk_at=moment, resolution_due=moment,
            resolution_risk_at=moment, response_seconds=60,
        )  # fmt: skip
        november = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
        Request.objects.filter(pk=req.pk).update(created_at=november)
    try:
        _charts_drawn(page, office, admin, errors, outside)
    finally:
        with in_office(office):
            Request.objects.filter(pk=req.pk).delete()  # committed: leave nothing behind


def _charts_drawn(page, office, admin, errors, outside):
    sign_in(page, office, admin.email, PASSWORD)
    page.goto(office_url(office, "/helpdesk/reports/?period=month&month=2026-11"))
    expect(page.get_by_test_id("report-period")).to_contain_text("November 2026")
    charts = ("chart-volume", "chart-channels", "chart-backlog", "chart-ratings", "chart-work")
    for canvas in (*charts, "chart-sla"):
        page.wait_for_function(
            "id => window.Chart && Chart.getChart(document.getElementById(id))", arg=canvas
        )
    assert page.evaluate("Chart.getChart('chart-volume').data.labels.length") == 30
    assert errors == []
    assert outside == []  # nothing from a CDN
