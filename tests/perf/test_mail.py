"""Mail with 1,000,000 items for 20,000 clients (issue 5): the archive, registration,
a 100,000-row export and 1,000 scans over FTP.

The office is a throw-away one provisioned for this module and dropped at the end; its data
is committed (the export runs in a child process to measure its memory, the FTP server and
the worker on their own connections) and generated with set-based SQL.
"""

from __future__ import annotations

import datetime as dt
import ftplib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office
from tests.perf.conftest import size
from tests.perf.limits import page_statements, sql_timings

ITEMS = int(os.environ.get("MAIL_BENCH_ITEMS", size(1_000_000, 2_000)))
CLIENTS = size(20_000, 300)
LIST_REQUESTS = size(200, 10)
REGISTER_WARMUP, REGISTER_ROUNDS = size(20, 2), size(200, 5)
EXPORT_ROWS = size(100_000, 500)  # the export's window: the newest items
FTP_SCANS = size(1000, 5)
HERE = Path(__file__).resolve().parent

CLIENTS_SQL = """
INSERT INTO clients_client (created_at, updated_at, name, legal_form, code, country, nip, regon,
  krs, ico, dic, ic_dph, email, phone, status, contract_start, contract_end, language, notes,
  search_document)
SELECT now(), now(), 'Firma Testowa ' || g || ' sp. z o.o.', 'sp. z o.o.',
  'BM-' || lpad(g::text, 5, '0'), 'PL', '', '', '', '', '', '', '', '', 'active', NULL, NULL,
  'pl', '', 'firma testowa ' || g
FROM generate_series(1, %s) AS g
"""

SENDERS = [
    "Urząd Skarbowy Warszawa",
    "ZUS Oddział Kraków",
    "Sąd Rejonowy Poznań",
    "PKO Bank Polski",
    "mBank",
    "Orange Polska",
    "PGE Obrót",
    "Allegro",
    "InPost",
    "Poczta Polska",
    "Krajowy Rejestr Sądowy",
    "GUS",
    "Urząd Miasta Gdańsk",
]

ITEMS_SQL = """
INSERT INTO mail_mailitem (created_at, updated_at, number, direction, client_id, sender,
  recipient, mail_type_id, received_at, pieces, tracking_number, notes, additional_info,
  additional_cost, status_id, status_changed_at, notify_choice, picked_up_at, picked_up_by,
  pickup_method, scan_count, search_document)
SELECT now(), now(), x.number, x.direction, x.client_id, x.sender, x.recipient, x.type_id,
  x.received_at, 1, x.tracking, '', '', 0, x.status_id, x.received_at, 'none',
  CASE WHEN x.final THEN x.received_at + interval '2 days' END,
  CASE WHEN x.final THEN 'Jan Kowalski' ELSE '' END,
  CASE WHEN x.final THEN 'confirmed' ELSE '' END, 0,
  public.vireo_unaccent(lower(concat_ws(' ', x.number, x.sender, x.recipient, x.tracking)))
FROM (
  SELECT g, '2025/' || lpad(g::text, 7, '0') AS number,
    CASE WHEN g %% 8 = 0 THEN 'out' ELSE 'in' END AS direction,
    %(client_min)s + (hashint(g) %% %(clients)s) AS client_id,
    CASE WHEN g %% 8 = 0 THEN '' ELSE (%(senders)s::text[])[1 + g %% %(nsenders)s] END AS sender,
    CASE WHEN g %% 8 = 0 THEN 'Kontrahent ' || (g %% 97) ELSE '' END AS recipient,
    (%(types)s::bigint[])[1 + hashint(g * 3) %% %(ntypes)s] AS type_id,
    now() - (g * interval '31 seconds') AS received_at,
    CASE WHEN g %% 3 = 0 THEN 'RR' || lpad(g::text, 9, '0') || 'PL' ELSE '' END AS tracking,
    CASE WHEN g %% 8 = 0 THEN %(sent)s
         WHEN g < 40000 THEN (%(recent)s::bigint[])[1 + g %% 4]
         ELSE (%(old)s::bigint[])[1 + hashint(g * 7) %% 10] END AS status_id,
    (g >= 40000 AND g %% 8 <> 0
     AND (%(old)s::bigint[])[1 + hashint(g * 7) %% 10] = %(picked)s) AS final
  FROM generate_series(1, %(items)s) AS g
) AS x
"""


def _hashint_sql() -> str:
    # A cheap deterministic spread of items over clients (no random(): reproducible).
    return (
        "CREATE OR REPLACE FUNCTION pg_temp.hashint(bigint) RETURNS bigint LANGUAGE sql "
        "IMMUTABLE AS $$ SELECT abs(hashint8($1)) $$"
    )


