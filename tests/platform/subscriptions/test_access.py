from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from subscriptions.access import plan_limit_check, subscription_standing
from subscriptions.models import Subscription
from subscriptions.services import subscription_enforce
from tenants.models import Office
from tests.helpers.offices import OfficeClient, in_office, member
from tests.platform.subscriptions.factories import subscription_for

pytestmark = pytest.mark.django_db

INVITE = {"email": "new.person@example.com", "role": "staff"}


def _days(n: int):
    return timezone.now() + timedelta(days=n)


def test_standing_through_trial_grace_read_only_and_suspension(office_a, settings):
    settings.SUBSCRIPTION_GRACE_DAYS, settings.SUBSCRIPTION_READ_ONLY_DAYS = 7, 14
    trial = subscription_for(office_a, trial_ends_at=_days(3))
    assert subscription_standing(trial).access == "full"
    assert subscription_standing(trial, now=_days(4)).access == "read_only"
    assert subscription_standing(trial, now=_days(18)).access == "suspended"
    past_due = subscription_for(office_a, status="past_due", lapsed_at=timezone.now())
    assert subscription_standing(past_due, now=_days(6)).access == "grace"
    assert subscription_standing(past_due, now=_days(8)).access == "read_only"
    assert subscription_standing(past_due, now=_days(22)).access == "suspended"
    assert subscription_standing(subscription_for(office_a, status="active")).access == "full"
    assert subscription_standing(None).access == "full"


def test_an_expired_trial_makes_the_office_read_only(office_a, admin_a):
    subscription_for(office_a, trial_ends_at=_days(-1))
    client = OfficeClient(office_a, user=admin_a)
    page = client.get("/administration/team/")
    assert page.status_code == 200
    assert "tylko do odczytu" in page.content.decode()  # the banner, in the office's Polish
    response = client.post("/administration/team/", INVITE)
    assert response.status_code == 403
    assert "Biuro jest tylko do odczytu" in response.content.decode()
    assert not Invitation.objects.filter(email=INVITE["email"]).exists()
    # Paying stays possible.
    assert client.get("/administration/subscription/").status_code == 200


def test_past_due_keeps_full_access_during_the_grace_period_then_read_only(office_a, admin_a):
    subscription_for(office_a, status="past_due", lapsed_at=timezone.now())
    client = OfficeClient(office_a, user=admin_a)
    page = client.get("/")
    assert 'data-testid="billing-banner"' in page.content.decode()
    assert client.post("/administration/team/", INVITE).status_code == 302
    subscription_for(office_a, status="past_due", lapsed_at=_days(-8))
    assert (
        client.post("/administration/team/", dict(INVITE, email="second@example.com")).status_code
        == 403
    )
    assert Invitation.objects.filter(office=office_a).count() == 1


def test_read_only_time_running_out_suspends_and_payment_reactivates(office_a, admin_a):
    subscription = subscription_for(office_a, status="past_due", lapsed_at=_days(-30))
    assert subscription_enforce() == {"trial_warnings": 0, "offices_changed": 1}
    office_a.refresh_from_db()
    assert office_a.state == Office.State.SUSPENDED
    client = OfficeClient(office_a, user=admin_a)
    assert client.get("/").status_code == 503
    assert client.get("/administration/subscription/").status_code == 200  # the way out stays open
    Subscription.objects.filter(pk=subscription.pk).update(status="active", lapsed_at=None)
    assert subscription_enforce()["offices_changed"] == 1
    office_a.refresh_from_db()
    assert office_a.state == Office.State.ACTIVE
    with in_office(office_a):
        assert list(
            AuditEntry.objects.filter(action__startswith="office.")
            .order_by("pk")
            .values_list("action", flat=True)
        ) == ["office.suspended", "office.reactivated"]


def test_a_console_suspension_is_not_lifted_by_billing(office_a):
    subscription_for(office_a, status="active")
    Office.objects.filter(pk=office_a.pk).update(state=Office.State.SUSPENDED)
    subscription_enforce()
    office_a.refresh_from_db()
    assert office_a.state == Office.State.SUSPENDED


def test_trial_ending_warning_goes_out_once(office_a, admin_a, django_capture_on_commit_callbacks):
    subscription_for(office_a, trial_ends_at=_days(2))
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        assert subscription_enforce()["trial_warnings"] == 1
        assert subscription_enforce()["trial_warnings"] == 0
    assert [m.to for m in mail.outbox] == [[admin_a.email]]
    assert "Biuro A" in mail.outbox[0].subject


def test_a_trial_already_paid_for_gets_no_warning_and_no_banner(office_a, admin_a):
    subscription_for(office_a, trial_ends_at=_days(2), stripe_subscription_id="sub_paid")
    assert subscription_enforce()["trial_warnings"] == 0
    page = OfficeClient(office_a, user=admin_a).get("/").content.decode()
    assert 'data-testid="billing-banner"' not in page
    subscription_for(office_a, trial_ends_at=_days(2), stripe_subscription_id="")
    page = OfficeClient(office_a, user=admin_a).get("/").content.decode()
    assert 'data-testid="billing-banner"' in page


