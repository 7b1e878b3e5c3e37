"""A streaming XLSX writer for the big mail report (M6).

openpyxl's write-only mode costs about 40 µs a cell on our machines: 100,000 items of 21
columns took 18-25 s, far from the 5 s the issue asks for. This writes the same kind of file
(inline strings, dates as serial numbers with a date style) row by row into the zip, at a
fraction of that, in flat memory. The tests read every file it writes back with openpyxl.
"""
# ruff: noqa: E501 (the fixed XML parts read better unwrapped)

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>]")
_EPOCH = dt.datetime(1899, 12, 30)
_DATE_STYLE, _MONEY_STYLE = 1, 2

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text(value: str) -> str:
    # Most cells hold plain text: one search decides, instead of a substitution and three
    # replacements for each of the report's million cells.
    if _SPECIAL.search(value) is None:
        return value
    value = _ILLEGAL.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class XlsxStream:
    """`with XlsxStream(stream, sheet="Mail") as xlsx: xlsx.header([...]); xlsx.row([...])`"""

    def __init__(self, stream, *, sheet: str, widths: list[float] | None = None):
        self.zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheet_name = _text(sheet)[:31]
        self.rows = 0
        self.columns: list[str] = []
        self.buffer: list[str] = []
        # Column widths in characters (Excel's unit), so the file opens readable.
        self.widths = widths or []

    def __enter__(self):
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self.zip.writestr("_rels/.rels", RELS)
        self.zip.writestr("xl/workbook.xml", WORKBOOK.format(name=self.sheet_name))
        self.zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        self.zip.writestr("xl/styles.xml", STYLES)
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(self.widths, start=1)
        )
        self.sheet.write(
            (SHEET_HEAD + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode()
        )
        return self

    def header(self, values: list[str]) -> None:
        self._row(values, style=3)

    def row(self, values: list) -> None:
        self._row(values)

    def _row(self, values: list, style: int = 0) -> None:
        self.rows += 1
        number = self.rows
        columns = self.columns
        while len(columns) < len(values):
            columns.append(_column(len(columns)))
        cells = []
        add = cells.append
        bold = f' s="{style}"' if style else ""
        for column, value in zip(columns, values, strict=False):
            kind = type(value)
            # Text and whole numbers first, by exact type: the hot loop of an export.
            if kind is str:
                if value:
                    add(
                        f'<c r="{column}{number}" t="inlineStr"{bold}><is><t xml:space="preserve">'
                        f"{_text(value)}</t></is></c>"
                    )
            elif kind is int:
                add(f'<c r="{column}{number}"><v>{value}</v></c>')
            elif value is not None:
                add(self._other(f"{column}{number}", value, bold))
        self.buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.buffer) >= 500:
            self.flush()

    @staticmethod
    def _other(ref: str, value, bold: str) -> str:
        """Dates, money, booleans, floats, and text that is not a plain str (lazy
        translations, safe strings)."""
        if isinstance(value, dt.datetime):
            serial = (value - _EPOCH).total_seconds() / 86400
            return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{serial:.10f}</v></c>'
        if isinstance(value, Decimal):
            return f'<c r="{ref}" s="{_MONEY_STYLE}"><v>{value}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        text = _text(str(value))
        if not text:
            return ""
        return f'<c r="{ref}" t="inlineStr"{bold}><is><t xml:space="preserve">{text}</t></is></c>'

    def flush(self) -> None:
        if self.buffer:
            self.sheet.write("".join(self.buffer).encode())
            self.buffer = []

    def __exit__(self, *exc) -> None:
        self.flush()
        self.sheet.write(SHEET_TAIL.encode())
        self.sheet.close()
        self.zip.close()
