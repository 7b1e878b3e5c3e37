"""portal_home_p95_ms: the client panel's home (every module's tile) for a company with a
year of everything, in an office with 500 clients' worth of mail, conversations, requests,
invoices and bookings; 200 requests. Target (issue 19): 30 ms or less.

Printed beside two figures measured in the same run: `portal_home_sql_p95_ms`, the same
requests' SQL replayed alone from plain psycopg (tests/perf/limits.py), and
`portal_home_empty_p95_ms`, the same page for a company with nothing at all (the framework,
session, menu and template without any tile's rows). Rolled back afterwards (a `db` test,
set-based SQL)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from decimal import Decimal

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from modules.clients.models import Client
from modules.handover.models import HandOver, HandOverItem
from modules.helpdesk.models import Request
from modules.invoices.models import Invoice
from modules.mail.models import MailItem, MailScan, MailStatus, MailType
from modules.messaging.models import Conversation, Message
from modules.rooms.models import Booking
from modules.scanrequests.models import ScanRequest
from tests.helpers.offices import OfficeClient, in_office, member
from tests.perf.conftest import size
from tests.perf.limits import p95, page_statements, sql_timings
from tests.perf.test_helpdesk import REQUESTS_SQL
from tests.perf.test_invoices import INVOICES_SQL
from tests.perf.test_messaging import CONVERSATIONS_SQL, MESSAGES_SQL
from tests.perf.test_rooms import BOOKINGS_SQL
from tests.perf.test_scanrequests import ITEMS_SQL

CLIENTS = 500  # the imported statements spread their rows over 500 clients
REQUESTS = size(200, 5)
# The company's year: about ten letters a working day, a scan a week of them, a pickup
# twice a week, a room twice a month, a conversation a week, a request a fortnight, an
# invoice a month.
YEAR_ITEMS = size(2_600, 400)
# Other companies' rows in the office: mail items, conversations (5 messages each),
# helpdesk requests, invoices, days of bookings of the office's busy room.
VOLUME = {
    "items": size(100_000, 500),
    "conversations": size(10_000, 50),
    "requests": size(20_000, 100),
    "invoices": size(20_000, 100),
    "days": size(365, 30),
}


def _time(web, url: str, count: int) -> list[float]:
    for _ in range(5):
        web.get(url)
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        response = web.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return timings


def _office_volume(client_min: int, me, other) -> None:
    """Other companies' rows, through the statements the other benchmarks keep up to date."""
    from tests.modules.rooms.factories import room_make

    mail_type = MailType.objects.get(code="letter").pk
    picked = MailStatus.objects.get(code="picked_up").pk
    room_make(name="Bench Home Room")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            ITEMS_SQL,
            {
                "client_min": client_min,
                "type": mail_type,
                "status": picked,
                "items": VOLUME["items"],
            },
        )
        cursor.execute(
            CONVERSATIONS_SQL,
            {
                "client_min": client_min,
                "clients": CLIENTS,
                "conversations": VOLUME["conversations"],
            },
        )
        cursor.execute(MESSAGES_SQL, {"per": 5})
        cursor.execute(
            REQUESTS_SQL,
            {
                "client_min": client_min,
                "requests": VOLUME["requests"],
                "me": me.pk,
                "other": other.pk,
            },
        )
        cursor.execute(
            INVOICES_SQL,
            {"client_min": client_min, "clients": CLIENTS, "rows": VOLUME["invoices"]},
        )
        base = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        cursor.execute(
            BOOKINGS_SQL, {"base": base - dt.timedelta(days=180), "days": VOLUME["days"]}
        )


