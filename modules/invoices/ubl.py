"""The EN 16931 e-invoice of an issued invoice as UBL 2.1, Peppol BIS Billing 3.0 (Slovakia's
B2B e-invoicing from 1 January 2027; available on demand in any office), and its
validation against the UBL 2.1 schema and the EN 16931 + Peppol BIS 3.0 Schematron rules.

The rules are the official artefacts vendored in `ubl_rules/` (README there: sources,
versions, licences): OASIS UBL 2.1 XSDs (lxml), the CEN EN 16931 and OpenPeppol BIS 3.0.19
Schematron files compiled to XSLT by SchXslt and run by Saxon-HE (`saxonche`, XSLT 2.0)
once per process, then about 10-30 ms per invoice.

Mapping (BT = EN 16931 business term):
- a regular invoice is an `Invoice` (type 380); a correction whose gross is negative is a
  `CreditNote` (381) with every amount's sign turned (a credit note states a reduction as
  positive amounts), a correction that increases is an `Invoice` 380 (384 is allowed only
  between German parties, PEPPOL-EN16931-P0112); both cite the corrected invoice in
  `BillingReference` (BT-25/BT-26).
- VAT category per line rate code: 23/19/8/5 -> S with its percent, 0 -> Z, zw -> E (with
  the exemption reason), np (EU reverse charge) -> AE (VATEX-EU-AE), np for a buyer
  outside the EU -> O (VATEX-EU-O; the seller's and buyer's VAT numbers are then left out,
  BR-O-02). One `TaxSubtotal` per category and percent.
- Amounts are the invoice's own (money.py): the lines' nets, the per-rate VAT (the VAT of
  the sum of the nets of a rate, rounded half up: what BR-CO-17 asks), totals = the stored
  invoice net / VAT / gross, the same figures the PDF prints. Nothing is recomputed
  differently: BR-CO-10..16 and PEPPOL-EN16931-R120 hold by construction and are checked.
- Electronic addresses (EndpointID, mandatory in Peppol: R010/R020) are VAT numbers with
  their EAS code (SK IČ DPH 9950, PL 9945, CZ 9929... `EAS_VAT`). A party without a VAT
  number has no Peppol address (the Slovak DIČ scheme 0245 is not in the EAS list of the vendored
  release): such an invoice has no e-invoice (`UblNotApplicable`); Slovakia's mandate is
  between VAT payers.
- BuyerReference (BT-10, PEPPOL-EN16931-R003) is the client's code; no order reference.
- Payment means: transfer 30 with the IBAN (BT-84) and the invoice number as remittance
  (BT-83), cash 10, card 48; due date BT-9. A credit note carries no payment means.

The document holds nothing but the frozen invoice (no time stamp), so building it twice
gives the same bytes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from modules.invoices.models import Invoice
from modules.invoices.money import REVERSE_CHARGE, ZERO, rate_percent, rate_totals
from modules.invoices.policies import exemption_basis, variable_symbol

RULES = Path(__file__).resolve().parent / "ubl_rules"
NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
SVRL = "http://purl.oclc.org/dsdl/svrl"
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
EU_COUNTRIES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
# The Peppol EAS code of each country's VAT number, by the number's prefix (the EAS code
# list of the vendored release, 99xx "<country> VAT number"; Greece's prefix is EL).
EAS_VAT = {
    "HU": "9910", "AT": "9914", "ES": "9920", "AD": "9922", "AL": "9923", "BA": "9924",
    "BE": "9925", "BG": "9926", "CH": "9927", "CY": "9928", "CZ": "9929", "DE": "9930",
    "EE": "9931", "GB": "9932", "EL": "9933", "HR": "9934", "IE": "9935", "LI": "9936",
    "LT": "9937", "LU": "9938", "LV": "9939", "MC": "9940", "ME": "9941", "MK": "9942",
    "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946", "RO": "9947", "RS": "9948",
    "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952", "VA": "9953", "FR": "9957",
}  # fmt: skip
UNITS = {"piece": "H87", "hour": "HUR", "page": "ZP", "month": "MON"}  # UN/ECE Rec 20
PAYMENT_MEANS = {"transfer": "30", "cash": "10", "card": "48"}


class UblError(ValueError):
    """The document breaks the schema or fatal rules: `rules` is [(rule id, text)]."""

    def __init__(self, rules: list[tuple[str, str]]):
        self.rules = rules
        super().__init__("; ".join(f"[{rid}] {text}" for rid, text in rules))


class UblNotApplicable(Exception):
    """This invoice has no Peppol e-invoice (a party without a Peppol address)."""


@dataclass(frozen=True)
class Category:
    code: str
    percent: Decimal | None  # None: no rate at all (category O)
    reason_code: str = ""
    reason: str = ""


def _vat_id(party: dict, country: str) -> str:
    """The party's VAT number with its country prefix, or ""."""
    vat = party.get("vat_id") or party.get("ic_dph") or ""
    if not vat and party.get("nip") and country == "PL":
        vat = "PL" + party["nip"]
    return vat.replace(" ", "").upper()


