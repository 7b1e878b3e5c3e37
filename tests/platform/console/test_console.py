import json
import time
from decimal import Decimal

import dramatiq
import pyotp
import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.handoff import handoff_token_use
from console.access import TWO_FACTOR_SESSION_KEY
from console.models import SupportAccess, TwoFactorDevice
from modules.audit.models import AuditEntry
from tenants.models import Office
from tests.factories import UserFactory
from tests.helpers.offices import OfficeClient, in_office, member
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db

CONSOLE = "console.localhost"


def _console(user=None, *, two_factor: bool = True) -> Client:
    client = Client(HTTP_HOST=CONSOLE)
    if user is not None:
        client.force_login(user)
        if two_factor:
            session = client.session
            session[TWO_FACTOR_SESSION_KEY] = user.pk
            session.save()
    return client


@pytest.fixture
def platform_admin():
    return UserFactory(is_staff=True)


def _urls(office) -> list[tuple[str, str]]:
    return [
        ("get", "/"),
        ("get", "/offices/"),
        ("get", f"/offices/{office.pk}/"),
        ("get", "/jobs/"),
        ("post", f"/offices/{office.pk}/suspend/"),
        ("post", f"/offices/{office.pk}/enter/"),
        ("post", f"/offices/{office.pk}/usage/"),
        ("post", "/jobs/emails/1/retry/"),
    ]


def test_the_console_is_refused_to_everyone_but_platform_admins_with_2fa(office_a, platform_admin):
    owner = member(office_a, "owner")
    data = {"reason": "Ticket 42: mail import"}
    for method, url in _urls(office_a):
        anonymous = getattr(_console(), method)(url, data)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], url
        for person in (owner, member(office_a, "admin"), UserFactory()):
            refused = getattr(_console(person), method)(url, data)
            assert refused.status_code == 403, url
            assert 'data-testid="console-forbidden"' in refused.content.decode()
        without_2fa = getattr(_console(platform_admin, two_factor=False), method)(url, data)
        assert (without_2fa.status_code, without_2fa["Location"]) == (302, "/2fa/"), url
    office_a.refresh_from_db()
    assert office_a.state == Office.State.ACTIVE
    assert not SupportAccess.objects.exists()
    with in_office(office_a):
        assert not AuditEntry.objects.filter(action__startswith="support.").exists()
    for _method, url in _urls(office_a)[:4]:
        assert _console(platform_admin).get(url).status_code == 200, url


def test_the_console_is_not_served_on_office_hosts(office_a, platform_admin):
    client = OfficeClient(office_a, user=platform_admin)
    assert client.get("/offices/").status_code == 404


