"""What every spreadsheet export shares: a file name in the reader's language and columns
wide enough to read when the file opens (with the header row frozen by each writer).

`export_file_name(_("clients"))` -> "klienci-2026-12-05.xlsx" in Polish, "klienti-..." in
Slovak: the label is translated by the caller in the person's language and reduced to
ASCII, so every browser keeps it in Content-Disposition.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify


def export_file_name(label: str, *, day: dt.date | None = None, suffix: str = "xlsx") -> str:
    day = day or timezone.localdate()
    return f"{slugify(str(label)) or 'export'}-{day:%Y-%m-%d}.{suffix}"


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
