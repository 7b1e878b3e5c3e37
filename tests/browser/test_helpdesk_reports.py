from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory


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
    sign_in(page, office, admin.email, PASSWORD)
    page.goto(office_url(office, "/helpdesk/reports/?period=month&month=2026-11"))
    expect(page.get_by_test_id("report-period")).to_contain_text("2026-11")
    for canvas in ("chart-volume", "chart-channels", "chart-backlog", "chart-ratings"):
        page.wait_for_function(
            "id => window.Chart && Chart.getChart(document.getElementById(id))", arg=canvas
        )
    assert page.evaluate("Chart.getChart('chart-volume').data.labels.length") == 30
    assert errors == []
    assert outside == []  # nothing from a CDN