def test_totp_enrolment_then_verification_and_no_replay(platform_admin):
    client = _console(platform_admin, two_factor=False)
    page = client.get("/2fa/")
    device = TwoFactorDevice.objects.get(user=platform_admin)
    assert device.secret in page.content.decode()
    assert "otpauth://totp/Vireo%20console" in page.content.decode()
    assert client.post("/2fa/", {"code": "000000"}).status_code == 400
    code = pyotp.TOTP(device.secret).now()
    assert client.post("/2fa/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed_at is not None
    # The same code cannot be used again, in another session.
    other = _console(platform_admin, two_factor=False)
    assert other.get("/2fa/").status_code == 200
    assert device.secret not in other.get("/2fa/").content.decode()
    assert other.post("/2fa/", {"code": code}).status_code == 400


def test_office_list_shows_plan_state_and_usage_and_searches(
    office_a, office_b, platform_admin, django_assert_num_queries
):
    from tenants.models import OfficeUsage

    subscription_for(office_a, plan="pro", status="active")
    OfficeUsage.objects.update_or_create(
        office=office_a,
        defaults={
            "figures": {"staff_users": 7, "client_users": 3, "sms_parts_sent_month": 11},
            "refreshed_at": timezone.now(),
        },
    )
    client = _console(platform_admin)
    client.get("/offices/")  # warm the session
    with django_assert_num_queries(4):  # session, user, count, page with plan and usage
        page = client.get("/offices/").content.decode()
    assert "Biuro A" in page and "Kancelária B" in page
    assert "Pro" in page and '<td class="text-end" data-label="Staff">7</td>' in page
    found = client.get("/offices/", {"q": "office-b"}).content.decode()
    assert "Kancelária B" in found and "Biuro A" not in found
    owner = member(office_a, "owner")
    by_owner = client.get("/offices/", {"q": owner.email}).content.decode()
    assert "Biuro A" in by_owner and "Kancelária B" not in by_owner


def test_office_page_names_each_usage_figure_in_the_readers_language(office_a, platform_admin):
    # Each module names the figure it registers (tenants.usage); sizes read as sizes.
    from tenants.models import OfficeUsage

    OfficeUsage.objects.update_or_create(
        office=office_a,
        defaults={
            "figures": {"mail_items_month": 1250, "storage_bytes": 3 * 1024 * 1024, "gone": 2},
            "refreshed_at": timezone.now(),
        },
    )
    platform_admin.language = "sk"
    platform_admin.save(update_fields=["language"])
    page = _console(platform_admin).get(f"/offices/{office_a.pk}/").content.decode()
    assert "<span>Zásielky tento mesiac</span>" in page and "1\xa0250" in page
    assert "<span>Úložisko</span>" in page and "3,0\xa0MB" in page
    assert "<span>gone</span>" in page  # a figure nobody registers any more keeps its key
    assert "mail_items_month" not in page


def test_usage_reads_the_same_in_the_list_and_the_page_with_the_time_it_was_measured(
    office_a, office_b, platform_admin
):
    import datetime as dt
    import re

    from tenants.models import OfficeUsage

    measured = dt.datetime(2026, 12, 7, 9, 17, tzinfo=dt.UTC)
    figures = {"staff_users": 2, "client_users": 0, "mail_items_month": 0, "storage_bytes": 0}
    OfficeUsage.objects.update_or_create(
        office=office_a, defaults={"figures": figures, "refreshed_at": measured}
    )
    OfficeUsage.objects.filter(office=office_b).delete()
    client = _console(platform_admin)
    listed = client.get("/offices/").content.decode()

    def row(name: str) -> list[str]:
        part = listed[listed.index(name) :].split("</tr>", 1)[0]
        return re.findall(r'<td class="text-end[^"]*" data-label="[^"]+"[^>]*>([^<]*)</td>', part)

    # Staff, client users, mail this month, SMS this month (not measured: no provider
    # stored it), storage, when.
    assert row("Biuro A") == ["2", "0", "0", "—", "0\xa0bytes", "07/12/2026 10:17"]
    # Never measured: no figure reads 0.
    assert row("Kancelária B") == ["—", "—", "—", "—", "—", "Not measured yet."]
    page = client.get(f"/offices/{office_a.pk}/").content.decode()
    assert 'data-testid="usage-measured">· measured 07/12/2026 10:17<' in page
    assert "<span>Mail items this month</span>" in page
    assert '<span class="text-nowrap">0</span>' in page
    assert "Not measured yet." in client.get(f"/offices/{office_b.pk}/").content.decode()


def test_measure_now_measures_the_office_at_once(office_b, platform_admin):
    from tenants.models import OfficeUsage

    OfficeUsage.objects.filter(office=office_b).delete()
    member(office_b, "staff")
    before = timezone.now()
    response = _console(platform_admin).post(f"/offices/{office_b.pk}/usage/")
    assert response.status_code == 302
    usage = OfficeUsage.objects.get(office=office_b)
    assert usage.figures["staff_users"] == 1 and usage.refreshed_at >= before


def test_the_consoles_language_button_is_light_on_the_dark_bar(platform_admin):
    page = _console(platform_admin).get("/offices/").content.decode()
    switcher = page[page.index('data-testid="language-switcher"') :]
    assert 'class="btn btn-sm btn-outline-light dropdown-toggle"' in switcher.split("</button>")[0]


def test_suspend_and_reactivate_are_audited_in_the_office(office_a, platform_admin):
    client = _console(platform_admin)
    assert (
        client.post(f"/offices/{office_a.pk}/suspend/", {"reason": "Abuse report"}).status_code
        == 302
    )
    office_a.refresh_from_db()
    assert office_a.state == Office.State.SUSPENDED
    assert Client(HTTP_HOST=office_a.host).get("/").status_code == 503
    client.post(f"/offices/{office_a.pk}/reactivate/")
    office_a.refresh_from_db()
    assert office_a.state == Office.State.ACTIVE
    with in_office(office_a):
        entries = list(
            AuditEntry.objects.filter(action__startswith="office.")
            .order_by("pk")
            .values_list("action", "actor_id", "changes")
        )
    assert entries == [
        ("office.suspended", platform_admin.pk, {"reason": "Abuse report"}),
        ("office.reactivated", platform_admin.pk, {}),
    ]


def test_enter_office_is_audited_time_limited_and_shown_to_the_owner(
    office_a, platform_admin, settings
):
    owner = member(office_a, "owner")
    client = _console(platform_admin)
    assert client.post(f"/offices/{office_a.pk}/enter/", {"reason": "x"}).status_code == 302
    assert not SupportAccess.objects.exists()  # a reason is required
    response = client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 42: import"})
    assert response["Location"].startswith(f"{office_a.url}/accounts/handoff/?t=")
    access = SupportAccess.objects.get()
    minutes = (access.expires_at - access.started_at).total_seconds() / 60
    assert (access.user_id, access.reason, minutes) == (platform_admin.pk, "Ticket 42: import", 60)
    with in_office(office_a):
        entry = AuditEntry.objects.get(action="support.access_started")
    assert (entry.actor_id, entry.changes["reason"]) == (platform_admin.pk, "Ticket 42: import")
    # The hand-off signs the admin in on the office's host, as an office administrator.
    token = response["Location"].split("t=", 1)[1]
    browser = RequestFactory().get("/")
    assert handoff_token_use(token=token, host=office_a.host, request=browser) == platform_admin
    support = OfficeClient(office_a, user=platform_admin)
    session = support.session  # as the hand-off from a console session past the 2FA leaves it
    session[TWO_FACTOR_SESSION_KEY] = platform_admin.pk
    session.save()
    page = support.get("/administration/team/")
    assert page.status_code == 200
    assert 'data-testid="support-self-banner"' in page.content.decode()
    # The owner sees who is inside, why, and the audit log says the same.
    owner_page = OfficeClient(office_a, user=owner).get("/").content.decode()
    assert 'data-testid="support-banner"' in owner_page and "Ticket 42: import" in owner_page
    audit = OfficeClient(office_a, user=owner).get("/administration/audit-log/").content.decode()
    assert "Rozpoczęto dostęp wsparcia" in audit
    # Once the time is up, the door closes.
    SupportAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())
    from subscriptions.state import office_platform_state_clear_all

    office_platform_state_clear_all()
    assert support.get("/administration/team/").status_code == 403


