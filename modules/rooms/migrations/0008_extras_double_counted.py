"""Per-person extras ordered before they were ordered yes/no (commit c23d68b, 2026-12-06)
were stored with the number of people typed as their quantity and billed quantity x
people: 4 people and "4" made 16 coffees (BookingExtra quantity 4, price 16 x 12.00). Today
`extra_count` still bills such a line quantity x people, so every screen, e-mail and usage
sync repeats the 16. This corrects the lines that are exactly that and whose money has not
been frozen:

- a per-person extra whose stored quantity equals the booking's people (2 or more): the
  known double count. Another quantity (2 for 4 people) may have meant two rounds a person
  under the old form and is left alone;
- its stored price is unit x quantity x people to the cent, and the booking's stored
  extras total is the sum of its lines (the figures are what the old formula made);
- a client's confirmed booking: the extra's usage under `booking:<id>:extra:<extra>` adds
  up to quantity x people at that unit price, and none of it is in a month closed for the
  client. Then the line becomes 1 at unit x people, the booking's extras total and the
  usage are lowered (one correction usage of -(quantity - 1) x people in the same open
  month, with its reason, as rooms' own sync would reverse it), and an audit entry says so;
- a client's tentative booking (nothing recorded yet) and a visitor's booking that has not
  started: the line and the total only (nothing was billed; approval records the right
  amount).

Left as they were: anything in a closed month (its figures are frozen and may be invoiced:
a credit there is the office's correction invoice to make, not a migration's), cancelled
bookings (their fee was computed from the old total and billed), released ones, visitors'
past bookings (paid at the office as quoted), and lines that do not match the formula.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, migrations
from django.utils import timezone

CENT = Decimal("0.01")
REASONS = {
    "pl": "Korekta: dodatek za osobę policzony podwójnie (ilość × liczba osób)",
    "sk": "Oprava: doplnok na osobu započítaný dvakrát (množstvo × počet osôb)",
    "en": "Correction: a per-person extra counted twice (quantity × people)",
}


def _unit(line, booking):
    """The unit price the old formula used, if the stored price is exactly one."""
    count = line.quantity * booking.attendees
    unit = (line.price / count).quantize(CENT, rounding=ROUND_HALF_UP)
    return unit if unit * count == line.price else None


def extras_corrected(apps, schema_editor):
    Booking = apps.get_model("rooms", "Booking")
    BookingExtra = apps.get_model("rooms", "BookingExtra")
    UsageRecord = apps.get_model("billing", "UsageRecord")
    PeriodClose = apps.get_model("billing", "PeriodClose")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    language = (getattr(connection.tenant, "language", "") or "pl")[:2]
    reason = REASONS.get(language, REASONS["pl"])
    now = timezone.now()
    candidates = (
        BookingExtra.objects.filter(extra__per_person=True, quantity__gte=2)
        .select_related("booking", "extra")
        .order_by("booking_id", "pk")
    )
    for line in candidates:
        booking = Booking.objects.select_for_update().get(pk=line.booking_id)
        if line.quantity != booking.attendees:
            continue
        unit = _unit(line, booking)
        if unit is None:
            continue
        lines = list(BookingExtra.objects.filter(booking_id=booking.pk))
        if sum((x.price for x in lines), Decimal("0")) != booking.extras_price:
            continue
        old_count = line.quantity * booking.attendees
        correction = None
        if booking.client_id is not None:
            ref = f"booking:{booking.pk}:extra:{line.extra_id}"
            records = list(UsageRecord.objects.filter(source="rooms", source_ref=ref))
            if booking.status == "confirmed":
                if not records or any(r.unit_price != unit for r in records):
                    continue
                if sum((r.quantity for r in records), Decimal("0")) != old_count:
                    continue
                closed = set(
                    PeriodClose.objects.filter(client_id=booking.client_id).values_list(
                        "period", flat=True
                    )
                )
                if any(r.period in closed for r in records):
                    continue  # frozen, maybe invoiced: left to the office
                first = max(records, key=lambda r: (r.quantity, -r.pk))
                correction = UsageRecord.objects.create(
                    client_id=booking.client_id,
                    description=first.description,
                    date=first.date,
                    period=first.period,
                    late=first.late,
                    quantity=-(Decimal(old_count) - booking.attendees),
                    unit=first.unit,
                    unit_price=unit,
                    vat_rate=first.vat_rate,
                    metric=first.metric,
                    reason=reason,
                    source="rooms",
                    source_ref=ref,
                )
            elif booking.status != "tentative" or records:
                continue
        elif booking.status not in ("confirmed", "tentative") or booking.starts_at <= now:
            continue
        old_price = line.price
        line.quantity = 1
        line.price = unit * booking.attendees
        line.save(update_fields=["quantity", "price"])
        booking.extras_price -= old_price - line.price
        booking.save(update_fields=["extras_price"])
        AuditEntry.objects.create(
            action="rooms.extras_corrected",
            target_type="rooms.booking",
            target_id=str(booking.pk),
            target_label=str(booking.pk),
            changes={
                "extra": line.extra_id,
                "quantity": [old_count, booking.attendees],
                "price": [str(old_price), str(line.price)],
                **({"usage": correction.pk} if correction is not None else {}),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("rooms", "0007_approval_alert_on"),
        ("billing", "0004_closed_lines_text"),
        ("audit", "0002_append_only"),
    ]

    operations = [
        migrations.RunPython(extras_corrected, migrations.RunPython.noop),
    ]
