import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from common.exceptions import ApplicationError
from common.money import money
from modules.audit.models import AuditEntry
from modules.mail.models import Correspondent, MailItem
from modules.mail.services import (
    mail_bulk_status_change,
    mail_number_next,
    mail_register,
    mail_update,
    settings_update,
    status_save,
)
from modules.notifications.models import Delivery, Notification
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, staged, status
from tests.modules.notifications.factories import email_recipient, sms_recipient


def test_statuses_and_types_are_seeded_in_every_office(in_office_a):
    from modules.mail.models import MailStatus, MailType

    assert set(MailStatus.objects.values_list("code", flat=True)) == {
        "to_pick_up",
        "picked_up",
        "forwarded",
        "scanned",
        "shredded",
        "po_box",
        "sent",
    }
    assert status("to_pick_up").routes_to_handover is True
    assert status("po_box").routes_to_handover is True
    assert status("picked_up").is_final is True
    assert status("to_pick_up").default_for == "in"
    assert MailType.objects.filter(is_active=True).count() == 5


def test_numbers_are_consecutive_per_year(in_office_a):
    first = mail_number_next(year=2031)
    second = mail_number_next(year=2031)
    other_year = mail_number_next(year=2032)
    assert first.startswith("2031/")
    assert int(second.split("/")[1]) == int(first.split("/")[1]) + 1
    assert other_year.startswith("2032/")
    assert len(first) == len("2031/000001")


def test_register_records_item_history_and_address_book(in_office_a, staff_a):
    client = ClientFactory()
    item = mail_register(
        actor=staff_a,
        data={
            "client": client,
            "sender": "  ZUS Oddział Warszawa ",
            "mail_type": letter(),
            "pieces": 2,
            "tracking_number": "RR123456789PL",
            "additional_info": "Pilne",
            "additional_cost": Decimal("12.50"),
        },
    )
    item.refresh_from_db()
    assert item.sender == "ZUS Oddział Warszawa"
    assert item.status.code == "to_pick_up"
    assert item.pieces == 2
    assert item.additional_cost == Decimal("12.50")
    assert item.registered_by_id == staff_a.pk
    entry = AuditEntry.objects.get(target_type="mail.mailitem", target_id=str(item.pk))
    assert entry.action == "mail.registered"
    assert entry.changes["sender"] == "ZUS Oddział Warszawa"
    assert entry.changes["tracking_number"] == "RR123456789PL"
    assert Correspondent.objects.get(name="ZUS Oddział Warszawa").use_count == 1
    item_register(client=client, sender="zus oddział warszawa")
    assert Correspondent.objects.get(name="ZUS Oddział Warszawa").use_count == 2


def test_outgoing_mail_needs_a_recipient_and_defaults_to_sent(in_office_a):
    with pytest.raises(ApplicationError) as error:
        item_register(direction="out", sender="")
    assert error.value.code == "recipient"
    item = item_register(direction="out", sender="", recipient="Sąd Rejonowy")
    assert item.status.code == "sent"
    assert item.correspondent == "Sąd Rejonowy"


def test_register_with_scans_stores_files_and_thumbnails(in_office_a, staff_a):
    item = item_register(actor=staff_a, scans=["a.pdf"])
    scan = item.scans.get()
    assert item.scan_count == 1
    assert scan.content_type == "application/pdf"
    assert scan.pages == 1
    assert scan.path.startswith(f"mail/scans/{item.pk}/")
    assert scan.thumbnail_path.endswith(".thumb.png")
    from common.storage import office_name, office_read

    assert office_read(scan.path)[:5] == b"%PDF-"
    assert office_read(scan.thumbnail_path)[:4] == b"\x89PNG"
    assert office_name(scan.path).startswith(f"{connection.schema_name}/")


def test_missing_attachment_alert_stops_before_anything_is_saved_or_sent(in_office_a, staff_a):
    client = ClientFactory()
    email_recipient(client_id=client.pk)
    before = (MailItem.objects.count(), Notification.objects.count())
    with pytest.raises(ApplicationError) as error:
        mail_register(
            actor=staff_a,
            data={"client": client, "sender": "ZUS", "mail_type": letter()},
            notify_choice="email_scan",
        )
    assert error.value.code == "missing_attachment"
    assert (MailItem.objects.count(), Notification.objects.count()) == before
    item = mail_register(
        actor=staff_a,
        data={"client": client, "sender": "ZUS", "mail_type": letter()},
        notify_choice="email_scan",
        confirm_missing_scan=True,
    )
    notification = Notification.objects.get(pk=item.notification_id)
    assert notification.attachments == []
    assert notification.context["has_scan"] is False