def _company_year(company: Client) -> None:
    """A year of everything for the company the panel shows (bulk rows, no side effects)."""
    now = timezone.now()
    statuses = {s.code: s for s in MailStatus.objects.all()}
    letter = MailType.objects.get(code="letter")
    items = []
    for n in range(YEAR_ITEMS):
        received = now - dt.timedelta(hours=3.37 * n)
        code = "to_pick_up" if n < 25 else ("scanned" if n % 10 == 0 else "picked_up")
        items.append(
            MailItem(
                number=f"1998/{n:07d}",
                direction="in" if n % 20 else "out",
                client=company,
                sender=f"Urząd Skarbowy {n % 13}",
                recipient="",
                mail_type=letter,
                received_at=received,
                status=statuses[code],
                status_changed_at=received,
                notify_choice="none",
                scan_count=1 if code == "scanned" else 0,
            )
        )
    items = MailItem.objects.bulk_create(items, batch_size=1000)
    scanned = [i for i in items if i.scan_count]
    MailScan.objects.bulk_create(
        MailScan(
            item=i,
            path=f"bench/{i.pk}.pdf",
            original_name="skan.pdf",
            content_type="application/pdf",
            size=1000,
            sha256="0" * 64,
        )
        for i in scanned
    )
    ScanRequest.objects.bulk_create(
        ScanRequest(
            item=i,
            status="new" if n < 2 else "completed",
            source="portal",
            requested_by="Jan Kowalski",
            completed_at=None if n < 2 else i.received_at + dt.timedelta(hours=5),
        )
        for n, i in enumerate(items[:400:8])
    )
    picked = [i for i in items if i.status_id == statuses["picked_up"].pk]
    handovers = HandOver.objects.bulk_create(
        HandOver(
            method="confirmed",
            handed_over_at=now - dt.timedelta(days=3.5 * n),
            person_name="Anna Nowak",
            item_count=20,
        )
        for n in range(104)
    )
    HandOverItem.objects.bulk_create(
        (
            HandOverItem(handover=handovers[n % 104], item=item, client=company)
            for n, item in enumerate(picked)
        ),
        batch_size=1000,
    )
    from tests.modules.rooms.factories import room_make

    room = room_make(name="Sala Klienta").pk  # the office's busy room is booked all day
    bookings = []
    for n in range(24):
        starts = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(
            days=15 * n - 180, hours=2
        )
        ends = starts + dt.timedelta(minutes=30)
        bookings.append(
            Booking(
                room_id=room,
                client=company,
                title="Spotkanie",
                starts_at=starts,
                ends_at=ends,
                blocked_until=ends,
                status="confirmed",
                source="portal",
            )
        )
    Booking.objects.bulk_create(bookings)
    conversations = Conversation.objects.bulk_create(
        Conversation(
            client=company,
            subject=f"Sprawa {n}",
            last_message_at=now - dt.timedelta(days=7 * n),
            last_excerpt="Dzień dobry",
            client_unread=1 if n < 3 else 0,
        )
        for n in range(52)
    )
    Message.objects.bulk_create(
        Message(conversation=c, author_label="Anna", body="Dzień dobry", from_client=k % 2 == 0)
        for c in conversations
        for k in range(6)
    )
    Request.objects.bulk_create(
        Request(
            number=f"HD-1998-{n:05d}",
            subject=f"Prośba {n}",
            client=company,
            requester_label="Jan Kowalski",
            source="portal",
            status=("waiting_client", "in_progress", "closed", "closed")[n % 4],
        )
        for n in range(26)
    )
    today = timezone.localdate()
    Invoice.objects.bulk_create(
        Invoice(
            client=company,
            status=("issued", "paid", "paid", "overdue")[n % 4] if n else "issued",
            number=f"FV/{n}/HOME",
            issue_date=today - dt.timedelta(days=30 * n),
            sale_from=today - dt.timedelta(days=30 * n),
            sale_to=today - dt.timedelta(days=30 * n),
            due_date=today - dt.timedelta(days=30 * n - 14),
            currency="PLN",
            seller={},
            buyer={},
            net=Decimal("199.00"),
            vat=Decimal("45.77"),
            gross=Decimal("244.77"),
        )
        for n in range(12)
    )


def test_portal_home(office_a, bench_record):
    me, other = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    with in_office(office_a):
        Client.objects.bulk_create(
            [Client(name=f"Bench Home {n}", code=f"BH-{n:05d}") for n in range(CLIENTS)]
        )
        client_min = Client.objects.filter(code="BH-00000").values_list("pk", flat=True).get()
        company = Client.objects.get(pk=client_min)
        empty = Client.objects.create(name="Bench Empty", code="BH-EMPTY")
        start = time.perf_counter()
        _office_volume(client_min, me, other)
        _company_year(company)
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE mail_mailitem; ANALYZE mail_mailscan; ANALYZE scanrequests_scanrequest;"
                " ANALYZE handover_handover; ANALYZE handover_handoveritem;"
                " ANALYZE messaging_conversation; ANALYZE messaging_message;"
                " ANALYZE helpdesk_request; ANALYZE invoices_invoice; ANALYZE rooms_booking"
            )
        counts = MailItem.objects.filter(client=company).aggregate(n=Count("pk"))["n"]
        print(f"\n  data: {time.perf_counter() - start:.1f} s; the company's items: {counts}")
    person = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    nobody = member(office_a, Role.CLIENT, client_id=empty.pk, client_name=empty.name)
    web, bare = OfficeClient(office_a, user=person), OfficeClient(office_a, user=nobody)
    html = web.get("/portal/").content.decode()
    tiles = html.count("data-tile=")
    print(f"  tiles on the home: {tiles}")
    assert tiles >= 8, tiles  # every module's tile has something to say for this company

    timings = _time(web, "/portal/", REQUESTS)
    empty_timings = _time(bare, "/portal/", REQUESTS)
    print(
        f"  home median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms;"
        f" empty company's home median {statistics.median(empty_timings):.1f} ms"
    )
    sql = sql_timings(page_statements(web, "/portal/", [{}] * REQUESTS), office_a.schema_name)
    bench_record(
        "portal_home_p95_ms",
        p95(timings),
        "ms",
        limit=p95(sql),
        limit_name="portal_home_sql_p95_ms",
    )
    bench_record(
        "portal_home_over_empty_p95_ms",
        p95(timings),
        "ms",
        limit=p95(empty_timings),
        limit_name="portal_home_empty_p95_ms",
    )
