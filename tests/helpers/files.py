"""Office documents for upload tests: python-docx and openpyxl are not needed, since uploads
are judged by their first bytes and their name (common.uploads)."""

from __future__ import annotations

import io
import zipfile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A Windows program's first bytes (the "MZ" header, NUL bytes): renamed, it stays refused.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():  # a fixed date: the same bytes every call
            archive.writestr(zipfile.ZipInfo(name, (2026, 12, 1, 9, 0, 0)), text)
    return out.getvalue()


def docx_bytes(text: str = "Umowa najmu") -> bytes:
    """A minimal, valid Word document (a ZIP with its content types and body)."""
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main"
                '+xml"/></Types>'
            ),
            "word/document.xml": (
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                f'main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
            ),
        }
    )


def xlsx_bytes() -> bytes:
    """A minimal Excel workbook's container (a ZIP with its content types)."""
    return _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
