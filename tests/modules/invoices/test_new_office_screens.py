"""What a new office met on its invoice screens (audit): reminder days that could not be
left empty though the help said so, a Slovak office numbering with the Polish "FV", a
draft's page titled "szkic faktury nr 1", *Issue selected drafts* under an empty list, and
a draft named in Polish in an English audit log."""

import datetime as dt

from django.utils import translation

from accounts.models import Role
from common.audit import audit_target_label
from modules.audit.models import AuditEntry
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceSettings
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import D, buyer, draft, issued, office_details

SETTINGS = {
    "form": "settings",
    "number_pattern": "FV/{number}/{MM}/{YYYY}",
    "number_reset": "yearly",
    "payment_days": "14",
    "vat_exemption_basis": "Art. 43 ust. 1 ustawy o VAT",
}


def test_empty_reminder_days_mean_no_automatic_reminders(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.OWNER))
    assert (
        web.post("/administration/invoices/", {**SETTINGS, "reminder_days": ""}).status_code == 302
    )
    with in_office(office_a):
        assert services.settings_get().reminder_days == ""
        office_details()
        invoice = issued()
        Invoice.objects.filter(pk=invoice.pk).update(due_date=dt.date(2026, 1, 1))
        assert services.invoices_remind_due() == 0
        invoice.refresh_from_db()
        assert invoice.status == "overdue" and not invoice.reminders.exists()


def test_day_0_is_refused_it_never_reminded(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.OWNER))
    response = web.post("/administration/invoices/", {**SETTINGS, "reminder_days": "0,3"})
    assert response.status_code == 200
    with translation.override("pl"):
        message = translation.gettext("Days must be between 1 and 365.")
    assert message == "Liczba dni musi mieścić się w przedziale od 1 do 365."
    assert message in response.content.decode()
    with in_office(office_a):
        assert services.settings_get().reminder_days == "3,14"


def test_a_new_slovak_office_numbers_with_fa(sk_office):
    assert services.settings_get().number_pattern == "FA/{number}/{YYYY}"


def test_a_new_polish_office_keeps_fv(in_office_a):
    assert services.settings_get().number_pattern == "FV/{number}/{MM}/{YYYY}"


def test_the_migration_moves_only_an_untouched_slovak_default(sk_office):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module(
        "modules.invoices.migrations.0010_ksef_refused_reminders_optional_sk_pattern"
    )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    InvoiceSettings.objects.update_or_create(
        pk=1, defaults={"number_pattern": "FV/{number}/{MM}/{YYYY}"}
    )
    migration.slovak_pattern(apps, editor)
    assert InvoiceSettings.objects.get().number_pattern == "FA/{number}/{YYYY}"
    InvoiceSettings.objects.update(number_pattern="FV/{number}/{MM}/{YYYY}")
    from modules.invoices.models import InvoiceCounter

    InvoiceCounter.objects.create(period="2026", last=3)  # it has numbered: left alone
    migration.slovak_pattern(apps, editor)
    assert InvoiceSettings.objects.get().number_pattern == "FV/{number}/{MM}/{YYYY}"


def test_a_drafts_title_and_heading_agree(office_a):
    with in_office(office_a):
        office_details()
        made = draft(buyer(name="Zielony Las sp. z o.o."))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/invoices/{made.pk}/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    heading = page.split('<h1 class="h3 mb-0">', 1)[1].split("<", 1)[0]
    assert title.startswith("Szkic faktury · Zielony Las sp. z o.o.")
    assert heading.strip() == "Szkic faktury · Zielony Las sp. z o.o."
    assert f"nr {made.pk}" not in title


def test_issue_selected_drafts_shows_only_with_a_draft(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert 'data-testid="issue-selected"' not in web.get("/invoices/").content.decode()
    with in_office(office_a):
        office_details()
        issued()
    assert 'data-testid="issue-selected"' not in web.get("/invoices/").content.decode()
    with in_office(office_a):
        draft()
    assert 'data-testid="issue-selected"' in web.get("/invoices/").content.decode()


def test_a_draft_is_named_in_the_readers_language_in_the_audit_log(in_office_a):
    office_details()
    with translation.override("pl"):
        made = draft(buyer(name="Zielony Las"))
    entry = AuditEntry.objects.filter(target_id=str(made.pk)).first()
    assert entry is not None and entry.target_label == "Szkic faktury · Zielony Las"
    with translation.override("en"):
        assert audit_target_label(entry) == "Draft invoice · Zielony Las"
    with translation.override("sk"):
        assert audit_target_label(entry) == "Koncept faktúry · Zielony Las"
    # an entry stored before, with the draft's id
    old = AuditEntry(target_type="invoices.invoice", target_label="szkic faktury nr 12")
    with translation.override("en"):
        assert audit_target_label(old) == "Draft invoice"
    assert (
        audit_target_label(AuditEntry(target_type="invoices.invoice", target_label="FV/1/12/2026"))
        == "FV/1/12/2026"
    )


def test_a_correction_draft_is_named_a_correction_in_the_audit_log(in_office_a):
    """It was labelled "Szkic faktury" (an invoice's draft); it reads as its page's title."""
    office_details()
    original = issued(buyer(name="Zielony Las"))
    with translation.override("pl"):
        made = services.invoice_correct(
            invoice=original,
            actor=None,
            reason="Skan nie był wykonany",
            lines=[
                {
                    "description": "Skan",
                    "quantity": D("-1"),
                    "unit_price": D("7.50"),
                    "vat_rate": "23",
                }
            ],
        )
    entry = AuditEntry.objects.filter(target_id=str(made.pk)).first()
    assert entry is not None and entry.target_label == "Szkic faktury korygującej · Zielony Las"
    with translation.override("en"):
        assert audit_target_label(entry) == "Draft correction invoice · Zielony Las"
    with translation.override("sk"):
        assert audit_target_label(entry) == "Koncept opravnej faktúry · Zielony Las"
    # an invoice's draft keeps its name
    with translation.override("pl"):
        assert str(draft(buyer(name="Lipa"))) == "Szkic faktury · Lipa"
