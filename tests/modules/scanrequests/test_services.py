import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from common.money import money
from modules.audit.models import AuditEntry
from modules.mail.models import MailItem, MailScan
from modules.mail.services import mail_update
from modules.notifications.models import Delivery, Notification, StaffAlert
from modules.notifications.services import settings_update as notification_settings_update
from modules.scanrequests import hooks, policies
from modules.scanrequests.hooks import PackageScanTerms, package_scan_rule_register
from modules.scanrequests.models import ScanRequest
from modules.scanrequests.services import (
    client_access_set,
    office_sms_enabled,
    scan_request_cancel,
    scan_request_complete,
    scan_request_create,
    scan_requests_overdue_alert,
    settings_update,
)
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import staged, status
from tests.modules.notifications.factories import email_recipient
from tests.modules.scanrequests.factories import allow, requested, waiting_item


def _office_setup(*, sms: bool):
    notification_settings_update(
        actor=None,
        office_email="biuro@office-a.pl",
        office_phone="+48600000000",
        office_channels={
            "mail.scan_requested": ["email", "inapp", "sms"] if sms else ["email", "inapp"]
        },
    )


def test_a_request_tells_the_office_in_four_places(in_office_a, office_a, staff_a):
    allow()
    _office_setup(sms=True)
    client_user = member(office_a, Role.CLIENT, client_id=1)
    client = ClientFactory(name="Zielony Las sp. z o.o.")
    item = waiting_item(client=client, sender="ZUS Oddział Warszawa")
    scan_request = scan_request_create(
        item=item, source=ScanRequest.Source.PORTAL, user=client_user
    )
    assert (scan_request.status, scan_request.source) == ("new", "portal")
    assert scan_request.requested_by == (client_user.full_name or client_user.email)
    notification = Notification.objects.get(event="mail.scan_requested")
    deliveries = list(notification.deliveries.order_by("pk"))
    # 1. e-mail to the office's address, 2. SMS to its number, 3. alerts for its staff
    assert [(d.channel, d.address) for d in deliveries] == [
        ("email", "biuro@office-a.pl"),
        ("sms", "+48600000000"),
        ("inapp", "1 staff"),
    ]
    email = deliveries[0]
    assert email.subject == "Prośba o skan: Zielony Las sp. z o.o."
    assert "prosi o skan przesyłki (nadawca: ZUS Oddział Warszawa, otrzymana " in email.body
    assert f"{office_a.url}/mail/scan-requests/" in email.body
    assert deliveries[1].body == (
        "Prośba o skan: Zielony Las sp. z o.o., nadawca ZUS Oddział Warszawa."
    )
    alert = StaffAlert.objects.get(notification=notification)
    assert (alert.user_id, alert.title, alert.link) == (
        staff_a.pk,
        "Scan requested: Zielony Las sp. z o.o.",
        f"{office_a.url}/mail/scan-requests/",
    )
    # 4. the screen: see test_views.test_list_shows_date_client_item_sender_status_waiting


def test_no_sms_unless_the_office_switched_it_on(in_office_a, staff_a):
    allow()
    _office_setup(sms=False)
    requested()
    notification = Notification.objects.get(event="mail.scan_requested")
    assert sorted(notification.deliveries.values_list("channel", flat=True)) == ["email", "inapp"]


def test_settings_switch_the_office_sms_in_the_notification_settings(in_office_a, admin_a):
    assert office_sms_enabled() is False
    settings_update(actor=admin_a, data={"enabled": True}, sms=True)
    assert office_sms_enabled() is True
    from modules.notifications.services import settings_get

    assert settings_get().office_channels == {"mail.scan_requested": ["email", "inapp", "sms"]}
    settings_update(actor=admin_a, data={}, sms=False)
    assert settings_get().office_channels == {"mail.scan_requested": ["email", "inapp"]}


def test_second_request_while_one_is_new_is_refused(in_office_a):
    allow()
    first = requested()
    with pytest.raises(ApplicationError) as error:
        requested(item=first.item)
    assert error.value.code == "already_requested"
    assert error.value.message.startswith("A scan of this item was already requested on ")
    assert ScanRequest.objects.filter(item=first.item).count() == 1


def test_the_database_refuses_two_new_requests_for_one_item(in_office_a):
    allow()
    first = requested()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScanRequest.objects.create(item=first.item, source="email")


