"""Demo hand-overs (`manage.py seed_demo`): mail waiting at the desk for a few clients, and
past hand-overs in each of the ways, so the register and the items' history are not empty.
Idempotent: nothing is added once the office has a hand-over."""

from __future__ import annotations

import datetime as dt
import io
import math

from django.db import transaction
from django.utils import timezone

from modules.clients.models import Client
from modules.handover.models import HandOver
from modules.handover.services import (
    Forwarding,
    handover_record,
    handover_settings_update,
    signature_check,
)
from modules.mail.models import MailItem, MailStatus, MailType
from modules.mail.services import mail_register

SENDERS = [
    "Urząd Skarbowy Warszawa-Śródmieście",
    "ZUS Oddział Warszawa",
    "Sąd Rejonowy dla m.st. Warszawy",
    "PGE Obrót S.A.",
    "mBank S.A.",
    "Allegro.pl sp. z o.o.",
]
SK_SENDERS = [
    "Daňový úrad Bratislava",
    "Sociálna poisťovňa",
    "Slovenská sporiteľňa, a.s.",
    "Okresný súd Bratislava I",
]


def _signature() -> bytes:
    """A handwritten-looking stroke for the demo's digital confirmation."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (60 + x * 7, 170 - 60 * math.sin(x / 9) * math.exp(-x / 140) - (x % 23)) for x in range(110)
    ]
    draw.line(points, fill=(11, 31, 75, 255), width=5, joint="curve")
    draw.line([(120, 230), (820, 215)], fill=(11, 31, 75, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return signature_check(out.getvalue())


def _items(*, client, staff, count, status, senders, days_ago) -> list[MailItem]:
    letter = MailType.objects.filter(code="letter").first() or MailType.objects.first()
    # The last one a quarter of an hour ago: mail is never registered later than now.
    received = timezone.now() - dt.timedelta(days=days_ago, minutes=17 * count)
    return [
        mail_register(
            actor=staff,
            data={
                "client": client,
                "sender": senders[(client.pk + n) % len(senders)],
                "mail_type": letter,
                "received_at": received + dt.timedelta(minutes=17 * n),
                "status": status,
            },
        )
        for n in range(count)
    ]


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if HandOver.objects.exists():
        return
    clients = list(Client.objects.order_by("pk")[:6])
    to_pick_up = MailStatus.objects.filter(code=MailStatus.TO_PICK_UP).first()
    po_box = MailStatus.objects.filter(code=MailStatus.PO_BOX).first()
    if len(clients) < 4 or to_pick_up is None or po_box is None:
        return
    slovak = office.country == "SK"
    senders = SK_SENDERS if slovak else SENDERS
    staff = people["staff"]
    handover_settings_update(actor=staff, footer="")
    now = timezone.now()
    first, second, third, fourth = clients[:4]
    contact = first.contacts.filter(authorised_to_pick_up_mail=True).first()

    def past(days: int, hour: int) -> dt.datetime:
        return timezone.localtime(now - dt.timedelta(days=days)).replace(
            hour=hour, minute=20, second=0, microsecond=0
        )

    handover_record(
        actor=staff,
        item_ids=[i.pk for i in _items(**_w(first, staff, 3, to_pick_up, senders, 9))],
        method=HandOver.Method.CONFIRMED,
        contact_person_id=contact.pk if contact else None,
        person_name="" if contact else "Marek Zieliński",
        handed_over_at=past(8, 10),
    )
    handover_record(
        actor=staff,
        item_ids=[i.pk for i in _items(**_w(second, staff, 2, to_pick_up, senders, 7))],
        method=HandOver.Method.PRINTED,
        person_name="Anna Nowak" if not slovak else "Anna Nováková",
        handed_over_at=past(6, 14),
    )
    handover_record(
        actor=staff,
        item_ids=[i.pk for i in _items(**_w(third, staff, 2, to_pick_up, senders, 6))],
        method=HandOver.Method.FORWARDED,
        forwarding=Forwarding(
            address=f"{third.name}\nul. Długa 5\n00-001 Warszawa"
            if not slovak
            else f"{third.name}\nHlavná 12\n040 01 Košice",
            carrier="InPost" if not slovak else "Slovenská pošta",
            tracking_number="620111222333444555666" if not slovak else "RR123456789SK",
            tracking_url="https://inpost.pl/sledzenie-przesylek?number=620111222333444555666"
            if not slovak
            else "",
        ),
        handed_over_at=past(5, 16),
    )
    handover_record(
        actor=staff,
        item_ids=[i.pk for i in _items(**_w(fourth, staff, 2, to_pick_up, senders, 3))],
        method=HandOver.Method.DIGITAL,
        person_name="Piotr Wiśniewski" if not slovak else "Peter Horváth",
        signature_png=_signature(),
        handed_over_at=past(2, 11),
    )
    handover_record(
        actor=staff,
        item_ids=[i.pk for i in _items(**_w(first, staff, 1, po_box, senders, 4))],
        method=HandOver.Method.PO_BOX,
        handed_over_at=past(3, 21),
    )
    # Waiting at the desk now: one client in two statuses, two more with a letter or two,
    # so each of the four ways can be tried (and H7 with the first two clients).
    _items(**_w(first, staff, 2, to_pick_up, senders, 1))
    _items(**_w(first, staff, 1, po_box, senders, 1))
    _items(**_w(second, staff, 2, to_pick_up, senders, 0))
    _items(**_w(third, staff, 1, to_pick_up, senders, 0))
    for client in clients[4:]:
        _items(**_w(client, staff, 1, to_pick_up, senders, 2))


def _w(client, staff, count, status, senders, days_ago) -> dict:
    return {
        "client": client,
        "staff": staff,
        "count": count,
        "status": status,
        "senders": senders,
        "days_ago": days_ago,
    }
