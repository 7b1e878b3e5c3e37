import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.models import Access, WorkLog, WorkRate
from modules.helpdesk.services import access_set, request_transition
from modules.helpdesk.worklog import rate_set, worklog_add
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_an_operator_logs_typed_time_and_runs_a_timer_from_the_request_page(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
    web = OfficeClient(office_a, user=_english(staff_a))
    assert 'data-testid="worklog-box"' in web.get(f"/helpdesk/{req.pk}/").content.decode()
    today = timezone.localdate().isoformat()
    response = web.post(
        f"/helpdesk/{req.pk}/worklog/",
        {"date": today, "duration": "1:30", "description": "Filing", "billable": "on"},
    )
    assert response.status_code == 302
    started = web.post(f"/helpdesk/{req.pk}/timer/")
    # Back on the request page with the work-log box open and loading at once.
    assert started["Location"] == f"/helpdesk/{req.pk}/?worklog=open"
    page = web.get(started["Location"]).content.decode()
    assert 'hx-trigger="load" hx-target="find [data-box]" id="worklog"' in page
    assert 'hx-trigger="toggle once"' in web.get(f"/helpdesk/{req.pk}/").content.decode()
    with in_office(office_a):
        WorkLog.objects.filter(minutes__isnull=True).update(
            started_at=timezone.now() - dt.timedelta(minutes=5, seconds=9)
        )
    box = web.get(f"/helpdesk/{req.pk}/worklog/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="timer-stop"' in box  # the timer survives a reload
    assert re.search(r'data-testid="timer-elapsed" data-timer-since="\d+" '
                     r'data-timer-now="\d+">0:05:(09|1\d)</strong>', box)  # fmt: skip
    assert 'data-testid="worklog-total">1.50 h' in box
    response = web.post("/helpdesk/timer/stop/", {"description": "Call", "billable": "on"})
    assert response["Location"] == f"/helpdesk/{req.pk}/?worklog=open"
    with in_office(office_a):
        rows = list(WorkLog.objects.order_by("pk").values_list("minutes", "description", "amount"))
    assert rows == [(90, "Filing", Decimal("150.00")), (5, "Call", Decimal("8.00"))]


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("0", "Enter a duration longer than zero."),
        ("-30", "Write the time as 1:30 or as minutes (90)."),
        ("1:75", "Write the time as 1:30 or as minutes (90)."),
        ("25:00", "One entry can hold at most 24 hours."),
    ],
)
def test_bad_durations_come_back_on_the_form(office_a, staff_a, duration, message):
    with in_office(office_a):
        req = raised()
    response = OfficeClient(office_a, user=_english(staff_a)).post(
        f"/helpdesk/{req.pk}/worklog/",
        {"date": timezone.localdate().isoformat(), "duration": duration},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps the box with its errors
    assert message in response.content.decode()
    with in_office(office_a):
        assert not WorkLog.objects.exists()


def test_an_entry_is_changed_by_its_operator_or_a_supervisor_and_never_once_billed(
    office_a, staff_a
):
    colleague = _english(member(office_a, Role.STAFF))
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
        entry = worklog_add(request=req, actor=staff_a, date=timezone.localdate(), minutes=60)
    data = {"date": entry.date.isoformat(), "duration": "45", "billable": "on", "version": 1}
    assert (
        OfficeClient(office_a, user=colleague)
        .post(f"/helpdesk/worklog/{entry.pk}/", data)
        .status_code
        == 403
    )
    mine = OfficeClient(office_a, user=_english(staff_a))
    assert mine.post(f"/helpdesk/worklog/{entry.pk}/", data).status_code == 302
    stale = mine.post(f"/helpdesk/worklog/{entry.pk}/", {**data, "duration": "30"})
    assert stale.status_code == 400
    assert "Someone else changed this entry" in stale.content.decode()
    with in_office(office_a):
        assert WorkLog.objects.get(pk=entry.pk).minutes == 45
        req = request_transition(request=req, action="start", actor=staff_a)
        req = request_transition(request=req, action="resolve", actor=staff_a)
        request_transition(request=req, action="accept", actor=None, rating=5)
    refused = mine.post(f"/helpdesk/worklog/{entry.pk}/", {**data, "version": 2})
    assert refused.status_code == 400
    assert "already in the client&#x27;s settlement" in refused.content.decode()
    deleted = mine.post(f"/helpdesk/worklog/{entry.pk}/delete/", {"version": 2}, follow=True)
    assert "already in the client&#x27;s settlement" in deleted.content.decode()
    with in_office(office_a):
        assert WorkLog.objects.get(pk=entry.pk).minutes == 45


def test_work_log_permission_matrix(office_a, office_b):
    with in_office(office_a):
        req = raised()
        reader = _english(member(office_a, Role.STAFF))
        access_set(actor=None, user_id=reader.pk, level=Access.Level.READ_ONLY)
    refused = {"anonymous": 302, "client": 403, "other_office": 403}
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/helpdesk/{req.pk}/worklog/",
        expect={**refused, "staff": 200, "admin": 200, "owner": 200},
    )
    data = {"date": timezone.localdate().isoformat(), "duration": "30"}
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/worklog/",
        data=data,
        expect={**refused, "staff": 302},
        unchanged=lambda: WorkLog.objects.count() == 0,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/helpdesk/work-rates/",
        expect={**refused, "staff": 403, "admin": 200, "owner": 200},
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/helpdesk/work-rates/",
        data={"client": req.client_id, "hourly_rate": "90"},
        expect={**refused, "staff": 403},
        unchanged=lambda: not WorkRate.objects.exists(),
    )
    read_only = OfficeClient(office_a, user=reader)
    assert read_only.post(f"/helpdesk/{req.pk}/worklog/", data).status_code == 403
    assert read_only.post(f"/helpdesk/{req.pk}/timer/").status_code == 403
    with in_office(office_a):
        assert WorkLog.objects.count() == 1