def test_complete_adds_the_scan_stores_cost_and_emails_it(in_office_a, staff_a):
    allow()
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", language="en")
    scan_request = requested(item=waiting_item(client=client, sender="Sąd Rejonowy"))
    done = scan_request_complete(
        scan_request=scan_request,
        staged=[staged("wezwanie.pdf")],
        actor=staff_a,
        additional_info="Termin: 14 dni",
        additional_cost=Decimal("7.50"),
    )
    done.refresh_from_db()
    assert done.status == "completed"
    assert done.completed_at is not None and done.closed_by_id == staff_a.pk
    item = MailItem.objects.get(pk=scan_request.item_id)
    assert (item.additional_info, item.additional_cost, item.scan_count) == (
        "Termin: 14 dni",
        Decimal("7.50"),
        1,
    )
    scan = MailScan.objects.get(item=item)
    assert scan.original_name == "wezwanie.pdf"
    notification = Notification.objects.get(event="mail.scan_added")
    assert notification.client_id == client.pk
    assert notification.attachments == [
        {
            "path": scan.path,
            "filename": "wezwanie.pdf",
            "content_type": "application/pdf",
            "size": scan.size,
        }
    ]
    (delivery,) = notification.deliveries.all()
    assert delivery.address == "anna@las.pl"
    assert delivery.subject == "Scan of your mail (sender: Sąd Rejonowy)"
    assert "Additional information: Termin: 14 dni" in delivery.body
    # Money in the recipient's language with the office's currency, not a bare "7.50".
    cost = money(Decimal("7.50"), connection.tenant.currency, language="en")
    assert f"Additional cost: {cost}\n" in delivery.body
    actions = list(
        AuditEntry.objects.filter(target_id=str(item.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "scanrequest.created",
        "mail.updated",
        "scanrequest.completed",
        "mail.scan_added",
    ]


def test_complete_without_a_file_changes_nothing(in_office_a, staff_a):
    allow()
    scan_request = requested()
    with pytest.raises(ApplicationError):
        scan_request_complete(
            scan_request=scan_request,
            staged=[],
            actor=staff_a,
            additional_info="x",
            additional_cost=Decimal("1"),
        )
    scan_request.refresh_from_db()
    assert scan_request.status == "new"


def test_cancel_then_the_client_may_ask_again(in_office_a, staff_a):
    allow()
    first = requested()
    cancelled = scan_request_cancel(scan_request=first, actor=staff_a, reason=" odebrane ")
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.cancel_reason, cancelled.closed_by_id) == (
        "cancelled",
        "odebrane",
        staff_a.pk,
    )
    again = requested(item=first.item)
    assert again.status == "new"
    assert list(
        ScanRequest.objects.filter(item=first.item).order_by("pk").values_list("status", flat=True)
    ) == ["cancelled", "new"]


def test_closed_requests_cannot_be_completed_or_cancelled_again(in_office_a, staff_a):
    allow()
    first = requested()
    scan_request_cancel(scan_request=first, actor=staff_a)
    with pytest.raises(ApplicationError) as error:
        scan_request_cancel(scan_request=first, actor=staff_a)
    assert error.value.message == "This request is already cancelled."
    with pytest.raises(ApplicationError):
        scan_request_complete(
            scan_request=first,
            staged=[staged()],
            actor=staff_a,
            additional_info="",
            additional_cost=Decimal("0"),
        )
    assert MailScan.objects.filter(item=first.item).count() == 0


def test_completed_item_has_a_scan_so_it_cannot_be_asked_again(in_office_a, staff_a):
    allow()
    first = requested()
    scan_request_complete(
        scan_request=first,
        staged=[staged()],
        actor=staff_a,
        additional_info="",
        additional_cost=Decimal("0"),
    )
    with pytest.raises(ApplicationError) as error:
        requested(item=MailItem.objects.get(pk=first.item_id))
    assert error.value.message == "This item already has a scan."


@pytest.mark.parametrize(
    "change, message",
    [
        ("picked_up", "This item is no longer waiting at the office, so it cannot be scanned."),
        ("scan", "This item already has a scan."),
        ("outgoing", "Scans can be requested for incoming mail only."),
    ],
)
def test_only_items_to_pick_up_without_a_scan(in_office_a, staff_a, change, message):
    allow()
    if change == "outgoing":
        item = waiting_item(direction="out", sender="", recipient="Sąd")
    elif change == "scan":
        item = waiting_item(scans=["a.pdf"])
    else:
        item = mail_update(item=waiting_item(), actor=staff_a, data={"status": status(change)})
    with pytest.raises(ApplicationError) as error:
        requested(item=item)
    assert error.value.message == message
    assert ScanRequest.objects.count() == 0


def test_who_may_ask_client_over_package_over_office(in_office_a, admin_a, monkeypatch):
    allow(enabled=False)
    own_yes, own_no, package_yes, plain = (ClientFactory() for _ in range(4))
    client_access_set(client=own_yes, allowed=True, actor=admin_a)
    client_access_set(client=own_no, allowed=False, actor=admin_a)
    monkeypatch.setattr(hooks, "_package_rule", None)
    package_scan_rule_register(
        lambda ids: {
            c: PackageScanTerms(allowed=True, default_cost=Decimal("3"))
            for c in ids
            if c in (package_yes.pk, own_no.pk)
        }
    )
    ids = [own_yes.pk, own_no.pk, package_yes.pk, plain.pk]
    assert policies.scan_requests_allowed_many(client_ids=ids) == {
        own_yes.pk: True,
        own_no.pk: False,
        package_yes.pk: True,
        plain.pk: False,
    }
    assert policies.scan_default_cost(client_id=package_yes.pk) == Decimal("3")
    allow(default_cost=Decimal("5.00"))
    assert policies.scan_default_cost(client_id=plain.pk) == Decimal("5.00")
    assert policies.scan_requests_allowed(client_id=plain.pk) is True
    client_access_set(client=own_no, allowed=None, actor=admin_a)
    assert policies.scan_requests_allowed(client_id=own_no.pk) is True  # its package says so


def test_a_client_not_allowed_is_refused(in_office_a, admin_a):
    allow()
    client = ClientFactory()
    client_access_set(client=client, allowed=False, actor=admin_a)
    with pytest.raises(ApplicationError) as error:
        requested(item=waiting_item(client=client))
    assert error.value.code == "not_allowed"
    assert ScanRequest.objects.count() == 0


def test_overdue_requests_alert_the_staff_once(in_office_a, office_a, staff_a):
    allow(target_hours=4)
    late = requested(sender="Urząd Skarbowy")
    fresh = requested()
    ScanRequest.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=5, minutes=10)
    )
    assert scan_requests_overdue_alert() == 1
    alert = StaffAlert.objects.get(event="scanrequests.overdue")
    assert alert.user_id == staff_a.pk
    assert alert.title == "Scan request waiting 5 h: " + late.item.client.name
    assert "longer than the target of 4 h" in alert.body
    assert alert.link == f"{office_a.url}/mail/scan-requests/?overdue=1"
    assert scan_requests_overdue_alert() == 0
    assert StaffAlert.objects.filter(event="scanrequests.overdue").count() == 1
    fresh.refresh_from_db()
    assert fresh.overdue_alerted_at is None
    assert Delivery.objects.filter(event="scanrequests.overdue").count() == 1


