"""Reading and writing spreadsheet cells safely (openpyxl; CSV).

Formula injection: a cell whose text starts with = + - @ (or a tab / carriage return) is run
as a formula by Excel and LibreOffice when the file is opened. Exports neutralise such cells
with a leading apostrophe (OWASP's advice); imports refuse them, except numbers and phone
numbers such as "+48 600 100 200", and accept the apostrophe form our own export writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.text import control_characters_strip

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"^[+\-][\d\s()\-./]*$")
MAX_ROWS = 100_000


class FormulaRefused(ValueError):
    pass


def cell_to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_import_check(text: str) -> str:
    """The text to import, or FormulaRefused for a cell that would run as a formula."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_START:
        return text[1:]  # neutralised by an export: keep the text as typed
    if text and text[0] in FORMULA_START and not _SIGNED_NUMBER.match(text):
        raise FormulaRefused(text)
    return text


def cell_export_safe(value):
    """A value as an export cell: no formula, and no control character (XLSX cannot hold
    them; text stored before the entry check may have some)."""
    if isinstance(value, str):
        value = control_characters_strip(value)
        if value and value[0] in FORMULA_START:
            return "'" + value
    return value


def rows_read(path: Path) -> Iterator[list[str]]:
    """Every row of the first sheet (XLSX) or of the file (CSV), as text cells.

    Raises ApplicationError for a file that cannot be read as what its name says.
    """
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(path)
    else:
        yield from _csv_rows(path)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: formula cells come back as their "=..." text and are refused,
        # rather than silently importing whatever value Excel last cached.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ApplicationError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    except Exception as exc:  # openpyxl raises assorted errors for damaged archives
        raise ApplicationError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [cell_to_text(v) for v in row]
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ApplicationError(_("This file is not a valid Excel workbook (.xlsx).")) from exc
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ApplicationError(_("This file is not a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1250 decodes almost anything
        raise ApplicationError(_("The file's character encoding is not recognised."))
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise ApplicationError(_("This CSV file is damaged: %(error)s") % {"error": exc}) from exc
