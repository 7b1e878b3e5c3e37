"""The invoice register as an XLSX file for the accountant (openpyxl write-only: rows are
streamed, not kept), one row per invoice, then one sheet of totals per VAT rate; shaped by
common.exports (widths, frozen bold header, dates and amounts with their number formats)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from common.exports import DATE, MONEY, sheet_row, sheet_start
from modules.invoices.models import InvoiceLine
from modules.invoices.money import rate_label, rate_order, rate_totals

# Expected content widths (characters) and number formats of the register's columns.
_WIDTHS = [16, 11, 11, 11, 11, 34, 14, 12, 12, 12, 12, 9, 14, 36, 16]
_FORMATS = [None, DATE, DATE, DATE, DATE, None, None, MONEY, MONEY, MONEY, MONEY]


def register_xlsx(invoices: QuerySet) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Invoices"))
    headers = [
        pgettext("invoice", "Number"),
        _("Issue date"),
        _("Service period from"),
        _("Service period to"),
        pgettext("invoice", "Due date"),
        _("Client"),
        _("Tax number"),
        pgettext("invoice", "Net"),
        _("VAT"),
        _("Gross"),
        _("Paid"),
        _("Currency"),
        _("Status"),
        _("KSeF number"),
        _("Corrects invoice"),
    ]
    sheet_start(sheet, headers, _WIDTHS)
    ids = []
    for invoice in invoices.select_related("corrects").iterator(chunk_size=2000):
        ids.append(invoice.pk)
        sheet_row(
            sheet,
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
                invoice.status_text,
                invoice.ksef_number,
                invoice.corrects.number if invoice.corrects_id else "",
            ],
            _FORMATS,
        )
    rates = book.create_sheet(_("By VAT rate"))
    sheet_start(
        rates,
        [pgettext("heading", "VAT rate"), pgettext("invoice", "Net"), _("VAT"), _("Gross")],
        [10, 14, 14, 14],
    )
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
    # As the screens and the PDF read them ("23%", "zw.", "np."), highest rate first.
    for rate in sorted(totals, key=rate_order):
        sheet_row(rates, [rate_label(rate), *totals[rate]], [None, MONEY, MONEY, MONEY])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
