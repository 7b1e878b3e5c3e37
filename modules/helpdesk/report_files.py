"""The Reports page's tables as an XLSX workbook (common.exports: widths, frozen header) and
the monthly service report of one client as a PDF (`common.pdf`, the office's letterhead as
the invoices print it; nothing fetched: the logo is a data: URI)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from common.exports import sheet_prepare
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


def table_html(table: Table, rows: list[list]) -> SafeString:
    """A table's body rows as HTML, built in Python (hundreds of client rows: a template
    node, filter or localize() per cell would cost more than the figures' SQL)."""
    if not rows:
        empty = escape(_("Nothing in this period."))
        return mark_safe(
            f'<tr><td colspan="{len(table.headers)}" class="text-body-secondary">{empty}</td></tr>'
        )
    separator = get_format("DECIMAL_SEPARATOR")
    out = []
    last = len(rows) - 1
    for index, row in enumerate(rows):
        total = table.total is not None and index == last
        cells = [f'<th scope="row" class="fw-normal">{escape(row[0])}</th>']
        cells += [
            f'<td class="text-end">{"—" if v is None else _number(v, separator)}</td>'
            for v in row[1:]
        ]
        opening = '<tr class="fw-semibold">' if total else "<tr>"
        out.append(f"{opening}{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))  # every value escaped above


def report_xlsx(report: Report, tables: list[Table]) -> bytes:
    """One sheet per table (openpyxl write-only), a title row-free sheet: header, rows, total."""
    book = Workbook(write_only=True)
    for table in tables:
        # Sheet titles: at most 31 characters, none of []:*?/\
        title = "".join(c for c in table.title if c not in "[]:*?/\\")
        if len(title) > 31:
            title = title[:32].rsplit(" ", 1)[0]
        sheet = book.create_sheet(title)
        sheet_prepare(sheet, table.headers, [24])
        sheet.append(table.headers)
        for row in table_rows(table):
            sheet.append(row)
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
            "category__name",
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
                "first_median": hours(times[3]),
                "first_p90": hours(times[4]),
                "answered": times[2],
                "resolution_median": hours(times[6]),
                "resolution_p90": hours(times[7]),
                "ratings": report.ratings.total,
                "extra": [(t, table_rows(t)) for t in (report.work, report.sla) if t is not None],
                "title": _("Service report"),
            },
        )
    return pdf_render(html)  # common.pdf: the logo's data: URI loads, nothing else


def client_report_file_name(*, client, period: Period) -> str:
    from django.utils.text import slugify

    label = slugify(str(pgettext("file name", "service report")))
    return f"{label}-{slugify(client.name)[:40]}-{period.label}.pdf"
