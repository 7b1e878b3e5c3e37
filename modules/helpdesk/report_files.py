"""The Reports page's tables as an XLSX workbook (common.exports: widths, frozen header) and
the monthly service report of one client as a PDF (`common.pdf`, the office's letterhead as
the invoices print it; nothing fetched: the logo is a data: URI)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from common.exports import MONEY, sheet_prepare
from common.formats import percent_text
from common.money import money
from common.pdf import FONTS, pdf_render
from modules.helpdesk.models import FirstResponse, Request
from modules.helpdesk.reports import RESOLVED_STATES, Filters, Period, Report, Table, report_build
from modules.office.selectors import office_letterhead_get

# Requests listed in the client's PDF (the month's newest first); the counts cover them all.
PDF_ROWS = 300


def hours(seconds) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def cell(value, kind: str):
    return hours(value) if kind == "hours" else value


def table_rows(table: Table) -> list[list]:
    """The table's rows as shown and exported: times in hours, the total last."""
    rows = [[cell(v, k) for v, k in zip(row, table.kinds, strict=True)] for row in table.rows]
    if table.total is not None:
        rows.append([cell(v, k) for v, k in zip(table.total, table.kinds, strict=True)])
    return rows


def _number(value, separator: str) -> str:
    if isinstance(value, float | Decimal):
        return f"{value:.2f}".replace(".", separator)
    return escape(value)


def pdf_rows(table: Table, rows: list[list]) -> list[list[tuple[str, bool]]]:
    """The rows as the client's PDF prints them, each cell (text, is a number): hours with
    two decimals on every row ("1,40" beside "2,52", never "1,4"), other decimals with two,
    shares with one decimal and the sign ("45,0%", "45,0 %" in Slovak: common.formats.
    percent_text), money with the office's currency; numbers never wrap ("2,25" whole)."""
    currency = _office_currency()
    out = []
    for row in rows:
        cells = []
        for value, kind in zip(row, table.kinds, strict=True):
            if value is None:
                cells.append(("—", kind != "text"))
            elif kind == "money":
                cells.append((money(value, currency), True))
            elif kind == "percent":
                cells.append((percent_text(value, decimals=1), True))
            elif kind in ("hours", "decimal"):
                cells.append((number_format(value, decimal_pos=2, use_l10n=True), True))
            elif kind == "int":
                cells.append((str(value), True))
            else:
                cells.append((str(value), False))
        out.append(cells)
    return out


def _office_currency() -> str:
    return getattr(connection.tenant, "currency", "") or "EUR"


