"""Demo mail (`manage.py seed_demo`): a year of incoming and outgoing items for the demo
clients, a few with scans, and a scanner account. Bulk inserts keep it fast."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.demo_foundation import DEMO_PASSWORD
from modules.clients.models import Client
from modules.mail.models import MailCounter, MailItem, MailStatus, MailType, ScannerAccount
from modules.mail.services import scanner_account_create
from modules.mail.services.scans import scan_stage, scans_store

SENDERS_PL = [
    "Urząd Skarbowy Warszawa-Śródmieście",
    "ZUS I Oddział w Warszawie",
    "Sąd Rejonowy dla m.st. Warszawy",
    "PKO Bank Polski",
    "mBank S.A.",
    "Orange Polska",
    "PGE Obrót",
    "Allegro.pl",
    "InPost",
    "DHL Parcel",
    "Urząd Miasta st. Warszawy",
    "Krajowy Rejestr Sądowy",
    "Kancelaria Notarialna Nowak",
    "GUS",
    "Poczta Polska",
]
SENDERS_SK = [
    "Daňový úrad Bratislava",
    "Sociálna poisťovňa",
    "Okresný súd Bratislava I",
    "Slovenská sporiteľňa",
    "Tatra banka",
    "Slovak Telekom",
    "Obchodný register",
    "Slovenská pošta",
    "DPD Slovakia",
]
RECIPIENTS_PL = ["Urząd Skarbowy", "ZUS", "Kontrahent sp. z o.o.", "Sąd Okręgowy"]
RECIPIENTS_SK = ["Daňový úrad", "Sociálna poisťovňa", "Odberateľ s.r.o.", "Krajský súd"]


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if MailItem.objects.exists():
        return
    slovak = office.country == "SK"
    rng = random.Random(2026 if not slovak else 421)
    client_ids = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    if not client_ids:
        return
    statuses = {s.code: s for s in MailStatus.objects.all()}
    types = list(MailType.objects.filter(is_active=True))
    senders = SENDERS_SK if slovak else SENDERS_PL
    recipients = RECIPIENTS_SK if slovak else RECIPIENTS_PL
    now = timezone.now()
    count = 800 if slovak else 4000
    staff = people["staff"]
    rows = []
    for i in range(count):
        age = dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        received = now - age
        client_id = client_ids[0] if i % 12 == 0 else rng.choice(client_ids)
        outgoing = rng.random() < 0.12
        if outgoing:
            status = statuses["sent"]
        # Never "forwarded" or "scanned" here: an item in either says where it went or shows
        # its scan (the hand-over demo forwards some, with the address; scans come below).
        elif age.days > 20:
            status = statuses[rng.choice(["picked_up"] * 8 + ["shredded"])]
        else:
            status = statuses[rng.choice(["to_pick_up"] * 5 + ["po_box", "picked_up"])]
        # Only picked-up mail has a pickup, and never later than now.
        picked = status.code == "picked_up"
        pickup_after = min(dt.timedelta(days=rng.randint(1, 10)), age * 0.9)
        rows.append(
            MailItem(
                direction="out" if outgoing else "in",
                client_id=client_id,
                sender="" if outgoing else rng.choice(senders),
                recipient=rng.choice(recipients) if outgoing else "",
                mail_type=rng.choice(types),
                received_at=received,
                pieces=rng.choice([1] * 9 + [2]),
                tracking_number=f"RR{rng.randint(10**8, 10**9 - 1)}{'SK' if slovak else 'PL'}"
                if rng.random() < 0.3
                else "",
                additional_cost=Decimal("5.00") if rng.random() < 0.05 else Decimal("0"),
                status=status,
                status_changed_at=received,
                picked_up_at=received + pickup_after if picked else None,
                picked_up_by="Marek Zieliński" if picked and client_id == 1 else "",
                pickup_method="confirmed" if picked else "",
                registered_by=staff,
            )
        )
    rows.sort(key=lambda r: r.received_at)
    counters: dict[int, int] = {}
    for row in rows:
        year = timezone.localtime(row.received_at).year
        counters[year] = counters.get(year, 0) + 1
        row.number = f"{year}/{counters[year]:06d}"
    MailItem.objects.bulk_create(rows, batch_size=1000)
    for year, last in counters.items():
        MailCounter.objects.update_or_create(year=year, defaults={"last": last})
    # Scans on the newest items of the demo client user's company.
    content = _pdf()
    tmp = io.BytesIO(content)
    for item in MailItem.objects.filter(client_id=client_ids[0], direction="in")[:6]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(f"skan-{item.number.replace('/', '-')}.pdf", tmp.getvalue())
        staged = scan_stage(upload=upload, max_bytes=20 * 1024 * 1024)
        scans_store(item=item, staged=[staged], actor=staff)
    if not ScannerAccount.objects.exists():
        scanner_account_create(actor=None, name="skaner", password=DEMO_PASSWORD)
