import pytest
from lxml import etree

from modules.invoices import services
from modules.invoices.models import Invoice
from modules.invoices.ubl import (
    CAC,
    CBC,
    NS_CREDIT,
    NS_INVOICE,
    UblError,
    UblNotApplicable,
    ubl_build,
    ubl_check,
    ubl_validate,
)
from tests.modules.invoices.factories import (
    SK_LINES,
    D,
    buyer,
    draft,
    issued,
    line,
    office_details,
    sk_buyer,
)

NS = {"cac": CAC, "cbc": CBC, "i": NS_INVOICE, "c": NS_CREDIT}


def _texts(xml: bytes, path: str) -> list[str]:
    return [n.text for n in etree.fromstring(xml).iterfind(path, NS)]


def _subtotals(xml: bytes) -> list[tuple]:
    root = etree.fromstring(xml)
    return [
        (
            s.findtext("cac:TaxCategory/cbc:ID", namespaces=NS),
            s.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS),
            s.findtext("cbc:TaxableAmount", namespaces=NS),
            s.findtext("cbc:TaxAmount", namespaces=NS),
            s.findtext("cac:TaxCategory/cbc:TaxExemptionReasonCode", namespaces=NS),
        )
        for s in root.iterfind("cac:TaxTotal/cac:TaxSubtotal", NS)
    ]


def test_ubl_of_a_slovak_invoice_with_s_and_z_rates_is_valid(sk_office):
    invoice = issued(sk_buyer(), SK_LINES)
    xml = ubl_build(invoice)
    assert ubl_validate(xml) == []
    assert etree.fromstring(xml).tag == f"{{{NS_INVOICE}}}Invoice"
    assert _texts(xml, "cbc:ID") == [invoice.number]
    assert _texts(xml, "cbc:InvoiceTypeCode") == ["380"]
    assert _texts(xml, "cbc:DocumentCurrencyCode") == ["EUR"]
    assert _texts(xml, "cbc:DueDate") == [invoice.due_date.isoformat()]
    assert _texts(xml, "cbc:BuyerReference") == [invoice.client.code]
    assert _texts(xml, "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID") == ["SK2020273893"]
    root = etree.fromstring(xml)
    assert (
        root.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS).get("schemeID")
        == "9950"
    )
    assert _texts(
        xml, "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"
    ) == ["35757442"]
    assert _texts(
        xml, "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
    ) == ["SK2020273805"]
    assert _texts(xml, "cac:PaymentMeans/cbc:PaymentMeansCode") == ["30"]
    assert _texts(xml, "cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID") == [
        "SK3112000000198742637541"
    ]
    # Per rate: the VAT of the sum of the nets (51.45 x 23 % = 11.8335 -> 11.83), as the PDF.
    assert _subtotals(xml) == [  # by percent, highest first (money.rate_order)
        ("S", "23", "51.45", "11.83", None),
        ("S", "19", "19.49", "3.70", None),
        ("S", "5", "19.90", "1.00", None),
        ("Z", "0", "3.30", "0.00", None),
    ]
    assert (invoice.net, invoice.vat, invoice.gross) == (D("94.14"), D("16.53"), D("110.67"))
    assert _texts(xml, "cac:TaxTotal/cbc:TaxAmount") == ["16.53"]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount") == ["94.14"]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount") == ["110.67"]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["110.67"]
    quantities = root.iterfind("cac:InvoiceLine/cbc:InvoicedQuantity", NS)
    assert [n.get("unitCode") for n in quantities] == [
        "MON",
        "ZP",
        "HUR",
        "H87",
        "H87",
    ]