def _facts(office) -> dict:
    from modules.mail.models import MailStatus, MailType

    with in_office(office), connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM clients_client")
        return {
            "client_min": cursor.fetchone()[0],
            "statuses": {s.code: s.pk for s in MailStatus.objects.all()},
            "types": list(MailType.objects.values_list("pk", flat=True)),
        }


def _load(office) -> dict:
    started = time.perf_counter()
    with in_office(office), connection.cursor() as cursor:
        cursor.execute(CLIENTS_SQL, [CLIENTS])
        facts = _facts(office)
        client_min, statuses, types = facts["client_min"], facts["statuses"], facts["types"]
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid), c.relname FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'mail_mailitem'::regclass "
            "AND NOT i.indisprimary AND NOT i.indisunique"
        )
        indexes = cursor.fetchall()
        for _definition, name in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ALTER TABLE mail_mailitem DISABLE TRIGGER mail_item_search_document")
        cursor.execute(_hashint_sql())
        sql = ITEMS_SQL.replace("hashint(", "pg_temp.hashint(")
        recent = [statuses[c] for c in ("to_pick_up", "to_pick_up", "po_box", "scanned")]
        old = [statuses["picked_up"]] * 7 + [
            statuses[c] for c in ("forwarded", "shredded", "scanned")
        ]
        cursor.execute(
            sql,
            {
                "client_min": client_min,
                "clients": CLIENTS,
                "senders": SENDERS,
                "nsenders": len(SENDERS),
                "types": types,
                "ntypes": len(types),
                "sent": statuses["sent"],
                "recent": recent,
                "old": old,
                "picked": statuses["picked_up"],
                "items": ITEMS,
            },
        )
        cursor.execute("ALTER TABLE mail_mailitem ENABLE TRIGGER mail_item_search_document")
        for definition, _name in indexes:
            cursor.execute(definition)
        cursor.execute("INSERT INTO mail_mailcounter (year, last) VALUES (2025, %s)", [ITEMS])
        # An office's year of mail has been through autovacuum: visibility map and hint bits
        # set. Freshly bulk-loaded rows would make the first requests write hint bits.
        cursor.execute("VACUUM (ANALYZE) mail_mailitem")
        cursor.execute("VACUUM (ANALYZE) clients_client")
    print(f"\n  loaded {ITEMS} items for {CLIENTS} clients in {time.perf_counter() - started:.1f}s")
    return facts


@pytest.fixture(scope="module")
def bench_office(django_db_setup, django_db_blocker):
    from tenants.models import Office
    from tenants.services import office_provision

    # MAIL_BENCH_KEEP=1 (with --reuse-db) keeps the loaded office between runs, for working
    # on the queries; `make bench` always loads a fresh one and drops it.
    keep = os.environ.get("MAIL_BENCH_KEEP") == "1"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        stale = Office.objects.filter(slug="bench-mail").first()
        if stale is not None and keep:
            office, facts = stale, _facts(stale)
        else:
            if stale is not None:
                _drop(stale)
            office = office_provision(name="Bench Mail", slug="bench-mail", country="PL")
            facts = _load(office)
        connection.set_schema_to_public()
        try:
            yield office, facts
        finally:
            connection.set_schema_to_public()
            if not keep:
                _drop(office)


def _drop(office) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{office.schema_name}" CASCADE')
    office.domains.all().delete()
    office.delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / office.schema_name, ignore_errors=True)


def _staff(office):
    import uuid

    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email=f"bench-{uuid.uuid4().hex[:10]}@example.com", language="en")
    MembershipFactory(office=office, role=Role.STAFF, user=user)
    return user


def _p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return timings[int(len(timings) * 0.95) - 1]


# Rolled back: a kept office (MAIL_BENCH_KEEP) stays as it was loaded.
@pytest.mark.django_db
def test_mail_list_p95(bench_record, bench_office):
    office, facts = bench_office
    rng = random.Random(5)
    web = OfficeClient(office, user=_staff(office))
    statuses = list(facts["statuses"].values())
    requests = []
    for i in range(LIST_REQUESTS):
        params = {"status": rng.choice(statuses)}
        kind = i % 5
        if kind == 0:
            params["direction"] = "in"
        elif kind == 1:
            params["client"] = facts["client_min"] + rng.randrange(CLIENTS)
        elif kind == 2:
            params["type"] = rng.choice(facts["types"])
        elif kind == 3:
            start = dt.date.today() - dt.timedelta(days=rng.randint(5, 300))
            params.update(
                date_from=start.isoformat(), date_to=(start + dt.timedelta(days=7)).isoformat()
            )
        else:
            params["q"] = rng.choice(["urzad", "zus", "RR0000", "inpost", "krajowy"])
        requests.append(params)
    for params in requests[:10]:
        web.get("/mail/", params)
    timings, queries = [], set()
    for params in requests:
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = web.get("/mail/", params)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        queries.add(len(captured.captured_queries))
    slow = sorted(zip(timings, [str(r) for r in requests], strict=True), reverse=True)[:5]
    print(
        f"  median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, "
        f"queries per request {sorted(queries)}; slowest: {slow}"
    )
    sql = sql_timings(page_statements(web, "/mail/", requests), office.schema_name)
    bench_record(
        "mail_list_p95_ms", _p95(timings), "ms", limit=_p95(sql), limit_name="mail_list_sql_p95_ms"
    )


