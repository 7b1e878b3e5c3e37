import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import translation
from django.utils.translation import pgettext

from accounts.models import Role
from common.money import money
from common.pdf import pdf_text
from modules.invoices import services
from modules.invoices.events import (
    ACCEPTANCE_ANSWERED,
    ACCEPTANCE_REQUESTED,
    NEW_EVENT,
    REMINDER_EVENT,
)
from modules.invoices.models import Invoice
from modules.invoices.money import rate_totals
from modules.invoices.pdf import invoice_pdf_render
from modules.invoices.templatetags.invoice_tags import quantity
from modules.notifications.hooks import event_get
from modules.notifications.models import Delivery, Notification
from modules.notifications.services import sample_context
from tests.helpers.offices import OfficeClient, member
from tests.modules.invoices.factories import (
    SK_LINES,
    buyer,
    draft,
    issued,
    line,
    office_details,
    sk_buyer,
)
from tests.modules.notifications.factories import email_recipient

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _text(invoice) -> str:
    return pdf_text(invoice_pdf_render(invoice=invoice)).replace("\r", "")


def _summary(text: str) -> list[str]:
    """The first word of each row of the PDF's table of VAT rates."""
    rows = text.split("By VAT rate" if "By VAT rate" in text else "Według stawki")[1]
    rows = rows.split("\n")[1:]
    return [row.split()[0] for row in rows[: rows.index(next(r for r in rows if "Total" in r))]]


# --- 2. the VAT summary by rate -------------------------------------------------------


def test_rates_are_listed_by_percent_highest_first_then_exempt_then_reverse_charge():
    lines = [
        SimpleNamespace(vat_rate=code, net=Decimal("1"))
        for code in ["0", "np", "23", "zw", "5", "8"]
    ]
    assert [r.rate for r in rate_totals(lines)] == ["23", "8", "5", "0", "zw", "np"]


def test_the_polish_pdfs_vat_summary_is_in_numeric_order(in_office_a):
    office_details()
    lines = [
        line("Zero", "1", "piece", "10.00", "0"),
        line("Dwadzieścia trzy", "1", "piece", "10.00", "23"),
        line("Zwolnione", "1", "piece", "10.00", "zw"),
        line("Pięć", "1", "piece", "10.00", "5"),
        line("Osiem", "1", "piece", "10.00", "8"),
    ]
    invoice = issued(buyer(language="en"), lines)
    assert _summary(_text(invoice)) == ["23%", "8%", "5%", "0%", "exempt"]


def test_the_slovak_pdfs_vat_summary_puts_5_after_19_and_0_last(sk_office):
    invoice = issued(sk_buyer(language="en"), SK_LINES)  # 23, 19, 5 and 0 %
    assert _summary(_text(invoice)) == ["23%", "19%", "5%", "0%"]


# --- 3. quantities ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["1", "1,5", "0,125", "2", "100"]),
        ("sk", ["1", "1,5", "0,125", "2", "100"]),
        ("en", ["1", "1.5", "0.125", "2", "100"]),
    ],
)
def test_a_quantity_prints_the_decimals_it_has_in_the_languages_format(language, expected):
    values = ["1.000", "1.500", "0.125", "2.000", "100.000"]
    with translation.override(language):
        assert [quantity(Decimal(v)) for v in values] == expected


def test_the_pdf_and_the_pages_print_quantities_without_trailing_zeros(office_a, in_office_a):
    office_details()
    lines = [
        line("Sala", "1.5", "hour", "10.00", "23"),
        line("Skan", "0.125", "piece", "10.00", "23"),
        line("Pakiet", "2", "month", "10.00", "23"),
    ]
    invoice = issued(buyer(language="pl"), lines)
    assert invoice.lines.get(position=1).quantity == Decimal("1.500")  # stored as it was
    rows = [r for r in _text(invoice).split("\n") if r[:2] in ("1 ", "2 ", "3 ")]
    assert [r.split()[2] for r in rows] == ["1,5", "0,125", "2"]
    page = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    html = page.get(f"/invoices/{invoice.pk}/").content.decode()
    assert "1,5 " in html and "0,125 " in html
    assert "1,500" not in html and "2,000" not in html


# --- 4. the Polish due date ---------------------------------------------------------


