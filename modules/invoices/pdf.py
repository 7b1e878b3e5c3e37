"""The invoice PDF (WeasyPrint), in the invoice's language, bilingual (+ English) when the
office wants, with the office's logo and, once KSeF accepted it, the KSeF number and the
verification QR code "KOD I" (segno); an invoice issued offline carries KOD I labelled
OFFLINE and, with the office's KSeF certificate, KOD II labelled CERTYFIKAT (ksef.py).

Rendered by `common.pdf` (fonts, the URL fetcher): nothing but `data:` URIs load (the
office's logo, which the letterhead embeds, and the QR codes), so a client's name or a note
can never make the renderer fetch a URL (SSRF) or read a file."""

from __future__ import annotations

from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.money import money
from common.pdf import FONTS, pdf_render, qr_data_uri
from modules.invoices.models import Invoice
from modules.invoices.money import REVERSE_CHARGE, rate_label, rate_totals
from modules.invoices.policies import exemption_basis, variable_symbol
from modules.office.selectors import office_letterhead_get

LABELS = {
    "invoice": pgettext_lazy("invoice kind", "Invoice"),
    "correction": pgettext_lazy("invoice kind", "Correction invoice"),
    "number": pgettext_lazy("invoice", "Number"),
    "issue_date": _("Issue date"),
    "sale": _("Service period"),
    "due": pgettext_lazy("invoice", "Due date"),
    "seller": _("Seller"),
    "buyer": _("Buyer"),
    "name": pgettext_lazy("thing", "Name"),
    "no": pgettext_lazy("invoice line number", "No."),
    "qty": _("Qty"),
    # the column of units: "J.m." (jednostka miary) in Polish, "MJ" in Slovak; a full
    # "Jednostka" was hyphenated in its column
    "unit": pgettext_lazy("invoice column", "Unit"),
    "unit_price": _("Net unit price"),
    "rate": pgettext_lazy("heading", "VAT rate"),
    "net": pgettext_lazy("invoice", "Net"),
    "vat": _("VAT"),
    "gross": _("Gross"),
    "total": _("Total"),
    "by_rate": _("By VAT rate"),
    "to_pay": _("To pay"),
    # a reducing correction has nothing to pay: it printed "Do zapłaty: -123,00 zł"
    "credit": _("Reduces the amount owed by"),
    "payment": _("Payment"),
    "account": _("Bank account"),
    "variable_symbol": _("Variable symbol"),
    "notes": _("Notes"),
    "corrects": _("Corrects invoice"),
    "reason": _("Reason for the correction"),
    "exemption": _("VAT exemption basis"),
    "reverse": _("Reverse charge"),  # money.reverse_charge_wording: the legal words
    "ksef": _("KSeF number"),
    "offline": _("Issued offline, to be sent to KSeF"),
}


def party_tax_ids(party: dict) -> list[tuple[str, str]]:
    """The party's tax numbers as printed: NIP (Poland); IČO, DIČ and IČ DPH (Slovakia). A
    Slovak VAT payer's IČ DPH is "SK" + its DIČ: the DIČ typed on the card (the office's
    Administration > General, the client's card) is printed; an invoice frozen before it
    was kept reads it from the IČ DPH."""
    ids = [("NIP", party.get("nip", "")), ("IČO", party.get("ico", ""))]
    ic_dph = party.get("ic_dph", "")
    if party.get("dic"):
        ids.append(("DIČ", party["dic"]))
    elif ic_dph.upper().startswith("SK"):
        ids.append(("DIČ", ic_dph[2:]))
    ids.append(("IČ DPH", ic_dph))
    return [(label, value) for label, value in ids if value]


def _labels(language: str, bilingual: bool) -> dict[str, str]:
    with translation.override(language):
        main = {k: str(v) for k, v in LABELS.items()}
    if not bilingual or language == "en":
        return main
    with translation.override("en"):
        return {k: f"{main[k]} / {v}" for k, v in LABELS.items()}


def ksef_qr_uri(url: str) -> str:
    return qr_data_uri(url)


def ksef_verification_url(invoice: Invoice) -> str:
    from modules.invoices.ksef import verification_url

    return verification_url(invoice)


def invoice_pdf_render(*, invoice: Invoice, bilingual: bool = False) -> bytes:
    lines = list(invoice.lines.all())
    language = invoice.language or "pl"
    office = getattr(connection, "tenant", None)
    with translation.override(language):
        rates = [
            {
                "label": rate_label(r.rate),
                "net": r.net,
                "vat": r.vat,
                "gross": r.gross,
            }
            for r in rate_totals(lines)
        ]
        qr = qr_url = ""
        codes = []
        if invoice.ksef_number:
            qr_url = ksef_verification_url(invoice)
            qr = ksef_qr_uri(qr_url)
        elif invoice.ksef_status == Invoice.Ksef.OFFLINE:
            from modules.invoices.ksef import offline_codes

            codes = [
                {"label": label, "url": url, "qr": ksef_qr_uri(url)}
                for label, url in offline_codes(invoice)
            ]
        html = render_to_string(
            "invoices/pdf/invoice.html",
            {
                "invoice": invoice,
                "lines": [(line, rate_label(line.vat_rate)) for line in lines],
                "rates": rates,
                "t": _labels(language, bilingual),
                "letterhead": office_letterhead_get(office=office),
                "fonts": FONTS,
                "qr": qr,
                "qr_url": qr_url,
                "offline_codes": codes,
                "payment_label": invoice.get_payment_method_display(),
                "seller_ids": party_tax_ids(invoice.seller),
                "variable_symbol": variable_symbol(invoice),
                "buyer_ids": party_tax_ids(invoice.buyer),
                "to_pay": money(invoice.gross, invoice.currency, language=language),
                "credit": (
                    money(invoice.credit, invoice.currency, language=language)
                    if invoice.credit
                    else ""
                ),
                # the legal basis of the exempt lines, once under the table (the UBL's
                # TaxExemptionReason and FA(3)'s P_19A: policies.exemption_basis)
                "exemption": (
                    exemption_basis(invoice) if any(ln.vat_rate == "zw" for ln in lines) else ""
                ),
                # the rate column's short mark, explained once under the table
                "reverse_mark": (
                    rate_label(REVERSE_CHARGE)
                    if invoice.reverse_charge
                    or any(line.vat_rate == REVERSE_CHARGE for line in lines)
                    else ""
                ),
            },
        )
    return pdf_render(html)