# Rolled back: a kept office (MAIL_BENCH_KEEP) stays as it was loaded.
@pytest.mark.django_db
def test_mail_register_p95(bench_record, bench_office):
    office, facts = bench_office
    from modules.mail.models import MailType

    web = OfficeClient(office, user=_staff(office))
    with in_office(office):
        letter = MailType.objects.get(code="letter").pk
    connection.set_schema_to_public()
    timings = []
    for i in range(REGISTER_WARMUP + REGISTER_ROUNDS):
        data = {
            "direction": "in",
            "client": facts["client_min"] + i,
            "client_query": "x",
            "sender": SENDERS[i % len(SENDERS)],
            "mail_type": letter,
            "received_at": "2026-03-02T09:30",
            "pieces": 1,
            "notify_choice": "none",
            "next": "register",
        }
        start = time.perf_counter()
        response = web.post("/mail/register/", data)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 302, response.content[:500]
        if i >= REGISTER_WARMUP:
            timings.append(elapsed)
    print(f"  median {statistics.median(timings):.1f} ms")
    bench_record("mail_register_p95_ms", _p95(timings), "ms")


# Rolled back: a kept office (MAIL_BENCH_KEEP) stays as it was loaded.
@pytest.mark.django_db
def test_mail_export_100k(bench_record, bench_office, tmp_path):
    office, _facts = bench_office
    with in_office(office), connection.cursor() as cursor:
        # The window of the newest 100,000 items (one every 31 s).
        cursor.execute(
            "SELECT received_at FROM mail_mailitem ORDER BY received_at DESC OFFSET %s LIMIT 1",
            [min(EXPORT_ROWS, ITEMS - 1)],
        )
        edge = cursor.fetchone()[0]
    connection.set_schema_to_public()
    from django.utils import timezone

    date_from = timezone.localtime(edge).date() + dt.timedelta(days=1)
    date_to = timezone.localdate() + dt.timedelta(days=1)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    out = tmp_path / "mail.xlsx"
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "mail_export_child.py"),
            office.schema_name,
            date_from.isoformat(),
            date_to.isoformat(),
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    rows, seconds, peak_mb = result.stdout.split()[-3:]
    print(f"  {rows} rows, {out.stat().st_size / 1e6:.1f} MB file")
    assert int(rows) <= EXPORT_ROWS * 11 // 10
    bench_record("mail_export_100k_s", float(seconds), "s")
    bench_record("mail_export_100k_mb", float(peak_mb), "MB")


def test_ftp_ingest_1k(bench_record, bench_office, django_db_blocker):
    from modules.mail.models import MailItem, MailScan
    from modules.mail.services import scanner_account_create
    from tests.modules.mail.factories import pdf_bytes
    from tests.modules.mail.ftp_helpers import ftp_server, mail_worker

    office, _facts = bench_office
    content = pdf_bytes(padding=200_000)
    with in_office(office):
        scanner_account_create(actor=None, name="bench", password="bench-password-1")
        numbers = list(
            MailItem.objects.order_by("-received_at").values_list("number", flat=True)[:FTP_SCANS]
        )
    connection.set_schema_to_public()
    with ftp_server() as port, mail_worker(threads=2) as broker:
        started = time.perf_counter()
        ftp = ftplib.FTP()
        ftp.connect("127.0.0.1", port, timeout=30)
        ftp.login("bench-mail.bench", "bench-password-1")
        for number in numbers:
            ftp.storbinary(f"STOR {number.replace('/', '-')}.pdf", io.BytesIO(content))
        ftp.quit()
        uploaded = time.perf_counter() - started
        broker.join("mail", timeout=600_000)
        elapsed = time.perf_counter() - started
    with in_office(office):
        attached = MailScan.objects.filter(item__number__in=numbers).count()
    connection.set_schema_to_public()
    print(f"  {len(content) // 1024} KB each; uploaded in {uploaded:.1f}s; attached {attached}")
    assert attached == FTP_SCANS
    bench_record("ftp_ingest_1k_s", elapsed, "s")
