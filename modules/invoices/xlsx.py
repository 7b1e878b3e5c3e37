"""The invoice register as an XLSX file for the accountant (openpyxl write-only: rows are
streamed, not kept), one row per invoice, then one sheet of totals per VAT rate."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from common.exports import sheet_prepare
from modules.invoices.models import InvoiceLine
from modules.invoices.money import rate_totals


def register_xlsx(invoices: QuerySet) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Invoices"))
    headers = [
        pgettext("invoice", "Number"),
        _("Issue date"),
        _("Service period from"),
        _("Service period to"),
        _("Due date"),
        _("Client"),
        _("Tax number"),
        _("Net"),
        _("VAT"),
        _("Gross"),
        _("Paid"),
        _("Currency"),
        _("Status"),
        _("KSeF number"),
        _("Corrects invoice"),
    ]
    sheet_prepare(sheet, headers)
    sheet.append(headers)
    ids = []
    for invoice in invoices.select_related("corrects").iterator(chunk_size=2000):
        ids.append(invoice.pk)
        sheet.append(
            [
                invoice.number,
                invoice.issue_date,
                invoice.sale_from,
                invoice.sale_to,
                invoice.due_date,
                invoice.buyer.get("name", ""),
                invoice.buyer.get("nip") or invoice.buyer.get("vat_id", ""),
                invoice.net,
                invoice.vat,
                invoice.gross,
                invoice.paid,
                invoice.currency,
                str(invoice.get_status_display()),
                invoice.ksef_number,
                invoice.corrects.number if invoice.corrects_id else "",
            ]
        )
    rates = book.create_sheet(_("By VAT rate"))
    rates.append([_("VAT rate"), _("Net"), _("VAT"), _("Gross")])
    totals: dict[str, list] = {}
    for start in range(0, len(ids), 2000):
        lines = InvoiceLine.objects.filter(invoice_id__in=ids[start : start + 2000]).only(
            "invoice_id", "vat_rate", "net"
        )
        by_invoice: dict[int, list] = {}
        for line in lines:
            by_invoice.setdefault(line.invoice_id, []).append(line)
        for invoice_lines in by_invoice.values():
            for r in rate_totals(invoice_lines):
                row = totals.setdefault(r.rate, [0, 0, 0])
                row[0] += r.net
                row[1] += r.vat
                row[2] += r.gross
    for rate in sorted(totals):
        rates.append([rate, *totals[rate]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