def test_polish_reads_termin_platnosci_for_the_invoices_due_date(in_office_a):
    office_details()
    with translation.override("pl"):
        assert pgettext("invoice", "Due date") == "Termin płatności"
        assert str(Invoice._meta.get_field("due_date").verbose_name) == ("termin płatności")
    invoice = issued(buyer(language="pl"))
    assert f"Termin płatności {invoice.due_date:%d.%m.%Y}" in _text(invoice)


# --- 5. the editor's previews of invoices' e-mails ----------------------------------------


@pytest.mark.parametrize("code", [NEW_EVENT, REMINDER_EVENT])
def test_the_invoice_e_mails_preview_in_slovak_has_slovak_samples_and_the_offices_currency(
    office_b, in_office_b, code
):
    event = event_get(code)
    values = sample_context(event=event, language="sk", office=office_b)
    total = money(Decimal("246.00"), office_b.currency, language="sk")
    assert values["invoice_total"] == total
    assert values["client_name"] == "Zelený les s.r.o."
    assert values["office_name"] == office_b.name
    assert values["invoice_url"] == office_b.url + "/portal/invoices/12/"
    admin = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    page = admin.get(f"/administration/notifications/templates/{code}/sk/")
    assert page.status_code == 200
    preview = page.context["preview"]["text"]
    assert total in preview and "14.04.2026" in preview and office_b.name in preview
    assert "PLN" not in preview and not ISO.search(preview)


@pytest.mark.parametrize(
    ("language", "comment", "period"),
    [
        ("pl", "Bez kuriera w marcu.", "01.03.2026 – 31.03.2026"),
        ("sk", "Bez kuriéra v marci.", "01.03.2026 – 31.03.2026"),
        ("en", "No courier in March.", "01/03/2026 – 31/03/2026"),
    ],
)
def test_the_draft_e_mails_preview_speaks_the_templates_language(
    office_a, in_office_a, language, comment, period
):
    for code in (ACCEPTANCE_REQUESTED, ACCEPTANCE_ANSWERED):
        values = sample_context(event=event_get(code), language=language, office=office_a)
        assert values["draft_comment"] == comment
        assert values["draft_period"] == period
        assert values["invoice_total"] == money(
            Decimal("246.00"), office_a.currency, language=language
        )


# --- 6. dates in e-mails and PDFs -------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sk", "so splatnosťou {due:%d.%m.%Y}"),
        ("pl", "płatną do {due:%d.%m.%Y}"),
        ("en", "due on {due:%d/%m/%Y}"),
    ],
)
def test_the_new_invoice_e_mail_writes_the_due_date_in_the_recipients_format(
    sk_office, language, words
):
    client = sk_buyer(language=language)
    email_recipient(client_id=client.pk, address="uctaren@example.sk", language=language)
    invoice = issued(client, SK_LINES)
    services.invoices_deliver(invoice_ids=[invoice.pk])
    body = Delivery.objects.get(event=NEW_EVENT).body
    assert words.format(due=invoice.due_date) in body
    assert not ISO.search(body)


@pytest.mark.parametrize(("language", "period"), [("sk", "01.03.2026"), ("en", "01/03/2026")])
def test_a_slovak_pdf_shows_no_iso_date(sk_office, language, period):
    invoice = issued(sk_buyer(language=language), SK_LINES)
    text = _text(invoice)
    assert period in text and not ISO.search(text)


def test_a_draft_to_accept_is_written_in_each_readers_date_format(in_office_a):
    office_details()
    services.settings_update(actor=None, data={"client_acceptance": True})
    client = buyer(language="en")
    email_recipient(client_id=client.pk, address="accounts@example.com", language="en")
    invoice = draft(client, sale_from=dt.date(2026, 3, 1), sale_to=dt.date(2026, 3, 31))
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    body = Delivery.objects.get(event=ACCEPTANCE_REQUESTED).body
    assert "01/03/2026 – 31/03/2026" in body and not ISO.search(body)
    services.invoice_acceptance_answer(
        invoice=invoice, actor=None, client_id=client.pk, accept=False, comment="Nie"
    )
    answer = Notification.objects.get(event=ACCEPTANCE_ANSWERED)  # the office's, in Polish
    assert connection.tenant.language == "pl"
    assert answer.context["draft_period"] == "01.03.2026 – 31.03.2026"
