"""Scan files checked by their content, not their name (M4): the first bytes must be those of
a PDF, JPEG or PNG and the file must open with pypdf / Pillow (common.uploads.file_opens, the
rule of every upload). Thumbnails of the first page
(`common.pdf.pdf_page_image` renders PDFs; Pillow scales images)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.utils.translation import gettext as _

from common import uploads
from common.pdf import pdf_page_image

KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG)
PDF, JPEG, PNG = (kind.content_type for kind in KINDS)
EXTENSIONS = {kind.content_type: kind.extension for kind in KINDS}
THUMB_WIDTH = 240


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    pages: int
    sha256: str


def type_refused(name: str = "") -> str:
    """The refusal of a file that is no scan. A file named as a scan ("skan.pdf") with
    something else inside gets common.uploads' own message instead ("The file's content is
    not in the PDF format"): "only PDF, JPEG and PNG files are accepted" contradicts its
    name (audit: "wrong.pdf: Akceptowane są tylko pliki PDF, JPEG i PNG")."""
    suffix = PurePath(name).suffix.lower()
    if suffix and any(suffix in kind.extensions for kind in KINDS):
        return ""
    return _("Only PDF, JPEG and PNG files are accepted.")


def file_check(path: Path, *, max_bytes: int) -> CheckedFile:
    """Raise ApplicationError (code empty/oversize/type/damaged) unless the file is a
    readable PDF, JPEG or PNG of at most `max_bytes` (common.uploads judges size and type,
    this the content)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(uploads.HEAD_BYTES)
    kind = uploads.content_check(
        size=size,
        head=head,
        name=path.name,
        kinds=KINDS,
        max_bytes=max_bytes,
        refused=type_refused(path.name),
    )
    # The one rule of every upload (common.uploads.file_opens): a PDF opens with pypdf and
    # has a page, an image verifies and decodes with Pillow.
    pages = uploads.file_opens(path, kind)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return CheckedFile(
        content_type=kind.content_type, size=size, pages=pages, sha256=digest.hexdigest()
    )


def thumbnail_png(path: Path, content_type: str) -> bytes | None:
    """A PNG of the first page, THUMB_WIDTH wide; None when it cannot be rendered."""
    from PIL import Image

    try:
        if content_type == PDF:
            image = pdf_page_image(path, width=THUMB_WIDTH)
        else:
            image = Image.open(path)
            image.draft("RGB", (THUMB_WIDTH * 2, THUMB_WIDTH * 3))
            image = image.convert("RGB")
        image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=False)
        return out.getvalue()
    except Exception:
        return None
