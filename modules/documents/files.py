"""What staff may upload as a client document: PDFs, images and office documents, judged by
their content (common.uploads owns the kinds), at most UPLOAD_MAX_BYTES."""

from __future__ import annotations

from common.uploads import DOCUMENT_KINDS

UPLOAD_KINDS = DOCUMENT_KINDS
UPLOAD_MAX_BYTES = 20 << 20
