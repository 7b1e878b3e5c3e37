import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Access, Category, FirstResponse, Reply, Request
from modules.helpdesk.report_files import client_report_pdf, sheet_title
from modules.helpdesk.reports import Filters, Period, report_build
from modules.helpdesk.services import access_set, reply_create
from modules.messaging.models import Conversation, Message
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised

NOVEMBER = Period.month(2026, 11)
TZ = zoneinfo.ZoneInfo("Europe/Warsaw")
H = 3600


def h(hours: float) -> float:
    return round(hours * H, 3)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def _set(req, **fields):
    Request.objects.filter(pk=req.pk).update(**fields)
    req.refresh_from_db()
    return req


def _answered(req, when, staff):
    reply = reply_create(request=req, actor=staff, body="We are on it.")
    FirstResponse.objects.filter(request=req).update(at=when)
    Reply.objects.filter(pk=reply.pk).update(created_at=when)


@pytest.fixture
def month(office_a):
    """A fixture month (November 2026, Europe/Warsaw) with every figure known."""
    op1, op2 = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    op1.full_name, op2.full_name = "Olga Operator", "Piotr Operator"
    op1.save(update_fields=["full_name"])
    op2.save(update_fields=["full_name"])
    with in_office(office_a), timezone.override(TZ):
        mail_cat = Category.objects.create(name_pl="Mail")
        inv_cat = Category.objects.create(name_pl="Invoices")
        c1 = ClientFactory(name="Alfa s.r.o.")
        c2 = ClientFactory(name="Beta sp. z o.o.")
        rows = {}

        def make(key, client, category, source, created, **fields):
            req = raised(client=client, category=category, subject=f"Request {key}")
            rows[key] = _set(req, created_at=created, source=source, **fields)
            return rows[key]

        r1 = make("r1", c1, mail_cat, "portal", at(2026, 11, 2, 9), assignee_id=op1.pk)
        r2 = make("r2", c1, mail_cat, "staff", at(2026, 11, 2, 10), assignee_id=op1.pk)
        r3 = make("r3", c2, inv_cat, "portal", at(2026, 11, 5, 12), assignee_id=op2.pk)
        make("r4", c2, None, "mail", at(2026, 11, 10, 8))
        # 2026-10-31 23:30 UTC is 1 November 00:30 in Warsaw: November's.
        r5 = make(
            "r5",
            c1,
            inv_cat,
            "portal",
            dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC),
            assignee_id=op2.pk,
        )
        # Raised in October (across the DST change), resolved in November.
        make("r6", c2, mail_cat, "portal", at(2026, 10, 15, 10))
        make("r7", c1, mail_cat, "portal", at(2026, 12, 1, 0, 30))
        # Resolved in November, then reopened: not resolved.
        make("r8", c1, mail_cat, "portal", at(2026, 11, 6, 9))
        for key, hours in (("r1", 1), ("r2", 3), ("r3", 2), ("r5", 5)):
            _answered(rows[key], rows[key].created_at + dt.timedelta(hours=hours), op1)
        # An internal note and a client's reply are no answer.
        reply_create(request=rows["r4"], actor=op1, body="Internal", internal=True)
        reply_create(request=rows["r4"], actor=None, body="Hello?", from_client=True)
        _set(
            r1,
            status="accepted",
            resolved_at=r1.created_at + dt.timedelta(hours=10),
            accepted_at=at(2026, 11, 3, 9),
            rating=5,
        )
        _set(
            r2,
            status="accepted",
            resolved_at=r2.created_at + dt.timedelta(hours=30),
            accepted_at=at(2026, 11, 5, 9),
            rating=4,
        )
        _set(r3, status="in_progress")
        _set(
            r5,
            status="closed",
            resolved_at=r5.created_at + dt.timedelta(hours=50),
            accepted_at=at(2026, 11, 20, 9),
            rating=2,
        )
        _set(rows["r6"], status="accepted", resolved_at=at(2026, 11, 4, 10))
        _set(rows["r8"], status="reopened", resolved_at=at(2026, 11, 7, 9))
    return {"op1": op1, "op2": op2, "c1": c1, "c2": c2, "mail": mail_cat, "inv": inv_cat, **rows}


def _build(office, filters=None, period=NOVEMBER):
    with in_office(office), timezone.override(TZ):
        return report_build(period=period, filters=filters or Filters())