def test_an_item_that_leaves_the_office_cancels_its_open_request(in_office_a, staff_a):
    """Handed over, or moved by an edit or a bulk change to a status in which the office no
    longer holds the letter: its request is cancelled with the new status as the reason
    (in the office's language). Marked scanned, it stays open (the scan comes with it)."""
    from modules.handover.services import handover_record
    from modules.mail.services import mail_bulk_status_change

    allow()
    handed, shredded, edited, scanned = (requested() for _ in range(4))
    other = requested()  # another item of its own: untouched throughout
    handover_record(
        actor=staff_a, item_ids=[handed.item_id], method="confirmed", person_name="Jan Nowak"
    )
    mail_bulk_status_change(item_ids=[shredded.item_id], status=status("shredded"), actor=staff_a)
    mail_update(item=edited.item, actor=staff_a, data={"status": status("forwarded")})
    mail_update(item=scanned.item, actor=staff_a, data={"status": status("scanned")})
    rows = {
        r.pk: (r.status, r.cancel_reason, r.closed_by_id)
        for r in ScanRequest.objects.filter(pk__in=[handed.pk, shredded.pk, edited.pk])
    }
    assert rows == {
        handed.pk: ("cancelled", "Przesyłki nie ma już w biurze: Odebrane.", staff_a.pk),
        shredded.pk: ("cancelled", "Przesyłki nie ma już w biurze: Zniszczone.", staff_a.pk),
        edited.pk: ("cancelled", "Przesyłki nie ma już w biurze: Przesłane.", staff_a.pk),
    }
    for open_one in (scanned, other):
        open_one.refresh_from_db()
        assert open_one.status == "new"
    assert AuditEntry.objects.filter(
        action="scanrequest.cancelled", target_id=str(handed.item_id)
    ).exists()


@pytest.mark.parametrize("code", ["mail.scan_requested", "scanrequests.overdue", "mail.scan_added"])
def test_the_sender_is_named_after_a_colon_never_declined_after_od(code):
    # "prosi o skan korespondencji od Sąd Rejonowy": a free name cannot be declined.
    from modules.notifications.hooks import event_get

    for language, word in (("pl", "nadawca: "), ("sk", "odosielateľ: "), ("en", "sender: ")):
        text = event_get(code).defaults[language]
        for part in (text.subject, text.body, text.sms):
            assert " od {{ mail_sender }}" not in part and "from {{ mail_sender }}" not in part
        assert word + "{{ mail_sender }}" in text.body.lower()


def test_the_staff_alert_about_a_request_is_read_once_it_is_done(in_office_a, staff_a):
    allow()
    notification_settings_update(actor=None, office_channels={"mail.scan_requested": ["inapp"]})
    done, dropped = requested(), requested()
    alerts = {
        r.pk: StaffAlert.objects.get(subject=f"scanrequests.request:{r.pk}")
        for r in (done, dropped)
    }
    assert all(a.read_at is None for a in alerts.values())
    scan_request_complete(
        scan_request=done,
        staged=[staged("skan.pdf")],
        actor=staff_a,
        additional_info="",
        additional_cost=Decimal("0"),
    )
    for alert in alerts.values():
        alert.refresh_from_db()
    assert alerts[done.pk].read_at is not None and alerts[dropped.pk].read_at is None
    scan_request_cancel(scan_request=dropped, actor=staff_a)
    alerts[dropped.pk].refresh_from_db()
    assert alerts[dropped.pk].read_at is not None
