import importlib

import pytest
from django.db import IntegrityError, transaction
from lxml import etree

from accounts.models import Role
from common import singletons
from common.pdf import pdf_text
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter, InvoiceSettings
from modules.invoices.pdf import invoice_pdf_render
from modules.invoices.policies import variable_symbol
from modules.invoices.ubl import CAC, CBC, ubl_build
from tests.helpers.offices import OfficeClient, member
from tests.modules.invoices.factories import SK_LINES, draft, issued, office_details, sk_buyer

NS = {"cac": CAC, "cbc": CBC}
PAYMENT_ID = "cac:PaymentMeans/cbc:PaymentID"


@pytest.fixture
def sk_office(sk_office):
    """These tests read the VS of the pattern "FV/{number}/{MM}/{YYYY}", which a Slovak
    office may choose (a new one starts with "FA/{number}/{YYYY}")."""
    _pattern("FV/{number}/{MM}/{YYYY}")
    return sk_office


def _text(content: bytes) -> str:
    return pdf_text(content)


def _pattern(pattern: str) -> None:
    singletons.settings_update(
        InvoiceSettings,
        actor=None,
        data={"number_pattern": pattern},
        fields=("number_pattern",),
        action="invoices.settings_changed",
    )


def test_a_slovak_invoice_has_its_numbers_digits_as_variable_symbol(sk_office):
    invoice = issued(sk_buyer(language="en"), SK_LINES)
    today = invoice.issue_date
    assert invoice.number == f"FV/1/{today:%m}/{today:%Y}"
    assert variable_symbol(invoice) == f"1{today:%m}{today:%Y}"
    text = _text(invoice_pdf_render(invoice=invoice)).replace("\r", "")
    assert f"Variable symbol: 1{today:%m}{today:%Y}" in text
    root = etree.fromstring(ubl_build(invoice))
    assert [n.text for n in root.iterfind(PAYMENT_ID, NS)] == [f"1{today:%m}{today:%Y}"]


def test_the_slovak_pdf_prints_variabilny_symbol(sk_office):
    invoice = issued(sk_buyer(language="sk"), SK_LINES)
    text = _text(invoice_pdf_render(invoice=invoice)).replace("\r", "")
    assert f"Variabilný symbol: {variable_symbol(invoice)}" in text


def test_a_polish_invoice_keeps_its_number_as_payment_id_and_has_no_variable_symbol(in_office_a):
    office_details()
    invoice = issued()
    assert variable_symbol(invoice) == ""
    assert "Variable symbol" not in _text(invoice_pdf_render(invoice=invoice))
    root = etree.fromstring(ubl_build(invoice))
    assert [n.text for n in root.iterfind(PAYMENT_ID, NS)] == [invoice.number]


def _counter(last: int, period: str | None = None) -> None:
    period = period or f"{services.office_today():%Y}"
    InvoiceCounter.objects.update_or_create(period=period, defaults={"last": last})


def _vs_of_pdf_and_ubl(invoice) -> tuple[str, list[str]]:
    text = _text(invoice_pdf_render(invoice=invoice)).replace("\r", "")
    printed = text.split("Variable symbol: ")[1].split()[0]
    root = etree.fromstring(ubl_build(invoice))
    return printed, [n.text for n in root.iterfind(PAYMENT_ID, NS)]


def test_the_9999th_pays_with_its_digits_the_10000th_and_100000th_with_year_and_sequence(
    sk_office,
):
    today = services.office_today()
    yy, mm, yyyy = f"{today:%y}", f"{today:%m}", f"{today:%Y}"
    _counter(9998)
    ninth = issued(sk_buyer(language="en"), SK_LINES)
    assert (ninth.number, ninth.variable_symbol) == (f"FV/9999/{mm}/{yyyy}", f"9999{mm}{yyyy}")
    tenth = issued(sk_buyer(language="en"), SK_LINES)
    assert tenth.number == f"FV/10000/{mm}/{yyyy}"  # 11 digits: issued all the same
    assert tenth.variable_symbol == f"{yy}00010000"
    assert _vs_of_pdf_and_ubl(tenth) == (f"{yy}00010000", [f"{yy}00010000"])
    _counter(99_999)
    hundredth = issued(sk_buyer(language="en"), SK_LINES)
    assert hundredth.number == f"FV/100000/{mm}/{yyyy}"
    assert Invoice.objects.get(pk=hundredth.pk).variable_symbol == f"{yy}00100000"
    assert variable_symbol(hundredth) == f"{yy}00100000"
    assert _vs_of_pdf_and_ubl(hundredth) == (f"{yy}00100000", [f"{yy}00100000"])