def test_month_figures_exactly(office_a, month):
    report = _build(office_a)
    assert report.volume.total == ["Total", 6, 4]
    volume = {row[0]: row[1:] for row in report.volume.rows}
    assert len(volume) == 30
    assert volume["2026-11-01"] == [1, 0]
    assert volume["2026-11-02"] == [2, 1]
    assert volume["2026-11-03"] == [0, 2]
    assert volume["2026-11-04"] == [0, 1]
    assert volume["2026-11-05"] == [1, 0]
    assert volume["2026-11-06"] == [1, 0]
    assert volume["2026-11-10"] == [1, 0]
    assert sum(v[0] for v in volume.values()) == 6
    # raised, resolved since, open (work to do)
    assert report.categories.rows == [
        ["Mail", 3, 2, 1],
        ["Invoices", 2, 1, 1],
        ["No category", 1, 0, 1],
    ]
    assert report.categories.total == ["Total", 6, 3, 3]
    assert report.clients.rows == [["Alfa s.r.o.", 4, 3, 1], ["Beta sp. z o.o.", 2, 0, 2]]
    assert report.channels.rows == [
        ["Client panel", 4, 2, 2],
        ["Mail item", 1, 0, 1],
        ["Staff (phone, in person)", 1, 1, 0],
    ]
    # First response over 1, 2, 3, 5 h; resolution over 10, 30, 50 and 481 h (r6: 15
    # October 10:00 CEST to 4 November 10:00 CET is 20 days and an hour).
    assert report.times.total == [
        "Total",
        6,
        4,
        h(2.5),
        h(4.4),
        4,
        h(40),
        h(50 + 0.7 * 431),
    ]
    times = {row[0]: row[1:] for row in report.times.rows}
    assert times["Mail"] == [3, 2, h(2), h(2.8), 3, h(30), h(30 + 0.8 * 451)]
    assert times["Invoices"] == [2, 2, h(3.5), h(4.7), 1, h(50), h(50)]
    assert times["No category"] == [1, 0, None, None, 0, None, None]
    assert report.ratings.rows == [
        ["Olga Operator", 2, 4.5, 0, 0, 0, 1, 1],
        ["Piotr Operator", 1, 2.0, 0, 1, 0, 0, 0],
    ]
    assert report.ratings.total == ["Total", 3, 3.67, 0, 1, 0, 1, 1]
    assert report.work is None and report.sla is None


def test_filters_narrow_every_table(office_a, month):
    report = _build(office_a, Filters(client_id=month["c2"].pk))
    assert report.volume.total == ["Total", 2, 1]
    assert report.clients.rows == [["Beta sp. z o.o.", 2, 0, 2]]
    assert report.times.total == ["Total", 2, 1, h(2), h(2), 1, h(481), h(481)]
    assert report.ratings.rows == []
    report = _build(office_a, Filters(operator_id=month["op1"].pk, source="portal"))
    assert report.volume.total == ["Total", 1, 1]
    assert report.ratings.total == ["Total", 1, 5.0, 0, 0, 0, 0, 1]
    report = _build(office_a, Filters(category_id=month["inv"].pk))
    assert report.categories.rows == [["Invoices", 2, 1, 1]]
    quarter = _build(office_a, period=Period.quarter(2026, 4))
    assert quarter.volume.total == ["Total", 8, 4]
    assert [row[0] for row in quarter.volume.rows][:2] == ["2026-09-28", "2026-10-05"]
    custom = _build(office_a, period=Period("custom", dt.date(2026, 11, 2), dt.date(2026, 11, 2)))
    assert custom.volume.rows == [["2026-11-02", 2, 1]]


def test_first_response_is_the_first_public_staff_reply(office_a):
    staff = member(office_a, Role.STAFF)
    with in_office(office_a):
        req = raised()
        reply_create(request=req, actor=staff, body="note", internal=True)
        reply_create(request=req, actor=None, body="client", from_client=True)
        assert not FirstResponse.objects.filter(request=req).exists()
        first = reply_create(request=req, actor=staff, body="first")
        reply_create(request=req, actor=staff, body="second")
        row = FirstResponse.objects.get(request=req)
        assert (row.reply_id, row.at) == (first.pk, first.created_at)


