"""The signature drawn on the signing page (H4 digital): checked before it goes anywhere.

The browser sends a PNG data URL from signature_pad. We accept only a real, bounded PNG with
some ink on it, and keep a re-encoded copy (no ancillary chunks, nothing we did not draw).
"""

from __future__ import annotations

import base64
import binascii
import io

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 600 * 1024
MIN_SIZE = (120, 50)
MAX_SIZE = (4000, 2500)
DATA_URL_PREFIX = "data:image/png;base64,"


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, code="signature")


def signature_from_data_url(value: str) -> bytes:
    value = (value or "").strip()
    if not value:
        raise _refuse(_("The signature is missing. Ask the person to sign."))
    if not value.startswith(DATA_URL_PREFIX):
        raise _refuse(_("The signature must be a PNG image."))
    encoded = value[len(DATA_URL_PREFIX) :]
    if len(encoded) > MAX_BYTES * 4 // 3 + 4:
        raise _refuse(_("The signature image is too large."))
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse(_("The signature image is damaged. Please sign again.")) from None
    return signature_check(raw)


def signature_check(raw: bytes) -> bytes:
    """The PNG re-encoded, or ApplicationError saying what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    if len(raw) > MAX_BYTES:
        raise _refuse(_("The signature image is too large."))
    if not raw.startswith(PNG_MAGIC):
        raise _refuse(_("The signature must be a PNG image."))
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format != "PNG":
                raise _refuse(_("The signature must be a PNG image."))
            width, height = probe.size  # read from the header, before decoding anything
            if not (MIN_SIZE[0] <= width <= MAX_SIZE[0] and MIN_SIZE[1] <= height <= MAX_SIZE[1]):
                raise _refuse(_("The signature image has an unexpected size."))
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            rgba = image.convert("RGBA")
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(_("The signature image is damaged. Please sign again.")) from None
    if not _has_ink(rgba):
        raise _refuse(_("The signature is empty. Ask the person to sign."))
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _has_ink(rgba) -> bool:
    """Some visible, non-white pixels: a transparent or blank white canvas is no signature."""
    from PIL import Image

    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(white, rgba).convert("L")
    ink = flat.point(lambda v: 255 if v < 200 else 0)
    box = ink.getbbox()
    return box is not None and (box[2] - box[0]) * (box[3] - box[1]) >= 20