def test_a_monthly_series_puts_the_month_between_year_and_sequence(sk_office):
    singletons.settings_update(
        InvoiceSettings,
        actor=None,
        data={"number_reset": InvoiceSettings.Reset.MONTHLY},
        fields=("number_reset",),
        action="invoices.settings_changed",
    )
    today = services.office_today()
    _counter(10_000, f"{today:%Y-%m}")
    invoice = issued(sk_buyer(), SK_LINES)
    assert invoice.number == f"FV/10001/{today:%m}/{today:%Y}"
    assert invoice.variable_symbol == f"{today:%y}{today:%m}010001"


def test_a_derived_variable_symbol_an_earlier_invoice_has_by_its_digits_takes_the_next_free(
    sk_office,
):
    today = services.office_today()
    yy = f"{today:%y}"
    # FV/2600/01/2026 printed 2600012026, what the 12,026th invoice would derive (26 + 00012026)
    earlier = issued(sk_buyer(), SK_LINES)
    clash = f"{yy}00012026"
    Invoice.objects.filter(pk=earlier.pk).update(variable_symbol=clash)
    _counter(12_025)
    invoice = issued(sk_buyer(), SK_LINES)
    assert invoice.number.startswith("FV/12026/")
    assert invoice.variable_symbol == f"{yy}00012027"
    after = issued(sk_buyer(), SK_LINES)  # the 12,027th finds its own taken too
    assert after.variable_symbol == f"{yy}00012028"


def test_a_pattern_of_more_than_10_digits_is_issued_with_year_and_sequence(sk_office):
    _pattern("{YYYY}{MM}{number}/{YYYY}")  # 11 digits from the first invoice
    invoice = services.invoice_issue(invoice=draft(sk_buyer(), SK_LINES), actor=None)
    today = invoice.issue_date
    assert invoice.number == f"{today:%Y}{today:%m}1/{today:%Y}"
    assert invoice.variable_symbol == f"{today:%y}00000001"


def test_a_polish_invoice_stores_no_variable_symbol(in_office_a):
    office_details()
    _counter(99_999)
    invoice = issued()
    assert (invoice.variable_symbol, variable_symbol(invoice)) == ("", "")


def test_the_same_variable_symbol_twice_in_a_year_is_refused_by_the_database(sk_office):
    first, second = issued(sk_buyer(), SK_LINES), issued(sk_buyer(), SK_LINES)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.filter(pk=second.pk).update(variable_symbol=first.variable_symbol)


def test_the_staff_page_and_the_client_panel_show_what_to_pay_with(sk_office):
    today = services.office_today()
    _counter(9_999)
    client = sk_buyer(language="sk")
    invoice = issued(client, SK_LINES)
    vs = f"{today:%y}00010000"
    staff = OfficeClient(sk_office, user=member(sk_office, Role.STAFF))
    assert (
        f'data-testid="variable-symbol">{vs}<'
        in staff.get(f"/invoices/{invoice.pk}/").content.decode()
    )
    own = member(sk_office, Role.CLIENT, client_id=client.pk, client_name=client.name)
    page = OfficeClient(sk_office, user=own).get(f"/portal/invoices/{invoice.pk}/").content.decode()
    assert f'data-testid="variable-symbol">{vs}<' in page
    assert staff.get(f"/api/v1/invoices/{invoice.pk}/").json()["variable_symbol"] == vs


def test_a_polish_invoice_page_shows_no_variable_symbol(office_a, in_office_a):
    office_details()
    invoice = issued()
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert "variable-symbol" not in staff.get(f"/invoices/{invoice.pk}/").content.decode()


def test_the_migration_stores_the_digits_earlier_slovak_invoices_printed(sk_office):
    from django.apps import apps

    migration = importlib.import_module("modules.invoices.migrations.0007_variable_symbol")
    first, second = issued(sk_buyer(), SK_LINES), issued(sk_buyer(), SK_LINES)
    Invoice.objects.filter(pk__in=[first.pk, second.pk]).update(variable_symbol="")
    migration.stored_variable_symbols(apps, None)
    stored = dict(
        Invoice.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "variable_symbol")
    )
    today = first.issue_date
    assert stored == {first.pk: f"1{today:%m}{today:%Y}", second.pk: f"2{today:%m}{today:%Y}"}