def test_backlog_by_age(office_a):
    now = timezone.now()
    with in_office(office_a):
        for days, status in (
            (0.5, "new"),
            (2, "in_progress"),
            (5, "waiting_client"),
            (5, "reopened"),
            (20, "waiting_quote"),
            (45, "new"),
            (45, "resolved"),
            (3, "closed"),
        ):
            _set(raised(), created_at=now - dt.timedelta(days=days), status=status)
        report = report_build(period=NOVEMBER, filters=Filters())
    assert report.backlog.rows == [
        ["under 1 day", 1],
        ["1-3 days", 1],
        ["3-7 days", 2],
        ["7-30 days", 1],
        ["over 30 days", 1],
    ]
    assert report.backlog.total == ["Total", 6]


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _admin(office):
    return OfficeClient(office, user=_english(member(office, Role.ADMIN)))


def test_page_and_xlsx_read_back(office_a, month):
    web = _admin(office_a)
    response = web.get("/helpdesk/reports/", {"period": "month", "month": "2026-11"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="report-charts"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body
    assert 'id="chart-work"' not in body and 'id="chart-sla"' not in body  # nothing logged
    assert body.count('data-testid="report-table"') == 7
    assert "<script>" not in body  # data through json_script, code in files
    response = web.get(
        "/helpdesk/reports/", {"period": "month", "month": "2026-11", "export": "all"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Requests by period",
        "Requests by category",
        "Requests by client",
        "Requests by channel",
        "Response and resolution",
        "Backlog by age",
        "Ratings per operator",
    ]
    times = list(book["Response and resolution"].iter_rows(values_only=True))
    assert times[0][:4] == ("Category", "Raised", "Answered", "First response, median (h)")
    assert times[-1] == ("Total", 6, 4, 2.5, 4.4, 4, 40, 351.7)
    ratings = list(book["Ratings per operator"].iter_rows(values_only=True))
    assert ratings[1] == ("Olga Operator", 2, 4.5, 0, 0, 0, 1, 1)
    one = web.get(
        "/helpdesk/reports/", {"period": "month", "month": "2026-11", "export": "clients"}
    )
    book = load_workbook(io.BytesIO(one.content))
    assert book.sheetnames == ["Requests by client"]
    assert list(book.active.iter_rows(values_only=True)) == [
        ("Client", "Raised", "Resolved since", "Open"),
        ("Alfa s.r.o.", 4, 3, 1),
        ("Beta sp. z o.o.", 2, 0, 2),
        ("Total", 6, 3, 3),
    ]
    assert web.get("/helpdesk/reports/", {"month": "2026-11", "export": "x"}).status_code == 404


def test_bad_period_shows_the_form_error(office_a):
    web = _admin(office_a)
    response = web.get(
        "/helpdesk/reports/", {"period": "custom", "start": "2026-11-05", "end": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "The end comes before the start." in response.content.decode()
    assert 'id="report-charts"' not in response.content.decode()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_client_pdf_read_back(office_a, month):
    web = _admin(office_a)
    c1 = month["c1"]
    response = web.get(f"/helpdesk/reports/client/{c1.pk}/", {"month": "2026-11"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Service report for November 2026" in text
    assert "Alfa s.r.o." in text
    for key in ("r1", "r2", "r5", "r8"):
        assert month[key].number in text
    for key in ("r3", "r4", "r6", "r7"):
        assert month[key].number not in text
    assert "Requests raised 4" in text
    assert "Requests resolved 3" in text
    assert "First response, median (h) 3.00" in text
    assert "Average rating 3.67" in text
    assert web.get(f"/helpdesk/reports/client/{c1.pk}/", {"month": "x"}).status_code == 404


def test_client_pdf_in_polish(office_a, month):
    with in_office(office_a), timezone.override(TZ):
        text = _pdf_text(client_report_pdf(client=month["c1"], period=NOVEMBER, language="pl"))
    assert "Raport z obsługi za listopad 2026" in text


def test_send_to_the_client_as_a_message(office_a, month):
    c1 = month["c1"]
    web = _admin(office_a)
    response = web.post(
        f"/helpdesk/reports/client/{c1.pk}/send/", {"month": "2026-11", "note": "Your month."}
    )
    assert response.status_code == 302
    with in_office(office_a):
        conversation = Conversation.objects.get(client=c1)
        message = Message.objects.get(conversation=conversation)
        # In the client's language (Polish by default).
        assert conversation.subject == "Raport z obsługi za listopad 2026"
        assert message.body == "Your month."
        files = list(message.attachments.all())
        assert [f.original_name for f in files] == ["raport-z-obslugi-alfa-sro-2026-11.pdf"]
        entry = AuditEntry.objects.get(action="helpdesk.report_sent")
        assert entry.changes["month"] == [None, "2026-11"]
    response = web.post(f"/helpdesk/reports/client/{c1.pk}/send/", {"month": "2099-01"})
    assert response.status_code == 302
    with in_office(office_a):
        assert Message.objects.filter(conversation__client=c1).count() == 1


REPORT_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 403,  # an agent
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}


def test_permission_matrix(office_a, office_b, month):
    c1 = month["c1"]
    check_permission_matrix(
        office_a, office_b, "get", "/helpdesk/reports/?month=2026-11", expect=REPORT_PAGE
    )
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/helpdesk/reports/client/{c1.pk}/?month=2026-11",
        expect=REPORT_PAGE,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/reports/client/{c1.pk}/send/",
        data={"month": "2026-11"},
        # The refused first: the allowed ones send (and the check is "nothing sent").
        expect={
            **{k: v for k, v in REPORT_PAGE.items() if v != 200},
            "admin": 302,
            "owner": 302,
        },
        unchanged=lambda: not Conversation.objects.exists(),
    )
    # Supervisors and read-only staff read reports; only supervisors send them.
    supervisor, read_only = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    with in_office(office_a):
        Access.objects.create(user=supervisor, level="supervisor")
        Access.objects.create(user=read_only, level="read_only")
        count = Conversation.objects.count()
    for user in (supervisor, read_only):
        web = OfficeClient(office_a, user=user)
        assert web.get("/helpdesk/reports/").status_code == 200
        assert web.get("/helpdesk/").content.decode().count('data-testid="reports-link"') == 1
    url = f"/helpdesk/reports/client/{c1.pk}/send/"
    assert OfficeClient(office_a, user=read_only).post(url, {"month": "2026-11"}).status_code == 403
    with in_office(office_a):
        assert Conversation.objects.count() == count
    agent = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert 'data-testid="reports-link"' not in agent.get("/helpdesk/").content.decode()


def test_client_users_see_only_their_company(office_a, office_b, month):
    c1, c2 = month["c1"], month["c2"]
    manager = client_user(office_a, c2)
    requester = client_user(office_a, c1)
    with in_office(office_a):
        access_set(actor=None, user_id=manager.pk, level="manager", client=c2)
    web = OfficeClient(office_a, user=manager)
    response = web.get("/portal/helpdesk/report/", {"month": "2026-11"})
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Beta sp. z o.o." in text
    assert month["r3"].number in text and month["r4"].number in text
    assert "Alfa" not in text and month["r1"].number not in text
    # The company comes from the session; a client id in the query changes nothing.
    again = web.get("/portal/helpdesk/report/", {"month": "2026-11", "client": c1.pk})
    assert "Alfa" not in _pdf_text(again.content)
    assert 'data-testid="portal-report"' in web.get("/portal/helpdesk/").content.decode()
    # A requester (own requests only) gets no company report; nor do client users get the
    # staff's reports of any client.
    other = OfficeClient(office_a, user=requester)
    assert other.get("/portal/helpdesk/report/", {"month": "2026-11"}).status_code == 403
    assert 'data-testid="portal-report"' not in other.get("/portal/helpdesk/").content.decode()
    for url in (
        "/helpdesk/reports/",
        f"/helpdesk/reports/client/{c1.pk}/?month=2026-11",
        f"/helpdesk/reports/client/{c2.pk}/?month=2026-11",
    ):
        assert web.get(url).status_code == 403
    send = f"/helpdesk/reports/client/{c2.pk}/send/"
    assert web.post(send, {"month": "2026-11"}).status_code == 403
    staff = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    assert staff.get("/portal/helpdesk/report/", {"month": "2026-11"}).status_code == 403


def test_cross_office(office_a, office_b, month):
    with in_office(office_b):
        taken = set(ClientFactory._meta.model.objects.values_list("pk", flat=True))
    with in_office(office_a):
        client = ClientFactory(name="Only in A")
        while client.pk in taken:
            client = ClientFactory(name="Only in A")
    check_cross_office(
        office_a, office_b, "get", f"/helpdesk/reports/client/{client.pk}/?month=2026-11"
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/reports/client/{client.pk}/send/",
        data={"month": "2026-11"},
        unchanged=lambda: not Conversation.objects.exists(),
    )
    # Office B's report does not count office A's requests.
    report = _build(office_b)
    assert report.volume.total == ["Total", 0, 0]


def test_report_demo(in_office_a, office_a):
    from modules.helpdesk.demo import seed_demo

    ClientFactory()
    ClientFactory()
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    today = timezone.localdate()
    history = Request.objects.filter(created_at__date__lt=today)
    assert history.count() >= 15
    assert FirstResponse.objects.filter(request__in=history).count() == history.count()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    report = report_build(period=Period.month(last_month.year, last_month.month), filters=Filters())
    assert report.volume.total[1] > 0
    assert report.times.total[3] is not None
    assert report.ratings.total[1] > 0
    # Each subject is filed under its own category (not "Korekta faktury" under couriers).
    filed = set(history.values_list("subject", "category__name_pl"))
    assert ("Korekta faktury", "Faktury") in filed
    assert ("Kurier po podpisaną umowę", "Zamówienie kuriera") in filed
    assert not {subject for subject, name in filed if "faktur" in subject} - {
        subject for subject, name in filed if name == "Faktury"
    }


def test_migration_fills_first_responses_from_the_discussion(office_a):
    import importlib

    backfill = importlib.import_module("modules.helpdesk.migrations.0009_reports").BACKFILL
    staff = member(office_a, Role.STAFF)
    with in_office(office_a):
        client = ClientFactory()
        customer = client_user(office_a, client)
        answered, waiting = raised(client=client), raised(client=client)
        reply_create(request=answered, actor=customer, body="Hello?", from_client=True)
        reply_create(request=answered, actor=staff, body="Note", internal=True)
        first = reply_create(request=answered, actor=staff, body="On it")
        reply_create(request=answered, actor=staff, body="Done")
        reply_create(request=waiting, actor=customer, body="Hello?", from_client=True)
        FirstResponse.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(backfill)
        rows = FirstResponse.objects.values_list("request_id", "reply_id", "at", "raised_at")
        assert list(rows) == [(answered.pk, first.pk, first.created_at, answered.created_at)]


def test_time_logged_and_sla_from_the_work_log_and_the_clocks(office_a, month):
    from decimal import Decimal

    from modules.helpdesk.models import SlaClock, WorkRate
    from modules.helpdesk.worklog import worklog_add

    op1, op2 = month["op1"], month["op2"]
    with in_office(office_a), timezone.override(TZ):
        # The operators' own rates: without a rate, logged time is not billable.
        WorkRate.objects.create(user=op1, hourly_rate=Decimal("120.00"))
        WorkRate.objects.create(user=op2, hourly_rate=Decimal("100.00"))
        worklog_add(request=month["r3"], actor=op1, date=dt.date(2026, 11, 5), minutes=90)
        worklog_add(
            request=month["r3"], actor=op1, date=dt.date(2026, 11, 6), minutes=30, billable=False
        )
        worklog_add(request=month["r4"], actor=op2, date=dt.date(2026, 11, 10), minutes=60)
        # October's time is not November's.
        worklog_add(request=month["r3"], actor=op2, date=dt.date(2026, 10, 30), minutes=45)
        started = at(2026, 11, 2, 9)
        clock = {
            "started_at": started, "response_due": started, "response_risk_at": started,
            "resolution_due": started, "resolution_risk_at": started,
            "response_target": H, "resolution_target": 8 * H,
        }  # fmt: skip
        SlaClock.objects.create(request=month["r1"], **clock, response_seconds=H // 2,
                                resolution_seconds=10 * H)  # fmt: skip
        SlaClock.objects.create(request=month["r2"], **clock, response_seconds=2 * H)
        SlaClock.objects.create(request=month["r3"], **clock)
        SlaClock.objects.create(request=month["r6"], **clock, response_seconds=60)  # October's
    report = _build(office_a)
    names = {op1.pk: "Olga Operator", op2.pk: "Piotr Operator"}
    assert sorted(names.values()) == [row[0] for row in report.work.rows]
    olga, piotr = report.work.rows
    assert olga == ["Olga Operator", 2, 120 * 60, 90 * 60, Decimal("75.0"), Decimal("180.00")]
    assert piotr == ["Piotr Operator", 1, 60 * 60, 60 * 60, Decimal("100.0"), Decimal("100.00")]
    assert report.work.total == [
        "Total", 3, 180 * 60, 150 * 60, Decimal("83.3"), Decimal("280.00")
    ]  # fmt: skip
    # r1 answered in time and resolved late, r2 answered late, r3 neither yet.
    assert report.sla.rows == [
        ["First response", 1, 1, 1, Decimal("50.0")],
        ["Resolution", 0, 1, 2, Decimal("0.0")],
    ]
    narrowed = _build(office_a, Filters(client_id=month["c2"].pk))
    assert [row[0] for row in narrowed.work.rows] == ["Olga Operator", "Piotr Operator"]
    assert narrowed.sla.rows[0][1:4] == [0, 0, 1]
    # The page, the workbook and the client's PDF carry both tables.
    web = _admin(office_a)
    november = {"period": "month", "month": "2026-11"}
    body = web.get("/helpdesk/reports/", november).content.decode()
    assert body.count('data-testid="report-table"') == 9
    assert "Time logged" in body and "Against SLA" in body
    assert 'id="chart-work"' in body and 'id="chart-sla"' in body
    # The billable value with the office's currency, as the reader's language writes it.
    from common.money import money

    assert money(Decimal("280.00"), office_a.currency, language="en") in body
    assert money(Decimal("180.00"), office_a.currency, language="en") in body
    charts = report.charts()
    assert charts["work"] == {
        "labels": ["Olga Operator", "Piotr Operator"],
        "billable": [1.5, 1.0],
        "other": [0.5, 0.0],
        "names": ["Billable (h)", "Not billable (h)"],
    }
    assert charts["sla"] == {
        "labels": ["First response", "Resolution"],
        "series": [[1, 0], [1, 1], [1, 2]],
        "names": ["In time", "Late", "Not yet"],
    }
    workbook = web.get("/helpdesk/reports/", {**november, "export": "all"}).content
    book = load_workbook(io.BytesIO(workbook))
    assert book.sheetnames[-2:] == ["Time logged", "Against SLA"]
    assert list(book["Against SLA"].iter_rows(values_only=True)) == [
        ("Target", "In time", "Late", "Not yet", "Share in time (%)"),
        ("First response", 1, 1, 1, 50),
        ("Resolution", 0, 1, 2, 0),
    ]
    logged = list(book["Time logged"].iter_rows(values_only=True))
    assert logged[-1][:2] == ("Total", 3)
    currency = office_a.currency
    assert logged[0] == (
        "Operator",
        "Entries",
        "Time (h)",
        "Billable time (h)",
        "Billable share (%)",
        f"Billable value (net) ({currency})",
    )
    total = book["Time logged"]["F" + str(len(logged))]
    assert isinstance(total.value, int | float) and total.number_format == "#,##0.00"
    assert book["Time logged"]["C2"].number_format == "0.00"
    pdf = web.get(f"/helpdesk/reports/client/{month['c2'].pk}/", {"month": "2026-11"})
    text = _pdf_text(pdf.content)
    assert "Time logged" in text and "Against SLA" in text
    shown = money(narrowed.work.total[5], office_a.currency, language="en")
    assert shown.replace("\u00a0", " ") in text.replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("language", "labels"), [("sk", ("Od", "Do")), ("pl", ("Od", "Do")), ("en", ("From", "To"))]
)
def test_the_date_range_fields_read_from_and_to_not_to_whom(language, labels):
    from django.utils import translation

    from modules.helpdesk.report_forms import ReportForm

    with translation.override(language):
        fields = ReportForm.base_fields
        assert (str(fields["start"].label), str(fields["end"].label)) == labels


def test_the_slovak_xlsx_has_real_dates_short_sheet_names_and_units(office_a, month):
    user = member(office_a, Role.ADMIN)
    user.language = "sk"
    user.save(update_fields=["language"])
    web = OfficeClient(office_a, user=user)
    response = web.get(
        "/helpdesk/reports/", {"period": "month", "month": "2026-11", "export": "all"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Požiadavky podľa obdobia",
        "Požiadavky podľa kategórie",
        "Požiadavky podľa klienta",
        "Požiadavky podľa kanála",
        "Odpoveď a vyriešenie",
        "Nevybavené podľa veku",
        "Hodnotenia podľa operátora",
    ]
    assert all(len(name) <= 31 and name.count("(") == name.count(")") for name in book.sheetnames)
    volume = book["Požiadavky podľa obdobia"]
    first, last = volume["A2"], volume[f"A{volume.max_row - 1}"]
    assert first.value == dt.datetime(2026, 11, 1) and first.number_format == "dd.mm.yyyy"
    assert last.value == dt.datetime(2026, 11, 30) and last.is_date
    assert volume[f"A{volume.max_row}"].value == "Spolu"
    times = next(book["Odpoveď a vyriešenie"].iter_rows(values_only=True))
    assert all(header.endswith("(h)") for header in times[3:5] + times[6:8])


def test_a_long_sheet_title_is_cut_at_a_word_without_an_open_bracket():
    taken = set()
    assert sheet_title("Nevybavené podľa veku (otvorené teraz)", taken) == ("Nevybavené podľa veku")
    assert sheet_title("Nevybavené podľa veku (otvorené teraz)", taken) == (
        "Nevybavené podľa veku 2"
    )
    assert sheet_title("Requests: by [client]?", taken) == "Requests by client"


def test_the_slovak_pdf_keeps_every_value_whole_in_words_and_one_number_format(office_a):
    """Audit 2026-12-07: "2,25" wrapped to "2,2"/"5", dates broke inside the year, the title
    read "Report o službách 2026-12" and hours came as "1,4" beside "2,52"."""
    from decimal import Decimal

    from modules.helpdesk.models import WorkRate
    from modules.helpdesk.worklog import worklog_add

    olga = member(office_a, Role.STAFF)
    olga.full_name = "Oľga Operátorová"
    olga.save(update_fields=["full_name"])
    with in_office(office_a), timezone.override(TZ):
        WorkRate.objects.create(user=olga, hourly_rate=Decimal("100.00"))
        client = ClientFactory(name="Gama s.r.o.")
        req = _set(
            raised(client=client, subject="Preposielanie pošty"),
            created_at=at(2026, 12, 2, 3, 5),
            assignee_id=olga.pk,
        )
        worklog_add(request=req, actor=olga, date=dt.date(2026, 12, 2), minutes=135)
        worklog_add(request=req, actor=olga, date=dt.date(2026, 12, 3), minutes=84, billable=False)
        content = client_report_pdf(client=client, period=Period.month(2026, 12), language="sk")
    lines = [" ".join(line.split()) for line in _pdf_text(content).splitlines()]
    text = "\n".join(lines)
    assert "Prehľad služieb za december 2026" in text
    assert "2026-12" not in text
    # entries, time, billable time (2 decimals each), share, net value: one line, whole
    assert "Operátorová 2 3,65 2,25 61,6 % 225,00 PLN" in lines
    assert "Spolu 2 3,65 2,25 61,6 % 225,00 PLN" in lines
    assert "Priemerné hodnotenie —" in lines  # no ratings: a dash, not "None"
    assert f"{req.number} Preposielanie pošty" in text
    assert "02.12.2026 3:05" in text


def test_the_staff_page_names_the_month_in_words_stops_at_today_and_shows_shares(office_a):
    """Audit 2026-12-07: "Raporty helpdesku 2026-12", the current month's future days listed
    with zeros, shares printed "45,00" without a % sign."""
    from decimal import Decimal

    from modules.helpdesk.models import WorkRate
    from modules.helpdesk.worklog import worklog_add

    today = timezone.localdate()
    olga = member(office_a, Role.STAFF)
    with in_office(office_a):
        WorkRate.objects.create(user=olga, hourly_rate=Decimal("100.00"))
        req = raised(client=ClientFactory())
        worklog_add(request=req, actor=olga, date=today, minutes=60)
        worklog_add(request=req, actor=olga, date=today, minutes=20, billable=False)
    web = _admin(office_a)
    body = web.get("/helpdesk/reports/", {"period": "month", "month": f"{today:%Y-%m}"})
    body = body.content.decode()
    month = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"][today.month - 1]  # fmt: skip
    assert f'data-testid="report-period">{month} {today.year}</small>' in body
    with in_office(office_a):
        report = report_build(period=Period.month(today.year, today.month), filters=Filters())
    assert [row[0] for row in report.volume.rows][-1] == today.isoformat()
    assert len(report.volume.rows) == today.day
    assert ">75.0%</td>" in body  # the billable share: one decimal and the sign
    with translation.override("sk"):
        assert Period.month(2026, 12).text == "december 2026"
    with translation.override("pl"):
        assert Period.month(2026, 12).text == "grudzień 2026"


def test_a_rating_of_an_unassigned_request_is_credited_to_who_resolved_it(office_a):
    """Audit 2026-12-07: nobody assigned, one staff member answered and resolved it: the
    rating went to "Unassigned"."""
    from modules.helpdesk.services import request_transition

    olga = member(office_a, Role.STAFF)
    olga.full_name = "Olga Operator"
    olga.save(update_fields=["full_name"])
    today = timezone.localdate()
    with in_office(office_a):
        client = ClientFactory()
        user = client_user(office_a, client)
        req = raised(client=client, actor=user)
        nobody = raised(client=client, actor=user)
        for row in (req, nobody):
            request_transition(request=row, action="start", actor=olga)
            request_transition(request=row, action="resolve", actor=None)  # no person known
        request_transition(request=nobody, action="accept", actor=user, rating=4)
        # reopened, then resolved by Olga: the last resolution counts
        request_transition(request=req, action="reopen", actor=user, comment="Not yet.")
        request_transition(request=req, action="start", actor=olga)
        request_transition(request=req, action="resolve", actor=olga)
        request_transition(request=req, action="accept", actor=user, rating=5)
        assert Request.objects.get(pk=req.pk).assignee_id is None
        report = report_build(period=Period.month(today.year, today.month), filters=Filters())
    assert report.ratings.rows == [
        ["Olga Operator", 1, 5.0, 0, 0, 0, 0, 1],
        ["Unassigned", 1, 4.0, 0, 0, 0, 1, 0],
    ]


@pytest.mark.parametrize(
    ("language", "fourth"),
    [("pl", "IV kwartał 2026"), ("sk", "4. štvrťrok 2026"), ("en", "Q4 2026")],
)
def test_a_quarter_reads_in_the_readers_words(office_a, language, fourth):
    """Audit 2026-12-07: a quarter read "2026 Q4" in every language; now as billing writes
    it (billing.selectors.quarter_text), in the page's title and the period picker."""
    with translation.override(language):
        assert Period.quarter(2026, 4).text == fourth
    today = timezone.localdate()
    number = (today.month - 1) // 3 + 1
    with translation.override(language):
        current = Period.quarter(today.year, number).text
    user = member(office_a, Role.ADMIN)
    user.language = language
    user.save(update_fields=["language"])
    page = (
        OfficeClient(office_a, user=user)
        .get("/helpdesk/reports/", {"period": "quarter", "quarter": f"{today.year}-{number}"})
        .content.decode()
    )
    assert f'data-testid="report-period">{current}</small>' in page
    assert re.search(rf'<option value="{today.year}-{number}" selected>{current}</option>', page)


def test_the_operator_filter_narrows_ratings_by_who_is_credited(office_a):
    """Gap of 2026-12-07: a rating of an unassigned request is credited to who resolved it
    last, but the operator filter still narrowed the ratings by assignee: Olga's row showed
    her rating without the filter and nothing with it. Both now follow one rule
    (reports.RATED_OPERATOR_SQL): the assignee, else who resolved it last."""
    from modules.helpdesk.services import request_transition, request_update

    olga = member(office_a, Role.STAFF)
    olga.full_name = "Olga Operator"
    olga.save(update_fields=["full_name"])
    piotr = member(office_a, Role.STAFF)
    piotr.full_name = "Piotr Operator"
    piotr.save(update_fields=["full_name"])
    today = timezone.localdate()
    period = Period.month(today.year, today.month)
    with in_office(office_a):
        client = ClientFactory()
        user = client_user(office_a, client)
        unassigned = raised(client=client, actor=user)
        assigned = raised(client=client, actor=user)
        assigned = request_update(request=assigned, actor=olga, data={"assignee_id": piotr.pk})
        for row, rating in ((unassigned, 5), (assigned, 2)):  # Olga resolves both
            request_transition(request=row, action="start", actor=olga)
            request_transition(request=row, action="resolve", actor=olga)
            request_transition(request=row, action="accept", actor=user, rating=rating)
        every = report_build(period=period, filters=Filters())
        for_olga = report_build(period=period, filters=Filters(operator_id=olga.pk))
        for_piotr = report_build(period=period, filters=Filters(operator_id=piotr.pk))
    assert every.ratings.rows == [
        ["Olga Operator", 1, 5.0, 0, 0, 0, 0, 1],
        ["Piotr Operator", 1, 2.0, 0, 1, 0, 0, 0],
    ]
    assert for_olga.ratings.rows == [["Olga Operator", 1, 5.0, 0, 0, 0, 0, 1]]
    assert for_olga.ratings.total == ["Total", 1, 5.0, 0, 0, 0, 0, 1]
    assert for_piotr.ratings.rows == [["Piotr Operator", 1, 2.0, 0, 1, 0, 0, 0]]
    # the other tables still narrow by the assignee: Olga is assigned nothing
    assert for_olga.volume.total == ["Total", 0, 0]
    assert for_piotr.volume.total == ["Total", 1, 1]
