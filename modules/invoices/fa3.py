"""The FA(3) e-invoice (KSeF, Poland) of an issued invoice, validated against the official
schema bundled in the `ksef-client` package (schemat_FA(3)_v1-0E.xsd with its imports,
resolved offline: no schema is fetched from the network).

Field mapping (MF's "broszura FA(3)"): P_1 issue date, P_2 number, OkresFa P_6_Od/P_6_Do
the service period, P_13_x/P_14_x net and VAT per rate (the per-rate figures of money.py),
P_15 gross, FaWiersz P_7 name, P_8A unit, P_8B quantity, P_9A net unit price, P_11 net,
P_12 rate. Reverse charge (EU B2B services, art. 28b + 100(1)(4)): P_12 "np II", nets in
P_13_9, annotation P_18 = 1. A correction is RodzajFaktury KOR with DaneFaKorygowanej (the
corrected invoice's date, number and KSeF number) and its difference lines."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path

from lxml import etree

from modules.invoices.models import Invoice
from modules.invoices.money import REVERSE_CHARGE, rate_totals
from modules.invoices.policies import exemption_basis

NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"
# our rate code -> (P_12 value, P_13 field, P_14 field or "")
RATES = {
    "23": ("23", "P_13_1", "P_14_1"),
    "8": ("8", "P_13_2", "P_14_2"),
    "5": ("5", "P_13_3", "P_14_3"),
    "0": ("0 KR", "P_13_6_1", ""),
    "zw": ("zw", "P_13_7", ""),
    REVERSE_CHARGE: ("np II", "P_13_9", ""),
}
PAYMENT_FORMS = {"cash": "1", "card": "2", "transfer": "6"}
FIELD_ORDER = [
    "P_13_1",
    "P_14_1",
    "P_13_2",
    "P_14_2",
    "P_13_3",
    "P_14_3",
    "P_13_6_1",
    "P_13_7",
    "P_13_9",
]


class Fa3Error(ValueError):
    pass


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
    if text is not None:
        node.text = text
    return node


def _address(parent, party: dict) -> None:
    address = _sub(parent, "Adres")
    _sub(address, "KodKraju", party.get("country") or "PL")
    _sub(address, "AdresL1", party.get("street") or "-")
    line2 = " ".join(p for p in (party.get("postal_code"), party.get("city")) if p)
    if line2:
        _sub(address, "AdresL2", line2)


def _buyer_ids(parent, buyer: dict) -> None:
    ids = _sub(parent, "DaneIdentyfikacyjne")
    vat_id = buyer.get("vat_id", "")
    if buyer.get("country") in ("", "PL") and buyer.get("nip"):
        _sub(ids, "NIP", buyer["nip"])
    elif vat_id[:2].isalpha() and vat_id[:2] != "PL":
        _sub(ids, "KodUE", vat_id[:2])
        _sub(ids, "NrVatUE", vat_id[2:])
    else:
        _sub(ids, "BrakID", "1")
    _sub(ids, "Nazwa", buyer.get("name", ""))


def fa3_build(invoice: Invoice, *, created_at: dt.datetime | None = None) -> bytes:
    if invoice.is_draft:
        raise Fa3Error("a draft has no e-invoice")
    lines = list(invoice.lines.all())
    root = etree.Element(f"{{{NS}}}Faktura", nsmap={None: NS})
    header = _sub(root, "Naglowek")
    _sub(header, "KodFormularza", "FA", kodSystemowy="FA (3)", wersjaSchemy="1-0E")
    _sub(header, "WariantFormularza", "3")
    created = (created_at or invoice.issued_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    _sub(header, "DataWytworzeniaFa", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    _sub(header, "SystemInfo", "Vireo")

    seller = _sub(root, "Podmiot1")
    ids = _sub(seller, "DaneIdentyfikacyjne")
    _sub(ids, "NIP", invoice.seller.get("nip", ""))
    _sub(ids, "Nazwa", invoice.seller.get("name", ""))
    _address(seller, invoice.seller)
    if invoice.seller.get("email"):
        contact = _sub(seller, "DaneKontaktowe")
        _sub(contact, "Email", invoice.seller["email"])

    buyer = _sub(root, "Podmiot2")
    _buyer_ids(buyer, invoice.buyer)
    if invoice.buyer.get("street"):
        _address(buyer, invoice.buyer)
    _sub(buyer, "JST", "2")
    _sub(buyer, "GV", "2")

    fa = _sub(root, "Fa")
    _sub(fa, "KodWaluty", invoice.currency)
    _sub(fa, "P_1", invoice.issue_date.isoformat())
    _sub(fa, "P_2", invoice.number)
    period = _sub(fa, "OkresFa")
    _sub(period, "P_6_Od", invoice.sale_from.isoformat())
    _sub(period, "P_6_Do", invoice.sale_to.isoformat())
    values: dict[str, Decimal] = {}
    for total in rate_totals(lines):
        if total.rate not in RATES:
            raise Fa3Error(f"rate {total.rate} has no FA(3) field")
        _p12, net_field, vat_field = RATES[total.rate]
        values[net_field] = values.get(net_field, Decimal(0)) + total.net
        if vat_field:
            values[vat_field] = values.get(vat_field, Decimal(0)) + total.vat
    for name in FIELD_ORDER:
        if name in values:
            _sub(fa, name, _amount(values[name]))
    _sub(fa, "P_15", _amount(invoice.gross))

    notes = _sub(fa, "Adnotacje")
    _sub(notes, "P_16", "2")
    _sub(notes, "P_17", "2")
    _sub(notes, "P_18", "1" if invoice.reverse_charge else "2")
    _sub(notes, "P_18A", "2")
    exempt = _sub(notes, "Zwolnienie")
    if any(line.vat_rate == "zw" for line in lines):
        _sub(exempt, "P_19", "1")
        _sub(exempt, "P_19A", exemption_basis(invoice))
    else:
        _sub(exempt, "P_19N", "1")
    transport = _sub(notes, "NoweSrodkiTransportu")
    _sub(transport, "P_22N", "1")
    _sub(notes, "P_23", "2")
    margin = _sub(notes, "PMarzy")
    _sub(margin, "P_PMarzyN", "1")

    if invoice.kind == Invoice.Kind.CORRECTION:
        original = invoice.corrects
        _sub(fa, "RodzajFaktury", "KOR")
        _sub(fa, "PrzyczynaKorekty", invoice.correction_reason[:256])
        _sub(fa, "TypKorekty", "2")  # effective from the corrected invoice's date
        ref = _sub(fa, "DaneFaKorygowanej")
        _sub(ref, "DataWystFaKorygowanej", original.issue_date.isoformat())
        _sub(ref, "NrFaKorygowanej", original.number)
        if original.ksef_number:
            _sub(ref, "NrKSeF", "1")
            _sub(ref, "NrKSeFFaKorygowanej", original.ksef_number)
        else:
            _sub(ref, "NrKSeFN", "1")
    else:
        _sub(fa, "RodzajFaktury", "VAT")

    for line in lines:
        row = _sub(fa, "FaWiersz")
        _sub(row, "NrWierszaFa", str(line.position))
        _sub(row, "P_7", line.description[:512])
        if line.unit:
            _sub(row, "P_8A", line.unit)
        _sub(row, "P_8B", _number(line.quantity))
        _sub(row, "P_9A", _amount(line.unit_price))
        _sub(row, "P_11", _amount(line.net))
        _sub(row, "P_12", RATES[line.vat_rate][0])

    if invoice.seller.get("iban") or invoice.payment_method:
        payment = _sub(fa, "Platnosc")
        term = _sub(payment, "TerminPlatnosci")
        _sub(term, "Termin", invoice.due_date.isoformat())
        _sub(payment, "FormaPlatnosci", PAYMENT_FORMS.get(invoice.payment_method, "6"))
        if invoice.seller.get("iban"):
            account = _sub(payment, "RachunekBankowy")
            _sub(account, "NrRB", invoice.seller["iban"].removeprefix("PL"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@functools.cache
def _schema() -> etree.XMLSchema:
    """The official schema, parsed once per process (about 0.2 s), from the copies bundled in
    ksef-client only: nothing is fetched from the network. The bundled files name each other
    by their crd.gov.pl addresses; they are copied to a private folder with those addresses
    rewritten to the copies' file names, so libxml2 reads local files by itself. (A custom
    lxml resolver did this before, but a process's first build in a worker thread sometimes
    went past it to the network and failed: seen in `make run`'s worker and fake KSeF.)"""
    import atexit
    import re
    import shutil
    import tempfile
    from importlib import resources

    source = resources.files("ksef_client.documents.fa3.schemas")
    folder = Path(tempfile.mkdtemp(prefix="vireo-fa3-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for entry in source.iterdir():
        if entry.name.endswith(".xsd"):
            text = entry.read_text(encoding="utf-8")
            text = re.sub(r'schemaLocation="[^"]*/([^"/]+\.xsd)"', r'schemaLocation="\1"', text)
            (folder / entry.name).write_text(text, encoding="utf-8")
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(folder / "schemat_FA(3)_v1-0E.xsd"), parser))


def fa3_validate(xml: bytes) -> None:
    """Raises Fa3Error with the schema's message when `xml` is not a valid FA(3)."""
    schema = _schema()
    try:
        document = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise Fa3Error(f"not XML: {exc}") from exc
    if not schema.validate(document):
        raise Fa3Error(str(schema.error_log.last_error))