def test_plan_limit_refuses_an_invitation_beyond_the_staff_users(office_a, admin_a):
    subscription_for(office_a, plan="start")  # 2 staff users
    client = OfficeClient(office_a, user=admin_a)  # admin_a is the first
    assert (
        client.post("/administration/team/", INVITE).status_code == 302
    )  # the pending invitation: second
    response = client.post("/administration/team/", dict(INVITE, email="third@example.com"))
    assert response.status_code == 400
    assert "Start" in response.content.decode()
    assert list(Invitation.objects.filter(office=office_a).values_list("email", flat=True)) == [
        INVITE["email"]
    ]


def test_plan_limit_check_message_and_unlimited_plans(office_a):
    subscription_for(office_a, plan="start")
    member(office_a, "staff")
    member(office_a, "staff")
    with pytest.raises(ApplicationError) as exc:
        plan_limit_check(office=office_a, limit="staff_users")
    assert exc.value.code == "plan_limit"
    assert exc.value.extra == {"limit": "staff_users", "allowed": 2, "used": 2}
    plan_limit_check(office=office_a, limit="clients", current=49)
    with pytest.raises(ApplicationError):
        plan_limit_check(office=office_a, limit="clients", current=50)
    subscription_for(office_a, plan="pro")
    plan_limit_check(office=office_a, limit="staff_users", adding=100)


def test_the_api_answers_read_only_in_json(office_a, admin_a):
    subscription_for(office_a, trial_ends_at=_days(-1))
    client = OfficeClient(office_a, user=admin_a)
    response = client.post("/api/v1/me/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["code"] == "read_only"
    assert client.get("/api/v1/me/").status_code == 200


def test_a_client_users_pages_skip_the_platform_state_but_changes_are_still_refused(
    office_a, monkeypatch
):
    """A client user's GET reads no subscription state (nothing of theirs shows it); a
    change they send to a read-only office is refused as anyone's."""
    from subscriptions import middleware

    subscription_for(office_a, trial_ends_at=_days(-1))
    reads = []
    real = middleware.office_platform_state
    monkeypatch.setattr(
        middleware, "office_platform_state", lambda office: reads.append(office) or real(office)
    )
    client = OfficeClient(office_a, user=member(office_a, "client"))
    assert client.get("/portal/").status_code == 200
    assert reads == []
    response = client.post("/portal/mail/1/request-scan/")
    assert response.status_code == 403
    assert "Zmiany nie są teraz możliwe" in response.content.decode()
    assert len(reads) == 1


def test_the_public_and_client_users_are_not_told_about_the_offices_unpaid_subscription(
    office_a, admin_a
):
    """A visitor booking a room through the public link, or a client user, of a read-only
    office saw "The office's subscription is not paid..." and a button to the office's
    Administration > Subscription; they are told only that nothing was saved and to contact
    the office. Staff keep the explanation and the way to pay."""
    subscription_for(office_a, trial_ends_at=_days(-1))
    for client in (OfficeClient(office_a), OfficeClient(office_a, user=member(office_a, "client"))):
        response = client.post("/book/1/new/", {"name": "Jan"})
        assert response.status_code == 403
        page = response.content.decode()
        assert "Zmiany nie są teraz możliwe" in page
        assert (
            "Biuro A nie może teraz przyjmować zmian online. Nic nie zostało zapisane. "
            "Skontaktuj się bezpośrednio z biurem."
        ) in page
        assert "subskrypcj" not in page.lower()
        assert "/administration/subscription/" not in page
    page = OfficeClient(office_a, user=admin_a).post("/book/1/new/").content.decode()
    assert "Biuro jest tylko do odczytu" in page
    assert "Subskrypcja biura nie jest opłacona" in page
    assert 'href="/administration/subscription/"' in page
    # staff who are not administrators are told why, without a button to a page they
    # cannot open
    staff = OfficeClient(office_a, user=member(office_a, "staff"))
    page = staff.post("/book/1/new/").content.decode()
    assert "Subskrypcja biura nie jest opłacona" in page
    assert 'href="/administration/subscription/"' not in page


def test_the_slovak_trial_banner_writes_the_month_in_the_genitive(office_a, admin_a):
    end = timezone.make_aware(timezone.datetime(2026, 12, 20, 12, 0))
    subscription_for(office_a, trial_ends_at=end)
    admin_a.language = "sk"
    admin_a.save(update_fields=["language"])
    page = OfficeClient(office_a, user=admin_a).get("/administration/subscription/")
    text = page.content.decode()
    assert "Skúšobná doba zadarmo do 20. decembra 2026" in text
    assert "december 2026" not in text
