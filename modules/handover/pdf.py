"""The confirmation PDF (`common.pdf`), in the client's language (H4, point 7)."""

from __future__ import annotations

import base64
import io

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import FONTS, pdf_render
from common.singletons import settings_get
from common.storage import office_open
from modules.handover.models import HandOver, HandOverItem, HandOverSettings
from modules.office.selectors import office_letterhead_get
from tenants.selectors import office_language, office_zone

# The printed signature is at most 75 x 22 mm: 800 px is over 250 dpi.
SIGNATURE_PIXELS = (800, 300)


def _signature_uri(handover: HandOver) -> str:
    """The stored signature as printed: flattened onto white, grey, at print size. A large
    transparent PNG would cost WeasyPrint a soft mask and twice the time (handover_pdf_ms)."""
    if not handover.signature_path:
        return ""
    from PIL import Image

    with office_open(handover.signature_path) as handle, Image.open(handle) as image:
        rgba = image.convert("RGBA")
    flat = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    grey = flat.convert("L")
    grey.thumbnail(SIGNATURE_PIXELS)
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def handover_pdf_render(
    *, handover: HandOver, client_id: int | None = None, lines: list | None = None
) -> bytes:
    """The confirmation of `handover`; with `client_id`, only that client's items (what a
    client user may see of a hand-over that covered several companies). `lines` (unsaved
    HandOverItem rows) render the paper to be signed before anything is recorded."""
    if lines is None:
        rows = (
            HandOverItem.objects.filter(handover=handover)
            .select_related("item", "item__mail_type", "client")
            .order_by("client__name", "item__received_at", "item_id")
        )
        if client_id is not None:
            rows = rows.filter(client_id=client_id)
        lines = list(rows)
    clients = sorted({line.client for line in lines}, key=lambda c: (c.name, c.pk))
    office = getattr(connection, "tenant", None)
    settings_row = settings_get(HandOverSettings)
    language = handover.language or office_language(office)
    with translation.override(language), timezone.override(office_zone(office)):
        html = render_to_string(
            "handover/pdf/confirmation.html",
            {
                "handover": handover,
                "lines": lines,
                "clients": clients,
                "letterhead": office_letterhead_get(office=office),
                "footer": settings_row.footer,
                "signature": _signature_uri(handover),
                "staff_name": _staff_name(handover),
                "fonts": FONTS,
                "pieces": sum(line.item.pieces for line in lines),
            },
        )
    return pdf_render(html)  # common.pdf: the signature's data: URI loads, nothing else


def _staff_name(handover: HandOver) -> str:
    user = handover.handed_over_by
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.email