def test_another_offices_request_gets_no_time(office_a, office_b):
    with in_office(office_a):
        req = raised()
    check_cross_office(office_a, office_b, "get", f"/helpdesk/{req.pk}/worklog/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/worklog/",
        data={"date": timezone.localdate().isoformat(), "duration": "30"},
        unchanged=lambda: not WorkLog.objects.exists(),
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/timer/",
        unchanged=lambda: not WorkLog.objects.exists(),
    )


def test_a_supervisor_sets_rates_and_the_catalogue_service(office_a):
    admin = _english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        client = ClientFactory(name="North")
    web = OfficeClient(office_a, user=admin)
    assert (
        web.post("/helpdesk/work-rates/", {"client": client.pk, "hourly_rate": "90.00"}).status_code
        == 302
    )
    assert (
        web.post("/helpdesk/work-rates/", {"operator": admin.pk, "hourly_rate": "70"}).status_code
        == 302
    )
    both = web.post(
        "/helpdesk/work-rates/",
        {"operator": admin.pk, "client": client.pk, "hourly_rate": "70"},
    )
    assert both.status_code == 400
    assert "Choose an operator or a client." in both.content.decode()
    with in_office(office_a):
        rows = {(r.client_id, r.user_id, r.hourly_rate) for r in WorkRate.objects.all()}
    assert rows == {(client.pk, None, Decimal("90.00")), (None, admin.pk, Decimal("70.00"))}
    page = web.get("/helpdesk/work-rates/").content.decode()
    assert "North" in page and "90.00" in page


def test_the_client_sees_the_charged_work_on_their_request_and_only_the_sum_of_the_rest(
    office_a, office_b, staff_a
):
    from common.money import money
    from modules.helpdesk.worklog import worklog_start
    from tests.modules.helpdesk.factories import client_user

    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
    requester, colleague, manager = (client_user(office_a, client) for _ in range(3))
    with in_office(office_a):
        access_set(actor=None, user_id=manager.pk, client=client, level=Access.Level.MANAGER)
        req = raised(client=client, actor=requester)
        untouched = raised(client=client, actor=requester)
        today = timezone.localdate()
        worklog_add(
            request=req, actor=staff_a, date=today, minutes=90, description="Forwarded the letters"
        )
        worklog_add(
            request=req,
            actor=staff_a,
            date=today,
            minutes=30,
            description="Checked our old notes",
            billable=False,
        )
        worklog_start(request=req, actor=staff_a)  # running: not shown until stopped
    charged = money(Decimal("150.00"), office_a.currency, language="en")
    web = OfficeClient(office_a, user=requester)
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert page.count('data-testid="client-worklog-row"') == 1
    assert "Forwarded the letters" in page and ">1.50 h</td>" in page  # one unit: hours
    assert " min<" not in page
    assert "Checked our old notes" not in page  # time not charged: only its sum
    assert 'data-testid="client-worklog-hours">1.50 h' in page
    assert f'data-testid="client-worklog-amount">{charged}' in page
    assert "Time not charged: 0.50 h." in page
    assert "in your settlement" not in page
    assert "Work done" not in web.get(f"/portal/helpdesk/{untouched.pk}/").content.decode()
    # The manager sees the company's request with the same box; a colleague does not see it.
    manager_page = OfficeClient(office_a, user=manager).get(f"/portal/helpdesk/{req.pk}/")
    assert manager_page.content.decode().count('data-testid="client-worklog-row"') == 1
    path = f"/portal/helpdesk/{req.pk}/"
    assert OfficeClient(office_a, user=colleague).get(path).status_code == 404
    # Accepted: the charged time is in the settlement and says so.
    with in_office(office_a):
        request_transition(request=req, action="start", actor=staff_a)
        request_transition(request=req, action="resolve", actor=staff_a)
        request_transition(request=req, action="accept", actor=requester, rating=5)
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert page.count("in your settlement") == 1
    # Another office's client user: the number is not theirs.
    with in_office(office_b):
        stranger = client_user(office_b, ClientFactory())
    assert OfficeClient(office_b, user=stranger).get(path).status_code == 404