def test_figures_count_active_offices_mrr_and_weekly_signups(office_a, office_b, platform_admin):
    from signup.models import SignupRequest
    from subscriptions.models import Subscription

    SignupRequest.objects.all().delete()  # browser tests commit theirs; rolled back after
    Subscription.objects.exclude(office__in=[office_a, office_b]).delete()
    subscription_for(office_a, plan="business", status="active", interval="month")
    subscription_for(office_b, plan="pro", status="active", interval="year")
    SignupRequest.objects.create(
        office_name="X",
        slug="x-office",
        full_name="X",
        email="x@example.com",
        country="PL",
        language="pl",
        completed_at=timezone.now(),
        office=office_a,
    )
    from console.selectors import console_figures

    figures = console_figures()
    # Each office pays in its own currency: the Polish one 199 zł a month, the Slovak one
    # 990 € a year.
    assert figures["mrr"] == {"PLN": Decimal("199.00"), "EUR": Decimal("82.50")}
    assert (
        figures["active_offices"]
        == Office.objects.filter(is_template=False, state="active").count()
    )
    assert figures["signups_per_week"][-1]["count"] == 1
    assert sum(w["count"] for w in figures["signups_per_week"]) == 1


def test_failed_jobs_come_from_the_dead_letter_queue(platform_admin):
    broker = dramatiq.get_broker()
    queue = "console-test"
    message = dramatiq.Message(
        queue_name=queue,
        actor_name="mail_scan_notify_task",
        args=(1,),
        kwargs={},
        options={"schema_name": "t_999", "retries": 3, "traceback": "Traceback\nValueError: boom"},
    )
    xq = f"{broker.namespace}:{queue}.XQ"
    broker.client.zadd(xq, {message.message_id: int(time.time() * 1000)})
    broker.client.hset(f"{xq}.msgs", message.message_id, message.encode())
    try:
        page = _console(platform_admin).get("/jobs/").content.decode()
        assert "mail_scan_notify_task" in page and "t_999" in page and "ValueError: boom" in page
    finally:
        broker.client.delete(xq, f"{xq}.msgs")
    assert json.loads(message.encode())["actor_name"] == "mail_scan_notify_task"