def test_missing_attachment_alert_can_be_switched_off(in_office_a, staff_a):
    settings_update(actor=staff_a, data={"missing_attachment_alert": False})
    client = ClientFactory()
    item = mail_register(
        actor=staff_a,
        data={"client": client, "sender": "ZUS", "mail_type": letter()},
        notify_choice="email_scan",
    )
    assert item.notify_choice == "email_scan"


def test_email_with_scan_attaches_the_files_and_only_emails(in_office_a, staff_a):
    client = ClientFactory()
    email_recipient(client_id=client.pk)
    sms_recipient(client_id=client.pk)
    item = mail_register(
        actor=staff_a,
        staged=[staged("skan.pdf")],
        notify_choice="email_scan",
        data={
            "client": client,
            "sender": "ZUS",
            "mail_type": letter(),
            "additional_info": "Opłata",
            "additional_cost": Decimal("5.00"),
        },
    )
    notification = Notification.objects.get(pk=item.notification_id)
    scan = item.scans.get()
    assert notification.attachments == [
        {
            "path": scan.path,
            "filename": "skan.pdf",
            "content_type": "application/pdf",
            "size": scan.size,
        }
    ]
    assert notification.context["additional_info"] == "Opłata"
    channels = list(
        Delivery.objects.filter(notification=notification).values_list("channel", flat=True)
    )
    assert channels == ["email"]


def test_sms_choice_sends_only_sms(in_office_a, staff_a):
    client = ClientFactory()
    email_recipient(client_id=client.pk)
    sms_recipient(client_id=client.pk)
    item = item_register(client=client, notify_choice="sms")
    assert list(
        Delivery.objects.filter(notification_id=item.notification_id).values_list(
            "channel", flat=True
        )
    ) == ["sms"]


