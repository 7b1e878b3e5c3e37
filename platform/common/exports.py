"""What every spreadsheet export shares: a file name in the reader's language and columns
wide enough to read when the file opens (with the header row frozen by each writer).

`export_file_name(_("clients"))` -> "klienci-2026-12-05.xlsx" in Polish, "klienti-..." in
Slovak: the label is translated by the caller in the person's language and reduced to
ASCII, so every browser keeps it in Content-Disposition.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.text import slugify


def export_file_name(
    label: str, *, day: dt.date | None = None, period: str = "", suffix: str = "xlsx"
) -> str:
    """`label` in the reader's language, then the day (today by default) or a `period` the
    file covers ("2026-03", "2026-Q1"): "rozliczenia-2026-03.xlsx"."""
    when = re.sub(r"[^\w-]", "", period, flags=re.ASCII) if period else ""
    when = when or f"{day or timezone.localdate():%Y-%m-%d}"
    return f"{slugify(str(label)) or 'export'}-{when}.{suffix}"


# Number formats of the cells (Excel codes; each spreadsheet shows them in the reader's own
# separators): amounts with two decimals and grouped thousands, dates as ISO days,
# quantities with up to three decimals.
MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
QUANTITY = "#,##0.###"


def column_widths(headers: list, minimums: list[int] | None = None) -> list[int]:
    """A width per column in characters: its header's length plus room for the filter
    arrow, or the column's expected content width (`minimums`), whichever is larger."""
    minimums = minimums or []
    return [
        max(len(str(header)) + 3, minimums[i] if i < len(minimums) else 10)
        for i, header in enumerate(headers)
    ]


def sheet_prepare(sheet, headers: list, minimums: list[int] | None = None) -> None:
    """For an openpyxl (write-only) sheet, before its first row: widths and a frozen
    header row."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(column_widths(headers, minimums), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def sheet_start(sheet, headers: list, minimums: list[int] | None = None) -> None:
    """`sheet_prepare`, then the header row itself in bold (write-only sheets too)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheet_prepare(sheet, headers, minimums)
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def sheet_row(sheet, values: list, formats: list[str | None]) -> None:
    """Append one row to a (write-only) sheet, each value with its number format
    (`MONEY`, `DATE`, `QUANTITY`, or None for a plain cell): the spreadsheet then sums
    and sorts real numbers and dates while showing them readably."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for index, value in enumerate(values):
        fmt = formats[index] if index < len(formats) else None
        if fmt is None or value is None or value == "":
            cells.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = fmt
        cells.append(cell)
    sheet.append(cells)