def _endpoint(vat: str) -> tuple[str, str] | None:
    scheme = EAS_VAT.get(vat[:2])
    return (scheme, vat) if scheme and len(vat) > 2 else None


def _category(rate: str, *, buyer_in_eu: bool, exemption: str = "") -> Category:
    if rate == REVERSE_CHARGE:
        if buyer_in_eu:
            return Category("AE", ZERO, "VATEX-EU-AE", "Reverse charge")
        return Category("O", None, "VATEX-EU-O", "Not subject to VAT")
    if rate == "zw":
        return Category("E", ZERO, "", exemption)  # policies.exemption_basis
    percent = rate_percent(rate)
    return Category("S" if percent > 0 else "Z", percent)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


class _Doc:
    def __init__(self, root_ns: str, root: str, currency: str):
        self.currency = currency
        self.root = etree.Element(
            f"{{{root_ns}}}{root}", nsmap={None: root_ns, "cac": CAC, "cbc": CBC}
        )

    def cbc(self, parent, tag: str, text, **attrs):
        node = etree.SubElement(parent, f"{{{CBC}}}{tag}", **attrs)
        node.text = str(text)
        return node

    def cac(self, parent, tag: str):
        return etree.SubElement(parent, f"{{{CAC}}}{tag}")

    def money(self, parent, tag: str, value: Decimal):
        return self.cbc(parent, tag, _amount(value), currencyID=self.currency)


