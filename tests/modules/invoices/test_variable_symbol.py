import pytest
from lxml import etree

from common import singletons
from common.exceptions import ApplicationError
from common.pdf import pdf_text
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceSettings
from modules.invoices.pdf import invoice_pdf_render
from modules.invoices.policies import variable_symbol
from modules.invoices.ubl import CAC, CBC, ubl_build
from tests.modules.invoices.factories import SK_LINES, draft, issued, office_details, sk_buyer

NS = {"cac": CAC, "cbc": CBC}
PAYMENT_ID = "cac:PaymentMeans/cbc:PaymentID"


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


def test_a_slovak_number_of_more_than_10_digits_is_refused_and_takes_no_number(sk_office):
    _pattern("{YYYY}{MM}{number}/{YYYY}")  # 11 digits from the first invoice
    invoice = draft(sk_buyer(), SK_LINES)
    with pytest.raises(ApplicationError) as refused:
        services.invoice_issue(invoice=invoice, actor=None)
    assert refused.value.code == "variable_symbol"
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.DRAFT
    _pattern("FV/{number}/{MM}/{YYYY}")
    again = services.invoice_issue(invoice=invoice, actor=None)
    assert again.number.startswith("FV/1/")  # the refused issue left no gap
