"""What staff may upload as a client document: PDFs, images and office documents, judged by
their content (common.uploads), at most UPLOAD_MAX_BYTES."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from common.uploads import JPEG, PDF, PNG, Kind


@dataclass(frozen=True)
class ZipKind(Kind):
    """A ZIP container (DOCX, XLSX, ODT): the ZIP signature and the kind's own extension,
    since the signature alone does not tell a spreadsheet from a letter."""

    def matches(self, head: bytes, name: str) -> bool:
        return head.startswith(self.magic) and PurePath(name).suffix.lower() in self.extensions


ZIP = (b"PK\x03\x04",)
DOCX = ZipKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
    (".docx",),
    ZIP,
)
XLSX = ZipKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", (".xlsx",), ZIP
)
ODT = ZipKind("application/vnd.oasis.opendocument.text", "ODT", (".odt",), ZIP)
TXT = Kind("text/plain", "TXT", (".txt",))
UPLOAD_KINDS = (PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT)
UPLOAD_MAX_BYTES = 20 << 20