def _party(
    doc: _Doc, parent, data: dict, *, country: str, vat: str, legal_id: str, with_vat: bool
) -> None:
    party = doc.cac(parent, "Party")
    scheme, address = _endpoint(vat) or ("", "")  # _parties() made sure there is one
    doc.cbc(party, "EndpointID", address, schemeID=scheme)
    name = doc.cac(party, "PartyName")
    doc.cbc(name, "Name", data.get("name", ""))
    address = doc.cac(party, "PostalAddress")
    if data.get("street"):
        doc.cbc(address, "StreetName", data["street"])
    if data.get("city"):
        doc.cbc(address, "CityName", data["city"])
    if data.get("postal_code"):
        doc.cbc(address, "PostalZone", data["postal_code"])
    doc.cbc(doc.cac(address, "Country"), "IdentificationCode", country)
    if vat and with_vat:
        scheme = doc.cac(party, "PartyTaxScheme")
        doc.cbc(scheme, "CompanyID", vat)
        doc.cbc(doc.cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = doc.cac(party, "PartyLegalEntity")
    doc.cbc(legal, "RegistrationName", data.get("name", ""))
    if legal_id:
        doc.cbc(legal, "CompanyID", legal_id)
    if data.get("email"):
        doc.cbc(doc.cac(party, "Contact"), "ElectronicMail", data["email"])


def _tax_category(doc: _Doc, parent, tag: str, category: Category, *, reason: bool) -> None:
    node = doc.cac(parent, tag)
    doc.cbc(node, "ID", category.code)
    if category.percent is not None:
        doc.cbc(node, "Percent", _number(category.percent) if category.percent else "0")
    if reason and category.reason_code:
        doc.cbc(node, "TaxExemptionReasonCode", category.reason_code)
    if reason and category.reason:
        doc.cbc(node, "TaxExemptionReason", category.reason)
    doc.cbc(doc.cac(node, "TaxScheme"), "ID", "VAT")


def _parties(invoice: Invoice) -> tuple[str, str, str, str]:
    """(seller country, seller VAT number, buyer country, buyer VAT number); raises
    UblNotApplicable when the invoice has no e-invoice."""
    if invoice.is_draft:
        raise UblNotApplicable(_("A draft has no e-invoice."))
    seller, buyer = invoice.seller, invoice.buyer
    seller_country = seller.get("country") or "SK"
    seller_vat = _vat_id(seller, seller_country)
    buyer_vat = _vat_id(buyer, buyer.get("country", ""))
    buyer_country = buyer.get("country") or buyer_vat[:2]
    for party, vat in ((seller, seller_vat), (buyer, buyer_vat)):
        if _endpoint(vat) is None:
            raise UblNotApplicable(
                _("%(name)s has no VAT number, so no Peppol address.")
                % {"name": party.get("name", "")}
            )
    return seller_country, seller_vat, buyer_country, buyer_vat


def ubl_unavailable_reason(invoice: Invoice) -> str:
    """Why this invoice has no e-invoice (translated), or "" when it has one."""
    try:
        _parties(invoice)
    except UblNotApplicable as exc:
        return str(exc)
    return ""


def ubl_build(invoice: Invoice) -> bytes:
    """The UBL document of an issued invoice (bytes, UTF-8). UblNotApplicable when a party
    has no Peppol address."""
    seller_country, seller_vat, buyer_country, buyer_vat = _parties(invoice)
    lines = list(invoice.lines.all())
    seller, buyer = invoice.seller, invoice.buyer
    buyer_in_eu = buyer_country in EU_COUNTRIES and bool(buyer_vat)
    categories = {
        line.vat_rate: _category(
            line.vat_rate, buyer_in_eu=buyer_in_eu, exemption=exemption_basis(invoice)
        )
        for line in lines
    }
    outside_scope = any(c.code == "O" for c in categories.values())

    credit = invoice.kind == Invoice.Kind.CORRECTION and invoice.gross < ZERO
    sign = Decimal(-1) if credit else Decimal(1)
    if credit:
        doc = _Doc(NS_CREDIT, "CreditNote", invoice.currency)
    else:
        doc = _Doc(NS_INVOICE, "Invoice", invoice.currency)
    root = doc.root
    doc.cbc(root, "CustomizationID", CUSTOMIZATION)
    doc.cbc(root, "ProfileID", PROFILE)
    doc.cbc(root, "ID", invoice.number)
    doc.cbc(root, "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        doc.cbc(root, "DueDate", invoice.due_date.isoformat())
    doc.cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    if invoice.kind == Invoice.Kind.CORRECTION and invoice.correction_reason:
        doc.cbc(root, "Note", invoice.correction_reason)
    if invoice.notes.strip():
        doc.cbc(root, "Note", invoice.notes.strip()[:1000])
    doc.cbc(root, "DocumentCurrencyCode", invoice.currency)
    doc.cbc(root, "BuyerReference", buyer.get("code") or invoice.client.code)
    period = doc.cac(root, "InvoicePeriod")
    doc.cbc(period, "StartDate", invoice.sale_from.isoformat())
    doc.cbc(period, "EndDate", invoice.sale_to.isoformat())
    if invoice.kind == Invoice.Kind.CORRECTION and invoice.corrects_id:
        original = invoice.corrects
        ref = doc.cac(doc.cac(root, "BillingReference"), "InvoiceDocumentReference")
        doc.cbc(ref, "ID", original.number)
        doc.cbc(ref, "IssueDate", original.issue_date.isoformat())

    # BR-O-02: an invoice outside the scope of VAT names neither party's VAT number.
    seller_legal = seller.get("ico") if seller_country != "PL" else seller.get("nip", "")
    buyer_legal = buyer.get("ico") or (buyer.get("nip") if buyer_country == "PL" else "")
    for tag, data, country, vat, legal_id in (
        ("AccountingSupplierParty", seller, seller_country, seller_vat, seller_legal),
        ("AccountingCustomerParty", buyer, buyer_country, buyer_vat, buyer_legal),
    ):
        _party(
            doc,
            doc.cac(root, tag),
            data,
            country=country,
            vat=vat,
            legal_id=legal_id or "",
            with_vat=not outside_scope,
        )

    if not credit:
        means = doc.cac(root, "PaymentMeans")
        doc.cbc(means, "PaymentMeansCode", PAYMENT_MEANS.get(invoice.payment_method, "30"))
        if invoice.payment_method == Invoice.Payment.TRANSFER and seller.get("iban"):
            # a Slovak bank takes only the digits of the variabilný symbol (policies.py)
            doc.cbc(means, "PaymentID", variable_symbol(invoice) or invoice.number)
            account = doc.cac(means, "PayeeFinancialAccount")
            doc.cbc(account, "ID", seller["iban"].replace(" ", ""))

    totals = rate_totals(lines)
    tax_total = doc.cac(root, "TaxTotal")
    doc.money(tax_total, "TaxAmount", sign * invoice.vat)
    for total in totals:
        subtotal = doc.cac(tax_total, "TaxSubtotal")
        doc.money(subtotal, "TaxableAmount", sign * total.net)
        doc.money(subtotal, "TaxAmount", sign * total.vat)
        _tax_category(doc, subtotal, "TaxCategory", categories[total.rate], reason=True)

    money_total = doc.cac(root, "LegalMonetaryTotal")
    doc.money(money_total, "LineExtensionAmount", sign * invoice.net)
    doc.money(money_total, "TaxExclusiveAmount", sign * invoice.net)
    doc.money(money_total, "TaxInclusiveAmount", sign * invoice.gross)
    doc.money(money_total, "PayableAmount", sign * invoice.gross)

    for line in lines:
        row = doc.cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        doc.cbc(row, "ID", line.position)
        # The price is never negative (BR-27): a negative price turns the quantity's sign.
        quantity = sign * line.quantity * (-1 if line.unit_price < 0 else 1)
        doc.cbc(
            row,
            "CreditedQuantity" if credit else "InvoicedQuantity",
            _number(quantity),
            unitCode=UNITS.get(line.unit, "C62"),
        )
        doc.money(row, "LineExtensionAmount", sign * line.net)
        item = doc.cac(row, "Item")
        doc.cbc(item, "Name", line.description[:300])
        _tax_category(doc, item, "ClassifiedTaxCategory", categories[line.vat_rate], reason=False)
        doc.money(doc.cac(row, "Price"), "PriceAmount", abs(line.unit_price))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- validation ------------------------------------------------------------------------

_lock = threading.Lock()
_state: dict = {}


def _schemas() -> dict[str, etree.XMLSchema]:
    if "xsd" not in _state:
        parser = etree.XMLParser(no_network=True)
        _state["xsd"] = {
            root: etree.XMLSchema(etree.parse(str(RULES / "xsd" / "maindoc" / name), parser))
            for root, name in (
                ("Invoice", "UBL-Invoice-2.1.xsd"),
                ("CreditNote", "UBL-CreditNote-2.1.xsd"),
            )
        }
    return _state["xsd"]


def _rules():
    """The Saxon processor and the two compiled rule sets (CEN EN 16931, Peppol BIS 3.0),
    made once per process (about 1.5 s) under the caller's lock: Saxon's objects are used
    by one thread at a time."""
    if "rules" not in _state:
        from saxonche import PySaxonProcessor

        processor = PySaxonProcessor(license=False)
        compiler = processor.new_xslt30_processor()
        schxslt = compiler.compile_stylesheet(
            stylesheet_file=str(RULES / "schxslt" / "pipeline-for-svrl.xsl")
        )
        executables = []
        for name in ("CEN-EN16931-UBL.sch", "PEPPOL-EN16931-UBL.sch"):
            xslt = schxslt.transform_to_string(source_file=str(RULES / "sch" / name))
            executables.append(
                compiler.compile_stylesheet(
                    stylesheet_text=xslt, base_uri=(RULES / "sch").as_uri() + "/"
                )
            )
        _state["rules"] = (processor, executables)
    return _state["rules"]


@dataclass(frozen=True)
class Finding:
    rule: str
    flag: str
    text: str


def _svrl_findings(report: str) -> list[Finding]:
    root = etree.fromstring(report.encode(), etree.XMLParser(resolve_entities=False))
    found = []
    for node in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = " ".join("".join(node.itertext()).split())
        found.append(Finding(node.get("id", ""), node.get("flag") or "fatal", text))
    return found


def ubl_check(xml: bytes) -> list[Finding]:
    """Every finding of the schema (flag "fatal", rule "UBL-XSD") and of the EN 16931 and
    Peppol BIS 3.0 rules (their flags: fatal, warning)."""
    try:
        document = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [Finding("UBL-XSD", "fatal", f"not XML: {exc}")]
    schema = _schemas().get(etree.QName(document).localname)
    if schema is None:
        return [Finding("UBL-XSD", "fatal", "the root is neither Invoice nor CreditNote")]
    if not schema.validate(document):
        return [Finding("UBL-XSD", "fatal", str(e.message)) for e in schema.error_log]
    with _lock:
        processor, executables = _rules()
        node = processor.parse_xml(xml_text=xml.decode("utf-8"))
        reports = [executable.transform_to_string(xdm_node=node) for executable in executables]
    return [finding for report in reports for finding in _svrl_findings(report)]


def ubl_rules_load() -> None:
    """Parse the schemas and compile the rules now (1.5-3.5 s, once per process) rather than
    inside the first check: the issue calls it before it takes a number, so no issue waits
    on the counter's lock while another compiles."""
    with _lock:
        _schemas()
        _rules()


def ubl_validate(xml: bytes) -> list[Finding]:
    """Raises UblError with the fatal findings; returns the warnings."""
    findings = ubl_check(xml)
    fatal = [(f.rule, f.text) for f in findings if f.flag == "fatal"]
    if fatal:
        raise UblError(fatal)
    return [f for f in findings if f.flag != "fatal"]
