"""The office-wide summary as an XLSX file (openpyxl write-only: rows streamed, not kept)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from modules.billing.summary import SpanSummary, Summary


def _months(row) -> list[Summary]:
    return row.months if isinstance(row, SpanSummary) else [row]


def summaries_xlsx(rows: list[Summary | SpanSummary], *, period, title: str = "") -> bytes:
    """A month (Summary rows) or a quarter/range (SpanSummary rows: each client's sums; the
    lines sheet says the month of each line). `title` names the first sheet (the month)."""
    book = Workbook(write_only=True)
    # Sheet titles may not hold some characters (a range's dash is fine, '/' is not).
    sheet = book.create_sheet((title or period.strftime("%Y-%m"))[:31])
    sheet.append(
        [
            _("Client"),
            _("Package"),
            _("Net"),
            _("VAT"),
            _("Gross"),
            _("Currency"),
            _("Over a limit"),
            _("Closed"),
        ]
    )
    for s in rows:
        sheet.append(
            [
                s.client_name,
                s.package,
                s.net,
                s.vat,
                s.gross,
                s.currency,
                _("yes") if s.over_limit else "",
                _("yes") if s.closed else "",
            ]
        )
    sheet.append(
        [
            _("Total"),
            "",
            sum(s.net for s in rows),
            sum(s.vat for s in rows),
            sum(s.gross for s in rows),
        ]
    )
    lines = book.create_sheet(_("Lines"))
    lines.append(
        [
            _("Client"),
            _("Description"),
            _("Quantity"),
            _("Unit price"),
            _("Net"),
            _("VAT rate"),
            _("VAT"),
            _("Gross"),
            _("Month"),
        ]
    )
    for s in rows:
        for month in _months(s):
            for line in month.lines:
                lines.append(
                    [
                        s.client_name,
                        line.description,
                        line.quantity,
                        line.unit_price,
                        line.net,
                        line.vat_rate,
                        line.vat,
                        line.gross,
                        month.period.strftime("%Y-%m"),
                    ]
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