def test_a_suspended_office_cannot_be_entered_for_support(office_a, platform_admin):
    """The hand-off landed on the 503 page of a suspended office, yet the access was written
    to its log and listed as active. Now the console says to reactivate first."""
    Office.objects.filter(pk=office_a.pk).update(state=Office.State.SUSPENDED)
    client = _console(platform_admin)
    page = client.get(f"/offices/{office_a.pk}/").content.decode()
    assert 'data-testid="enter-office"' not in page
    assert "A suspended office cannot be entered. Reactivate it first" in page
    response = client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 42: import"})
    assert response["Location"] == f"/offices/{office_a.pk}/"
    assert not SupportAccess.objects.exists()
    with in_office(office_a):
        assert not AuditEntry.objects.filter(action="support.access_started").exists()
    page = client.get(response["Location"]).content.decode()
    assert "A suspended office cannot be entered. Reactivate it first" in page


def test_entering_again_ends_ones_earlier_open_access(office_a, platform_admin):
    """Two clicks listed two open accesses of one person, each with its own "End"."""
    client = _console(platform_admin)
    client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 42: import"})
    client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 43: invoices"})
    accesses = list(SupportAccess.objects.order_by("pk"))
    assert [(a.reason, a.is_active) for a in accesses] == [
        ("Ticket 42: import", False),
        ("Ticket 43: invoices", True),
    ]
    assert accesses[0].ended_at is not None
    with in_office(office_a):
        actions = list(
            AuditEntry.objects.filter(action__startswith="support.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
    assert actions == ["support.access_started", "support.access_ended", "support.access_started"]


def test_support_accesses_say_whether_open_ended_or_expired_and_suspending_asks(
    office_a, platform_admin
):
    """The list showed only when each access started, ended and open alike, and "Suspend"
    was sent without asking."""
    client = _console(platform_admin)
    client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 42: import"})
    client.post(f"/offices/{office_a.pk}/enter/", {"reason": "Ticket 43: invoices"})
    _older, newer = SupportAccess.objects.order_by("pk")
    page = client.get(f"/offices/{office_a.pk}/").content.decode()
    states = [part.split("</span>", 1)[0] for part in page.split('data-testid="access-state">')[1:]]
    assert len(states) == 2
    assert states[0].startswith("open until ") and states[1].startswith("ended ")
    SupportAccess.objects.filter(pk=newer.pk).update(expires_at=timezone.now())
    page = client.get(f"/offices/{office_a.pk}/").content.decode()
    assert page.split('data-testid="access-state">', 1)[1].startswith("expired ")
    suspend_form = page.split(f'action="/offices/{office_a.pk}/suspend/"', 1)[1].split(">", 1)[0]
    assert 'data-confirm="Suspend Biuro A? Its staff and clients can no longer use it' in (
        suspend_form
    )
