"""Hand-over test data: waiting items, authorised persons and drawn signatures."""

from __future__ import annotations

import io

from pypdf import PdfReader

from common.storage import office_read
from modules.handover.models import HandOver
from tests.modules.clients.factories import ClientFactory, ContactFactory
from tests.modules.mail.factories import item_register, status


def waiting(client=None, count: int = 1, code: str = "to_pick_up", **data):
    client = client or ClientFactory()
    return [
        item_register(client=client, status=status(code), sender=f"Nadawca {n}", **data)
        for n in range(count)
    ]


def authorised(client, first_name="Jan", last_name="Kowalski", **kwargs):
    return ContactFactory(
        client=client,
        first_name=first_name,
        last_name=last_name,
        authorised_to_pick_up_mail=True,
        **kwargs,
    )


def signature_png(size=(600, 200), ink: bool = True) -> bytes:
    """A drawn signature: a dark scribble on a transparent canvas, like signature_pad's."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        draw = ImageDraw.Draw(image)
        w, h = size
        points = [(w * x / 20, h / 2 + (h / 3) * ((-1) ** x) * (x % 3) / 3) for x in range(2, 19)]
        draw.line(points, fill=(11, 31, 75, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdf_of(handover: HandOver) -> PdfReader:
    return PdfReader(io.BytesIO(office_read(handover.pdf_path)))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_images(reader: PdfReader) -> list:
    return [image for page in reader.pages for image in page.images]


def committed_office():
    """An office of its own for tests that commit (the race, the browser): their audit rows
    are append-only and would otherwise stay in office A, whose log other tests expect empty.
    Call with the database unblocked; the connection is left in the public schema."""
    from django.db import connection

    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    return Office.objects.filter(slug="office-handover").first() or office_provision(
        name="Biuro Wydań", slug="office-handover", country="PL"
    )
