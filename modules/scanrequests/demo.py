"""Demo scan requests (`manage.py seed_demo`): the office takes requests, with a few open
(one past the target time) and a few completed, made through the real services."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from modules.mail.models import MailItem, MailStatus
from modules.mail.services import scan_stage
from modules.notifications.models import NotificationRecipient
from modules.scanrequests.models import ScanRequest
from modules.scanrequests.services import (
    scan_request_cancel,
    scan_request_complete,
    scan_request_create,
    settings_update,
)

TEXTS = {
    "PL": "Skanowanie poczty może wiązać się z dodatkowymi kosztami (5 zł za przesyłkę).",
    "SK": "Skenovanie pošty môže byť spoplatnené (1 € za zásielku).",
}


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if ScanRequest.objects.exists():
        return
    slovak = office.country == "SK"
    settings_update(
        actor=None,
        data={
            "enabled": True,
            "confirmation_text": TEXTS["SK" if slovak else "PL"],
            "default_cost": Decimal("1.00") if slovak else Decimal("5.00"),
            "target_hours": 24,
        },
    )
    candidates = list(
        MailItem.objects.filter(
            direction=MailItem.Direction.INCOMING,
            status__code=MailStatus.TO_PICK_UP,
            scan_count=0,
        )
        .select_related("status", "client")
        .order_by("client_id", "-received_at")[:7]
    )
    if len(candidates) < 7:
        return
    client_user = people["client"] if not slovak else None
    staff = people["staff"]
    # Who asked: the demo's client user for their companies (the panel), else a person of
    # the company through the new-mail e-mail's link (the list showed "—" for them).
    asking = {}
    for row in NotificationRecipient.objects.filter(
        client_id__in={item.client_id for item in candidates}, channel="email", is_active=True
    ).order_by("client_id", "pk"):
        asking.setdefault(row.client_id, row)
    made = []
    for item in candidates:
        user = client_user if client_user and item.client_id in (1, 2) else None
        made.append(
            scan_request_create(
                item=item,
                source=ScanRequest.Source.PORTAL if user else ScanRequest.Source.EMAIL,
                user=user,
                recipient=None if user else asking.get(item.client_id),
            )
        )
    now = timezone.now()
    # Spread the requests over the last days: the oldest open one is past the target time.
    for hours, scan_request in zip((50, 30, 6, 1, 70, 96, 120), made, strict=True):
        ScanRequest.objects.filter(pk=scan_request.pk).update(
            created_at=now - dt.timedelta(hours=hours)
        )
        scan_request.created_at = now - dt.timedelta(hours=hours)
    content = _pdf()
    for scan_request in made[4:6]:
        name = f"skan-{scan_request.item.number.replace('/', '-')}.pdf"
        staged = scan_stage(upload=SimpleUploadedFile(name, content), max_bytes=20 * 1024 * 1024)
        scan_request_complete(
            scan_request=scan_request,
            staged=[staged],
            actor=staff,
            additional_info="",
            additional_cost=Decimal("1.00") if slovak else Decimal("5.00"),
        )
    scan_request_cancel(
        scan_request=made[6],
        actor=staff,
        reason="Zásielka prevzatá osobne" if slovak else "Przesyłka odebrana osobiście",
    )
    for scan_request in made[4:]:
        closed = scan_request.created_at + dt.timedelta(hours=3)
        ScanRequest.objects.filter(pk=scan_request.pk, status=ScanRequest.Status.COMPLETED).update(
            completed_at=closed
        )
        ScanRequest.objects.filter(pk=scan_request.pk, status=ScanRequest.Status.CANCELLED).update(
            cancelled_at=closed
        )