def test_leaving_picked_up_needs_confirmation(in_office_a, staff_a):
    item = item_register(actor=staff_a)
    mail_update(item=item, actor=staff_a, data={"status": status("picked_up")})
    item.refresh_from_db()
    assert item.picked_up_at is not None
    with pytest.raises(ApplicationError) as error:
        mail_update(item=item, actor=staff_a, data={"status": status("to_pick_up")})
    assert error.value.code == "confirm_leave_final"
    item.refresh_from_db()
    assert item.status.code == "picked_up"
    mail_update(
        item=item, actor=staff_a, data={"status": status("to_pick_up")}, confirm_leave_final=True
    )
    item.refresh_from_db()
    assert item.status.code == "to_pick_up"
    assert item.picked_up_at is None
    actions = list(
        AuditEntry.objects.filter(target_type="mail.mailitem", target_id=str(item.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["mail.registered", "mail.updated", "mail.updated"]


def test_update_records_changed_fields_only(in_office_a, staff_a):
    item = item_register(actor=staff_a, pieces=1)
    mail_update(
        item=item,
        actor=staff_a,
        data={"pieces": 3, "sender": "Urząd Skarbowy", "received_at": item.received_at},
    )
    entry = AuditEntry.objects.filter(action="mail.updated", target_id=str(item.pk)).get()
    assert entry.changes == {"pieces": [1, 3]}


def test_bulk_status_change_confirms_picked_up_and_records_each(in_office_a, staff_a):
    first, second = item_register(), item_register()
    mail_bulk_status_change(item_ids=[first.pk], status=status("picked_up"), actor=staff_a)
    with pytest.raises(ApplicationError) as error:
        mail_bulk_status_change(
            item_ids=[first.pk, second.pk], status=status("scanned"), actor=staff_a
        )
    assert error.value.extra["numbers"] == [first.number]
    second.refresh_from_db()
    assert second.status.code == "to_pick_up"
    changed = mail_bulk_status_change(
        item_ids=[first.pk, second.pk],
        status=status("scanned"),
        actor=staff_a,
        confirm_leave_final=True,
    )
    assert changed == 2
    assert set(
        MailItem.objects.filter(pk__in=[first.pk, second.pk]).values_list("status__code", flat=True)
    ) == {"scanned"}


def test_builtin_status_cannot_be_switched_off_but_renamed(in_office_a, staff_a):
    picked = status("picked_up")
    with pytest.raises(ApplicationError):
        status_save(actor=staff_a, data={"is_active": False}, status=picked)
    status_save(actor=staff_a, data={"name": "Odebrane"}, status=status("picked_up"))
    assert status("picked_up").label == "Odebrane"


def test_a_new_default_status_takes_over(in_office_a, staff_a):
    custom = status_save(
        actor=staff_a, data={"name": "Recepcja", "default_for": "in", "colour": "#123456"}
    )
    assert status("to_pick_up").default_for == ""
    assert item_register().status_id == custom.pk


def test_failed_registration_leaves_no_files(in_office_a, staff_a, monkeypatch):
    from common.storage import office_path
    from modules.mail.services import items

    def boom(**kwargs):
        raise RuntimeError("address book down")

    folder = office_path("mail/scans")
    before = {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    monkeypatch.setattr(items, "correspondent_touch", boom)
    file = staged("x.pdf")
    with pytest.raises(RuntimeError):
        mail_register(
            actor=staff_a,
            staged=[file],
            data={"client": ClientFactory(), "sender": "ZUS", "mail_type": letter()},
        )
    assert not file.path.exists()
    after = {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()
    assert after == before


def test_received_at_defaults_to_now(in_office_a):
    item = item_register()
    from django.utils import timezone

    assert abs(item.received_at - timezone.now()) < dt.timedelta(seconds=10)


def test_the_extra_charge_is_money_in_each_recipients_language_with_the_offices_currency(
    in_office_a, staff_a
):
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="jana@firma.sk", language="sk")
    email_recipient(client_id=client.pk, address="anna@firma.pl", language="en")
    with translation.override("pl"):
        item = mail_register(
            actor=staff_a,
            notify_choice="email",
            data={
                "client": client,
                "sender": "ZUS",
                "mail_type": letter(),
                "additional_cost": Decimal("2.50"),
            },
        )
    bodies = dict(
        Delivery.objects.filter(notification_id=item.notification_id).values_list("address", "body")
    )
    currency = connection.tenant.currency
    sk_cost = money(Decimal("2.50"), currency, language="sk")
    en_cost = money(Decimal("2.50"), currency, language="en")
    assert f"Dodatočný poplatok: {sk_cost}\n" in bodies["jana@firma.sk"]
    assert f"Additional cost: {en_cost}\n" in bodies["anna@firma.pl"]
    # The type in each recipient's language, written as the editor's sample writes it.
    assert "Druh: list\n" in bodies["jana@firma.sk"]
    assert "Type: letter\n" in bodies["anna@firma.pl"]


def test_the_history_reads_the_additional_cost_as_an_amount(in_office_a):
    """Audit: the item's history said "Dodatkowy koszt 12,5" (a bare decimal) where the
    form, the e-mail and the client panel say "12,50 zł"; registration and an edit read
    as amounts in the office's currency now."""
    from common.audit import audit_entries_words
    from modules.mail.selectors import mail_item_history

    item = item_register(additional_cost=Decimal("12.5"))
    mail_update(item=item, actor=None, data={"additional_cost": Decimal("7")})
    with translation.override("pl"):
        words = audit_entries_words(list(mail_item_history(item=item)))
    costs = [text for pairs in words for label, text in pairs if label == "Additional cost"]
    assert sorted(costs) == ["12,50\xa0zł", "12,50\xa0zł → 7,00\xa0zł"]


def test_the_sms_writes_the_mail_type_in_lower_case_mid_sentence(in_office_a, staff_a):
    """ "nadawca: ZUS (List polecony)." read as a capital in the middle of the sentence: the
    type is written as each language writes it there; an abbreviation keeps its capitals."""
    from modules.mail.models import MailType
    from modules.mail.services import type_save

    client = ClientFactory()
    for number, language in (("+48601000001", "pl"), ("+48601000002", "sk")):
        sms_recipient(client_id=client.pk, address=number, language=language)
    sms_recipient(client_id=client.pk, address="+48601000003", language="en")
    registered = MailType.objects.get(code="registered")
    courier = type_save(actor=None, data={"name": "DHL Express"})
    office = connection.tenant.name
    for mail_type, expected in (
        (
            registered,
            {
                "+48601000001": f"{office}: nowa korespondencja, nadawca: ZUS (list polecony).",
                "+48601000002": f"{office}: nová pošta, odosielateľ: ZUS (doporučený list).",
                "+48601000003": f"{office}: new mail from ZUS (registered letter).",
            },
        ),
        (
            courier,
            {
                "+48601000001": f"{office}: nowa korespondencja, nadawca: ZUS (DHL Express).",
                "+48601000002": f"{office}: nová pošta, odosielateľ: ZUS (DHL Express).",
                "+48601000003": f"{office}: new mail from ZUS (DHL Express).",
            },
        ),
    ):
        item = item_register(client=client, notify_choice="sms", sender="ZUS", mail_type=mail_type)
        bodies = dict(
            Delivery.objects.filter(notification_id=item.notification_id).values_list(
                "address", "body"
            )
        )
        assert bodies == expected
