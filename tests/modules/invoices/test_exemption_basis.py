"""A VAT-exempt ("zw") line: the PDF prints the legal basis under the table, the same text
the UBL's TaxExemptionReason and FA(3)'s P_19A carry (the office's setting, frozen at
issue)."""

from lxml import etree

from accounts.models import Role
from common.pdf import pdf_text
from modules.invoices import services
from modules.invoices.fa3 import fa3_build
from modules.invoices.pdf import invoice_pdf_render
from modules.invoices.ubl import ubl_build
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, issued, line, office_details

LINES = [
    line("Pakiet", "1", "mies.", "199.00", "23"),
    line("Szkolenie", "1", "szt.", "100.00", "zw"),
]
NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}


def _ubl_reasons(invoice) -> set[str]:
    tree = etree.fromstring(ubl_build(invoice))
    return {node.text for node in tree.iterfind(".//cbc:TaxExemptionReason", NS)}


def _text(invoice) -> str:
    return " ".join(pdf_text(invoice_pdf_render(invoice=invoice)).split())


def test_the_pdf_prints_the_basis_the_ubl_and_fa3_carry(in_office_a):
    office_details()
    invoice = issued(buyer(language="pl"), LINES)

    text = _text(invoice)

    assert "Podstawa zwolnienia z VAT: Art. 43 ust. 1 ustawy o VAT" in text
    assert _ubl_reasons(invoice) == {"Art. 43 ust. 1 ustawy o VAT"}
    assert b"<P_19A>Art. 43 ust. 1 ustawy o VAT</P_19A>" in fa3_build(invoice)


def test_the_office_setting_is_used_and_frozen_at_issue(in_office_a):
    office_details()
    basis = "Art. 43 ust. 1 pkt 29 lit. a ustawy o VAT"
    services.settings_update(actor=None, data={"vat_exemption_basis": basis})
    invoice = issued(buyer(language="pl"), LINES)
    services.settings_update(actor=None, data={"vat_exemption_basis": "Inna podstawa"})
    invoice.refresh_from_db()

    assert f"Podstawa zwolnienia z VAT: {basis}" in _text(invoice)
    assert _ubl_reasons(invoice) == {basis}
    assert f"<P_19A>{basis}</P_19A>".encode() in fa3_build(invoice)


def test_an_invoice_without_an_exempt_line_prints_no_basis(in_office_a):
    office_details()
    invoice = issued(buyer(language="pl"), LINES[:1])
    assert "Podstawa zwolnienia" not in _text(invoice)


def test_the_setting_is_on_the_polish_invoice_settings_page_only(office_a, office_b):
    page = (
        OfficeClient(office_a, user=member(office_a, Role.OWNER, language="pl"))
        .get("/administration/invoices/")
        .content.decode()
    )
    assert "Podstawa zwolnienia z VAT" in page and 'name="vat_exemption_basis"' in page
    slovak = (
        OfficeClient(office_b, user=member(office_b, Role.OWNER, language="sk"))
        .get("/administration/invoices/")
        .content.decode()
    )
    assert 'name="vat_exemption_basis"' not in slovak
    with in_office(office_a):
        assert services.settings_get().vat_exemption_basis == "Art. 43 ust. 1 ustawy o VAT"


def test_an_emptied_basis_saves_the_default(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.OWNER))
    data = {
        "form": "settings",
        "number_pattern": "FV/{number}/{MM}/{YYYY}",
        "number_reset": "yearly",
        "payment_days": "14",
        "reminder_days": "3,14",
        "vat_exemption_basis": "  ",
    }
    assert web.post("/administration/invoices/", data).status_code == 302
    with in_office(office_a):
        assert services.settings_get().vat_exemption_basis == "Art. 43 ust. 1 ustawy o VAT"
