"""Demo office details (`manage.py seed_demo`): Administration > General filled in as a real
operator would, through the service, with a small generated logo, and a pending invitation
to the team."""

from __future__ import annotations

import io

from accounts.models import Invitation, Role
from accounts.services import invitation_create
from modules.office.services import office_details_update
from tenants.models import Office

DETAILS = {
    "PL": {
        "legal_name": "Biuro Centrum sp. z o.o.",
        "street": "ul. Marszałkowska 84/92",
        "postal_code": "00-514",
        "city": "Warszawa",
        "nip": "5260250274",
        "iban": "PL61109010140000071219812874",
        "email": "biuro@demo.example.com",
        "phone": "+48221002030",
    },
    "SK": {
        "legal_name": "Kancelária Dunaj s.r.o.",
        "street": "Mlynské nivy 5",
        "postal_code": "821 09",
        "city": "Bratislava",
        "ico": "36224693",
        "ic_dph": "SK2022749619",
        "iban": "SK3112000000198742637541",
        "register_entry": (
            "Zapísaná v Obchodnom registri Okresného súdu Bratislava I, oddiel: Sro,"
            " vložka č. 98765/B"
        ),
        "email": "kancelaria@bratislava.example.com",
        "phone": "+421254431111",
    },
}


def _logo(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (96, 96), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 92, 92), radius=18, fill=colour)
    draw.polygon([(22, 30), (48, 52), (74, 30), (74, 70), (22, 70)], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_demo(*, office, people) -> None:
    office = Office.objects.get(pk=office.pk)
    slovak = office.country == "SK"
    office_details_update(
        office=office,
        actor=people["sk_owner" if slovak else "owner"],
        data=DETAILS["SK" if slovak else "PL"],
        logo=None if office.logo else _logo((25, 135, 84) if slovak else (13, 110, 253)),
    )
    # A pending invitation on Administration > Team (its "Send again" and "Cancel").
    owner = people["sk_owner" if slovak else "owner"]
    invited = f"nova.osoba@{office.slug}.example.com"
    if not Invitation.objects.filter(office=office, email=invited).exists():
        invitation_create(office=office, email=invited, role=Role.STAFF, invited_by=owner)