def _billable_box(web, req) -> tuple[str, str]:
    box = web.get(f"/helpdesk/{req.pk}/worklog/", HTTP_HX_REQUEST="true").content.decode()
    return re.search(r'<input[^>]*name="billable"[^>]*>', box).group(0), box


def test_work_on_a_request_with_an_accepted_quote_is_not_billable_by_default(office_a, staff_a):
    from modules.helpdesk.services import quote_create, quote_decide

    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
    web = OfficeClient(office_a, user=_english(staff_a))
    checkbox, box = _billable_box(web, req)
    assert "checked" in checkbox
    assert "The accepted quote covers" not in box
    with in_office(office_a):
        quote = quote_create(
            request=req,
            actor=staff_a,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            lines=[
                {
                    "description": "Registration",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("200"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
        quote_decide(quote=quote, actor=None, accept=True, label="client")
    checkbox, box = _billable_box(web, req)
    assert "checked" not in checkbox
    assert (
        "The accepted quote covers the work on this request: tick only for work beyond it." in box
    )
    assert 'data-testid="stop-billable-help"' not in box  # no timer running
    today = timezone.localdate().isoformat()
    web.post(f"/helpdesk/{req.pk}/worklog/", {"date": today, "duration": "30"})
    web.post(f"/helpdesk/{req.pk}/worklog/", {"date": today, "duration": "60", "billable": "on"})
    web.post(f"/helpdesk/{req.pk}/timer/")
    _checkbox, box = _billable_box(web, req)
    stop = re.search(r'<input[^>]*id="stop-billable"[^>]*>', box).group(0)
    assert "checked" not in stop and 'data-testid="stop-billable-help"' in box
    with in_office(office_a):
        rows = list(WorkLog.objects.order_by("pk").values_list("minutes", "billable", "amount"))
    assert rows == [
        (30, False, Decimal("0.00")),
        (60, True, Decimal("100.00")),
        (None, False, Decimal("0.00")),
    ]


def test_the_work_log_speaks_hours_everywhere_and_its_labels_are_capitalised(office_a, staff_a):
    """Audit 2026-12-07: rows read "90 min", "45 min" under "Razem 2,25 h"; the form's labels
    were lower-case ("data", "czas trwania", "wykonana praca", "do rozliczenia")."""
    staff_a.language = "pl"
    staff_a.save(update_fields=["language"])
    with in_office(office_a):
        req = raised(client=ClientFactory())
        today = timezone.localdate()
        worklog_add(request=req, actor=staff_a, date=today, minutes=90)
        worklog_add(request=req, actor=staff_a, date=today, minutes=45)
    web = OfficeClient(office_a, user=staff_a)
    box = web.get(f"/helpdesk/{req.pk}/worklog/", HTTP_HX_REQUEST="true").content.decode()
    assert ">1,50 h<" in box and ">0,75 h<" in box
    assert 'data-testid="worklog-total">2,25 h' in box
    assert " min<" not in box
    words = " ".join(box.replace(">", "> ").replace("<", " <").split())
    for label in ("Data", "Czas trwania", "Wykonana praca", "Do rozliczenia"):
        assert f"> {label} <" in words, label
    for label in ("data", "czas trwania", "wykonana praca", "do rozliczenia"):
        assert f"> {label} <" not in words, label


def test_the_quote_tables_vat_rate_header_is_capitalised():
    from django.utils import translation

    with translation.override("pl"):
        assert translation.pgettext("table column", "VAT rate") == "Stawka VAT"
    with translation.override("sk"):
        assert translation.pgettext("table column", "VAT rate") == "Sadzba DPH"


def test_logged_time_is_in_the_requests_history(office_a, staff_a):
    """Audit 2026-12-07: work-log entries were missing from the History (paid work was in)."""
    from modules.helpdesk.worklog import worklog_delete, worklog_update

    staff_a.full_name = "Jan Kowal"
    staff_a.save(update_fields=["full_name"])
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req = raised(client=client)
        today = timezone.localdate()
        entry = worklog_add(request=req, actor=staff_a, date=today, minutes=90)
        other = worklog_add(request=req, actor=staff_a, date=today, minutes=20, billable=False)
        worklog_update(entry=entry, actor=staff_a, data={"minutes": 45})
        worklog_delete(entry=other, actor=staff_a)
    web = OfficeClient(office_a, user=_english(staff_a))
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    lines = re.findall(r'data-field="time logged">.*?</span> <strong>(.*?)</li>', page)
    assert lines == [
        "Jan Kowal</strong>: Time logged: 1.50 h, billable",
        "Jan Kowal</strong>: Time logged: 0.33 h, not billable",
        "Jan Kowal</strong>: Time logged: 1.50 h, billable → 0.75 h, billable",
        "Jan Kowal</strong>: Time logged: deleted: 0.33 h, not billable",
    ]