def test_ubl_reverse_charge_is_ae_with_the_exemption_reason(sk_office):
    client = buyer(country="PL")  # PL NIP 1234563218: an EU buyer with a VAT number
    invoice = issued(client, SK_LINES[:2])
    assert invoice.reverse_charge is True
    xml = ubl_build(invoice)
    assert ubl_validate(xml) == []
    assert _subtotals(xml) == [("AE", "0", "51.45", "0.00", "VATEX-EU-AE")]
    assert _texts(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [
        "Reverse charge"
    ]
    assert _texts(xml, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == ["PL1234563218"]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["51.45"]


def test_ubl_exempt_polish_invoice_is_e_with_the_reason(in_office_a):
    office_details()
    lines = [
        line("Najem", "1", "month", "300.00", "zw"),
        line("Skan", "3", "page", "2.00", "23"),
    ]
    invoice = issued(lines=lines)
    xml = ubl_build(invoice)
    assert ubl_validate(xml) == []
    assert _subtotals(xml) == [
        ("S", "23", "6.00", "1.38", None),
        ("E", "0", "300.00", "0.00", None),
    ]
    assert _texts(xml, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == [
        "Art. 43 ust. 1 ustawy o VAT"
    ]
    assert _texts(xml, "cac:AccountingSupplierParty/cac:Party/cbc:EndpointID") == ["PL5213017228"]
    assert _texts(xml, "cbc:DocumentCurrencyCode") == ["PLN"]


def test_ubl_outside_the_scope_of_vat_is_o_without_vat_numbers(sk_office):
    invoice = issued(buyer(country="PL"), SK_LINES[:1])  # reverse charge: lines "np"
    # A buyer outside the EU (frozen data edited: no client card country gives one today).
    invoice.buyer = {**invoice.buyer, "country": "CH", "vat_id": "CHE123456789", "nip": ""}
    xml = ubl_build(invoice)
    assert ubl_validate(xml) == []
    assert _subtotals(xml) == [("O", None, "49.00", "0.00", "VATEX-EU-O")]
    assert (
        _texts(xml, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID") == []
    )
    assert _texts(xml, "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID") == ["CHE123456789"]


def test_ubl_of_a_reducing_correction_is_a_credit_note_citing_the_original(sk_office):
    original = issued(sk_buyer(), SK_LINES)
    correction = services.invoice_correct(
        invoice=original,
        actor=None,
        reason="Vrátenie za skenovanie",
        lines=[
            line("Skenovanie", "-7", "page", "0.35", "23"),
            line("Kniha", "1", "piece", "-9.95", "5"),
        ],
    )
    correction = services.invoice_issue(invoice=correction, actor=None)
    assert correction.gross == D("-13.46")
    xml = ubl_build(correction)
    assert ubl_validate(xml) == []
    assert etree.fromstring(xml).tag == f"{{{NS_CREDIT}}}CreditNote"
    assert _texts(xml, "cbc:CreditNoteTypeCode") == ["381"]
    assert _texts(xml, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
        original.number
    ]
    assert _texts(xml, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == [
        original.issue_date.isoformat()
    ]
    assert _texts(xml, "cbc:Note") == ["Vrátenie za skenovanie"]
    assert _subtotals(xml) == [("S", "23", "2.45", "0.56", None), ("S", "5", "9.95", "0.50", None)]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["13.46"]
    assert _texts(xml, "cac:CreditNoteLine/cbc:CreditedQuantity") == ["7", "1"]
    assert _texts(xml, "cac:CreditNoteLine/cac:Price/cbc:PriceAmount") == ["0.35", "9.95"]


def test_ubl_of_an_increasing_correction_is_an_invoice_citing_the_original(sk_office):
    original = issued(sk_buyer(), SK_LINES[:1])
    correction = services.invoice_correct(
        invoice=original,
        actor=None,
        reason="Doplatok",
        lines=[line("Balík Biznis", "1", "month", "10.00", "23")],
    )
    correction = services.invoice_issue(invoice=correction, actor=None)
    xml = ubl_build(correction)
    assert ubl_validate(xml) == []
    assert _texts(xml, "cbc:InvoiceTypeCode") == ["380"]
    assert _texts(xml, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == [
        original.number
    ]
    assert _texts(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == ["12.30"]


def test_a_broken_document_names_the_rules_it_breaks(sk_office):
    xml = ubl_build(issued(sk_buyer(), SK_LINES))
    wrong_total = xml.replace(
        b'<cbc:PayableAmount currencyID="EUR">110.67', b'<cbc:PayableAmount currencyID="EUR">110.68'
    )
    with pytest.raises(UblError) as caught:
        ubl_validate(wrong_total)
    assert [rule for rule, _text in caught.value.rules] == ["BR-CO-16"]
    no_buyer_reference = etree.fromstring(xml)
    no_buyer_reference.remove(no_buyer_reference.find("cbc:BuyerReference", NS))
    with pytest.raises(UblError) as caught:
        ubl_validate(etree.tostring(no_buyer_reference))
    assert [rule for rule, _text in caught.value.rules] == ["PEPPOL-EN16931-R003"]
    not_schema = xml.replace(b"<cbc:IssueDate>", b"<cbc:IssuedOn>").replace(
        b"</cbc:IssueDate>", b"</cbc:IssuedOn>"
    )
    assert [f.rule for f in ubl_check(not_schema)] == ["UBL-XSD"]


def test_ubl_is_not_made_for_a_buyer_without_a_vat_number(sk_office):
    invoice = issued(sk_buyer(ic_dph=""), SK_LINES[:1])
    with pytest.raises(UblNotApplicable):
        ubl_build(invoice)
    with pytest.raises(UblNotApplicable):
        ubl_build(draft(sk_buyer(), SK_LINES[:1]))


def test_building_twice_gives_the_same_bytes(sk_office):
    invoice = issued(sk_buyer(), SK_LINES)
    first = ubl_build(invoice)
    again = Invoice.objects.get(pk=invoice.pk)
    assert ubl_build(again) == first
