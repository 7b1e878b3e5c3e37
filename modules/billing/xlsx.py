"""The office-wide summary as an XLSX file (openpyxl write-only: rows streamed, not kept),
shaped by common.exports: widths, a frozen bold header, translated sheet and column names,
amounts and quantities as numbers with their formats."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from common.exports import MONEY, QUANTITY, export_file_name, sheet_row, sheet_start
from modules.billing.summary import SpanSummary, Summary
from modules.billing.vat import vat_label

# Expected content widths (characters): client names and line descriptions are long.
# The client's code comes last (two clients may share a name; the columns before it keep
# the places they had).
_SUMMARY_WIDTHS = [34, 20, 12, 12, 12, 9, 12, 10, 14]
_LINE_WIDTHS = [34, 40, 10, 12, 12, 9, 12, 12, 10, 14]


def summaries_file_name(span) -> str:
    """ "rozliczenia-2026-03.xlsx", "vyuctovanie-2026-Q1.xlsx": the period the file covers."""
    return export_file_name(pgettext("file name", "settlements"), period=span.slug)


def _months(row) -> list[Summary]:
    return row.months if isinstance(row, SpanSummary) else [row]


def summaries_xlsx(
    rows: list[Summary | SpanSummary], *, period, title: str = "", codes: dict | None = None
) -> bytes:
    """A month (Summary rows) or a quarter/range (SpanSummary rows: each client's sums; the
    lines sheet says the month of each line). `title` names the first sheet (the month);
    `codes`: each client's code ({client id: code}), the last column of both sheets."""
    codes = codes or {}
    book = Workbook(write_only=True)
    # Sheet titles may not hold some characters (a range's dash is fine, '/' is not).
    sheet = book.create_sheet((title or period.strftime("%Y-%m"))[:31])
    headers = [
        _("Client"),
        _("Package"),
        _("Net"),
        _("VAT"),
        _("Gross"),
        _("Currency"),
        _("Over a limit"),
        _("Closed"),
        _("Client code"),
    ]
    sheet_start(sheet, headers, _SUMMARY_WIDTHS)
    amounts = [None, None, MONEY, MONEY, MONEY]
    for s in rows:
        sheet_row(
            sheet,
            [
                s.client_name,
                s.package,
                s.net,
                s.vat,
                s.gross,
                s.currency,
                _("yes") if s.over_limit else "",
                _("yes") if s.closed else "",
                codes.get(s.client_id, ""),
            ],
            amounts,
        )
    sheet_row(
        sheet,
        [
            _("Total"),
            "",
            sum(s.net for s in rows),
            sum(s.vat for s in rows),
            sum(s.gross for s in rows),
        ],
        amounts,
    )
    lines = book.create_sheet(_("Lines")[:31])
    line_headers = [
        _("Client"),
        _("Description"),
        _("Quantity"),
        _("Unit price"),
        _("Net"),
        pgettext("heading", "VAT rate"),
        _("VAT"),
        _("Gross"),
        _("Month"),
        _("Client code"),
    ]
    sheet_start(lines, line_headers, _LINE_WIDTHS)
    line_formats = [None, None, QUANTITY, MONEY, MONEY, None, MONEY, MONEY, None]
    for s in rows:
        for month in _months(s):
            for line in month.lines:
                sheet_row(
                    lines,
                    [
                        s.client_name,
                        line.description,
                        line.quantity,
                        line.unit_price,
                        line.net,
                        vat_label(line.vat_rate),  # as the screens read it: "23%", "zw."
                        line.vat,
                        line.gross,
                        month.period.strftime("%Y-%m"),
                        codes.get(s.client_id, ""),
                    ],
                    line_formats,
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