def table_html(table: Table, rows: list[list]) -> SafeString:
    """A table's body rows as HTML, built in Python (hundreds of client rows: a template
    node, filter or localize() per cell would cost more than the figures' SQL). Money cells
    (a column of their own, per operator: few rows) carry the office's currency."""
    if not rows:
        empty = escape(_("Nothing in this period."))
        return mark_safe(
            f'<tr><td colspan="{len(table.headers)}" class="text-body-secondary">{empty}</td></tr>'
        )
    separator = get_format("DECIMAL_SEPARATOR")
    currency = _office_currency() if "money" in table.kinds else ""
    out = []
    last = len(rows) - 1
    for index, row in enumerate(rows):
        total = table.total is not None and index == last
        cells = [f'<th scope="row" class="fw-normal">{escape(row[0])}</th>']
        cells += [
            '<td class="text-end">'
            + (
                "—"
                if v is None
                else escape(money(v, currency))
                if kind == "money"
                else escape(percent_text(v, decimals=1))
                if kind == "percent"
                else _number(v, separator)
            )
            + "</td>"
            for v, kind in zip(row[1:], table.kinds[1:], strict=True)
        ]
        opening = '<tr class="fw-semibold">' if total else "<tr>"
        out.append(f"{opening}{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))  # every value escaped above


# A sheet's name holds at most 31 characters: the tables whose title is longer (in some
# language) have a short one of their own rather than a title cut mid-phrase.
SHEET_TITLES = {
    "times": pgettext_lazy("report sheet", "Response and resolution"),
    "backlog": pgettext_lazy("report sheet", "Backlog by age"),
}
SHEET_MAX = 31
# Cell formats: Excel shows them in the reader's own separators and sorts and filters real
# dates and numbers. Days as the offices' countries write them (dd.mm.yyyy).
DAY = "dd.mm.yyyy"
MONTH = "mm.yyyy"
HOURS = "0.00"


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: none of []:*?/\\, at most 31 characters cut at a word,
    never leaving a bracket open ("Backlog by age (open" -> "Backlog by age")."""
    title = " ".join("".join(c for c in str(text) if c not in "[]:*?/\\").split())
    if len(title) > SHEET_MAX:
        title = title[: SHEET_MAX + 1].rsplit(" ", 1)[0][:SHEET_MAX]
        if title.count("(") > title.count(")"):
            title = title[: title.rfind("(")]
        title = title.rstrip(" ,;-–(") or str(text)[:SHEET_MAX]
    unique, number = title, 2
    while unique.lower() in taken:
        suffix = f" {number}"
        unique, number = title[: SHEET_MAX - len(suffix)] + suffix, number + 1
    taken.add(unique.lower())
    return unique


def _xlsx_header(header: str, kind: str, currency: str) -> str:
    if kind == "money":
        return f"{header} ({currency})"
    if kind == "hours" and not str(header).endswith("(h)"):
        return f"{header} (h)"
    if kind == "percent":
        return f"{header} (%)"
    return str(header)


def _xlsx_cell(sheet, value, kind: str):
    """A cell of the export: the period as a real date, hours and money as numbers with
    their format (the unit and currency are in the header)."""
    if value is None or value == "":
        return value
    if kind == "period" and isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value if len(value) > 7 else f"{value}-01")
        except ValueError:  # the total row's label
            return value
        cell = WriteOnlyCell(sheet, value=day)
        cell.number_format = DAY if len(value) > 7 else MONTH
        return cell
    if kind in ("hours", "money"):
        cell = WriteOnlyCell(sheet, value=hours(value) if kind == "hours" else value)
        cell.number_format = HOURS if kind == "hours" else MONEY
        return cell
    return value


def report_xlsx(report: Report, tables: list[Table]) -> bytes:
    """One sheet per table (openpyxl write-only), a title row-free sheet: header, rows, total."""
    book = Workbook(write_only=True)
    currency = _office_currency()
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_title(SHEET_TITLES.get(table.key, table.title), taken))
        headers = [
            _xlsx_header(h, k, currency) for h, k in zip(table.headers, table.kinds, strict=True)
        ]
        sheet_prepare(sheet, headers, [24])
        sheet.append(headers)
        rows = [*table.rows, *([table.total] if table.total is not None else [])]
        for row in rows:
            sheet.append([_xlsx_cell(sheet, v, k) for v, k in zip(row, table.kinds, strict=True)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class ClientReport:
    client: object
    period: Period
    report: Report
    requests: list
    more: int


def client_report(*, client, period: Period) -> ClientReport:
    """The figures of one client's month (the Reports page's, filtered by the client) and
    the month's requests."""
    report = report_build(period=period, filters=Filters(client_id=client.pk))
    start, end = period.bounds()
    month = Request.objects.filter(client=client, created_at__gte=start, created_at__lt=end)
    rows = list(
        month.select_related("category")
        .only(
            "number",
            "subject",
            "status",
            "created_at",
            "resolved_at",
            "rating",
            "category__name_pl",
            "category__name_sk",
            "category__name_en",
            "category__parent_id",
        )
        .order_by("created_at", "pk")[:PDF_ROWS]
    )
    answered = dict(
        FirstResponse.objects.filter(request__in=[r.pk for r in rows]).values_list(
            "request_id", "at"
        )
    )
    for row in rows:
        row.first_response_at = answered.get(row.pk)
        row.is_resolved = row.status in RESOLVED_STATES and row.resolved_at is not None
    total = report.volume.total[1]
    return ClientReport(client, period, report, rows, max(total - len(rows), 0))


def client_report_pdf(*, client, period: Period, language: str | None = None) -> bytes:
    """The monthly service report of `client` (in `language`, or the active one)."""
    office = getattr(connection, "tenant", None)
    with translation.override(language or translation.get_language()):
        data = client_report(client=client, period=period)
        report = data.report
        times = report.times.total

        def in_hours(seconds) -> str | None:  # the summary's times: two decimals, always
            value = hours(seconds)
            return None if value is None else number_format(value, 2, use_l10n=True)

        html = render_to_string(
            "helpdesk/reports/client_pdf.html",
            {
                "data": data,
                "letterhead": office_letterhead_get(office=office),
                "fonts": FONTS,
                "language": translation.get_language(),
                "raised": report.volume.total[1],
                "resolved": report.volume.total[2],
                "open_now": report.categories.total[3] if report.categories.total else 0,
                "first_median": in_hours(times[3]),
                "first_p90": in_hours(times[4]),
                "answered": times[2],
                "resolution_median": in_hours(times[6]),
                "resolution_p90": in_hours(times[7]),
                "ratings": report.ratings.total,
                "extra": [
                    (t, pdf_rows(t, table_rows(t)))
                    for t in (report.work, report.sla)
                    if t is not None
                ],
                "title": _("Service report for %(month)s") % {"month": period.text},
            },
        )
    return pdf_render(html)  # common.pdf: the logo's data: URI loads, nothing else


def client_report_file_name(*, client, period: Period) -> str:
    from django.utils.text import slugify

    label = slugify(str(pgettext("file name", "service report")))
    return f"{label}-{slugify(client.name)[:40]}-{period.label}.pdf"
