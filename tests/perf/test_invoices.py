"""Invoices (issue 17): one invoice PDF, one invoice's UBL built and validated, the staff
register with 200,000 invoices, and a month's run for 1,000 clients (drafts from closed
summaries, issued, FA(3) built and validated, sent to the fake KSeF, PDFs rendered, e-mails
delivered over loopback SMTP).

A throw-away office with committed rows. INVOICE_BENCH_ROWS / INVOICE_BENCH_CLIENTS scale
it down. The run uses two processes for the KSeF + PDF + e-mail part, as `make run` has two
worker processes; drafts and issuing run in this process (one request / one task)."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from decimal import Decimal

import pytest
from django.db import connection

from tests.helpers.net import free_port
from tests.helpers.offices import OfficeClient, in_office
from tests.perf.conftest import size
from tests.perf.limits import page_statements, sql_timings, statements_profile
from tests.perf.test_mail import _drop, _p95, _staff

ROWS = int(os.environ.get("INVOICE_BENCH_ROWS", size(200_000, 500)))
RUN_CLIENTS = int(os.environ.get("INVOICE_BENCH_CLIENTS", size(1_000, 5)))
LIST_CLIENTS = size(2_000, 20)
ROUNDS = size(30, 2)  # PDF and UBL renders
LIST_PAGES = size(200, 5)
TOKEN = "bench-ksef-token"
MINIMAL_PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><style>@page { size: A4 } body "
    "{ font-family: 'DejaVu Sans' }</style></head><body><p>Faktura zażółć gęślą jaźń</p></body>"
    "</html>"
)

INVOICES_SQL = """
INSERT INTO invoices_invoice (created_at, updated_at, client_id, kind, correction_reason,
  status, number, issue_date, sale_from, sale_to, due_date, payment_method, currency, language,
  seller, buyer, reverse_charge, notes, net, vat, gross, paid, issued_at, pdf_path, ksef_status,
  ksef_number, ksef_reference, ksef_hash, ksef_error, ksef_attempts, ksef_upo_path,
  acceptance, acceptance_comment, ubl_path, variable_symbol)
SELECT now(), now(), %(client_min)s + (g %% %(clients)s), 'regular', '',
  (ARRAY['issued','paid','paid','paid','overdue','partly_paid'])[1 + g %% 6],
  'FV/' || g || '/BENCH', d, d, d, d + 14, 'transfer', 'PLN', 'pl', '{}', '{}', false, '',
  100.00, 23.00, 123.00, 0, now(), '', '', '', '', '', '', 0, '', '', '', '', ''
FROM generate_series(1, %(rows)s) AS g
CROSS JOIN LATERAL (SELECT (current_date - (g %% 730))::date AS d) AS dd
"""


def _nip(n: int) -> str:
    from stdnum.pl import nip

    base = f"{520000000 + n * 7919 % 400000000:09d}"  # FA(3): no "00" after the first digit
    for tail in range(10):
        if nip.is_valid(base + str(tail)):
            return base + str(tail)
    return _nip(n + 1)


def _load(office, period: dt.date) -> dict:
    from modules.billing.models import PeriodClose
    from modules.billing.summary import Line, Summary
    from modules.clients.models import Client, ClientAddress
    from tests.modules.invoices.factories import office_details

    started = time.perf_counter()
    with in_office(office), connection.cursor() as cursor:
        office_details(nip="5260250274")
        clients = Client.objects.bulk_create(
            Client(name=f"Firma {n} sp. z o.o.", code=f"INV-{n:05d}", nip=_nip(n), language="pl")
            for n in range(LIST_CLIENTS)
        )
        ClientAddress.objects.bulk_create(
            ClientAddress(
                client=c,
                kind="registered",
                street="ul. Prosta 1",
                postal_code="00-001",
                city="Warszawa",
            )
            for c in clients
        )
        closes = []
        for client in clients[:RUN_CLIENTS]:
            summary = Summary(client.pk, client.name, period, "PLN", package="Biznes")
            summary.lines = [
                Line("package", "Pakiet Biznes", Decimal(1), "month", Decimal("199.00"), "23"),
                Line("service", "Kurier", Decimal(2), "piece", Decimal("25.00"), "23"),
                Line("mail", "Koszt przesyłki", Decimal(1), "piece", Decimal("12.30"), "23"),
                Line("overage", "Skany ponad limit", Decimal(3), "piece", Decimal("1.50"), "23"),
            ]
            summary.closed_at = "2026-01-01T00:00:00+00:00"
            closes.append(PeriodClose(client=client, period=period, figures=summary.as_dict()))
        PeriodClose.objects.bulk_create(closes)
        cursor.execute(
            INVOICES_SQL, {"client_min": clients[0].pk, "clients": LIST_CLIENTS, "rows": ROWS}
        )
        cursor.execute("VACUUM (ANALYZE) invoices_invoice")
        client_ids = [c.pk for c in clients[:RUN_CLIENTS]]
    took = time.perf_counter() - started
    print(f"\n  loaded {ROWS} invoices, {LIST_CLIENTS} clients in {took:.1f}s")
    return {"client_ids": client_ids}


@pytest.fixture(scope="module")
def bench_office(django_db_setup, django_db_blocker):
    from tenants.models import Office
    from tenants.services import office_provision

    period = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        stale = Office.objects.filter(slug="bench-invoices").first()
        if stale is not None:
            _drop(stale)
        office = office_provision(name="Bench Invoices", slug="bench-invoices", country="PL")
        facts = _load(office, period)
        connection.set_schema_to_public()
        try:
            yield office, facts, period
        finally:
            connection.set_schema_to_public()
            _drop(office)


@pytest.mark.django_db
def test_invoice_pdf_ms(bench_record, bench_office):
    from common.pdf import pdf_render
    from modules.invoices.pdf import invoice_pdf_render
    from tests.modules.invoices.factories import issued

    office, _facts, _period = bench_office
    with in_office(office):
        invoice = issued()
        Invoice = type(invoice)
        Invoice.objects.filter(pk=invoice.pk).update(  # as e-mailed: with KOD I (the QR)
            ksef_status="accepted",
            ksef_number="5260250274-20260101-0123456789AB-CD",
            ksef_hash="q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
        )
        invoice.refresh_from_db()
        invoice_pdf_render(invoice=invoice)  # fonts and templates loaded once
        pdf_render(MINIMAL_PAGE)
        # Interleaved with the floor (a minimal 1-page HTML through the same renderer), so a
        # busy neighbour slows both alike; CPU time beside wall time (the load moves it).
        timings, cpu, floor = [], [], []
        for _ in range(ROUNDS):
            started, spent = time.perf_counter(), time.process_time()
            content = invoice_pdf_render(invoice=invoice)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - spent) * 1000)
            started = time.perf_counter()
            pdf_render(MINIMAL_PAGE)
            floor.append((time.perf_counter() - started) * 1000)
    print(
        f"\n  {len(content)} bytes, min {min(timings):.0f} ms, max {max(timings):.0f} ms, "
        f"CPU median {statistics.median(cpu):.1f} ms, load average {os.getloadavg()[0]:.1f}"
    )
    bench_record(
        "invoice_pdf_ms",
        statistics.median(timings),
        "ms",
        limit=statistics.median(floor),
        limit_name="invoice_pdf_minimal_page_ms",
    )


@pytest.mark.django_db
def test_invoice_ubl_ms(bench_record, bench_office):
    """One invoice's UBL (Peppol BIS 3.0) built and validated: the XSD, then the CEN EN 16931
    and Peppol Schematron rules under Saxon. The rules' one-time compilation per process is
    printed apart; the median is over warm runs, wall clock and CPU time."""
    from modules.invoices.ubl import ubl_build, ubl_validate
    from tests.modules.invoices.factories import issued

    office, _facts, _period = bench_office
    with in_office(office):
        invoice = issued()
        started = time.perf_counter()
        ubl_validate(ubl_build(invoice))  # first in this process: compiles the rules
        first = (time.perf_counter() - started) * 1000
        timings, cpu = [], []
        for _ in range(ROUNDS):
            started, started_cpu = time.perf_counter(), time.process_time()
            xml = ubl_build(invoice)
            ubl_validate(xml)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    print(
        f"\n  {len(xml)} bytes, first (rules compiled) {first:.0f} ms, min {min(timings):.1f} ms, "
        f"max {max(timings):.1f} ms, CPU median {statistics.median(cpu):.1f} ms"
    )
    bench_record("invoice_ubl_ms", statistics.median(timings), "ms")


@pytest.mark.django_db
def test_invoice_list_p95_ms(bench_record, bench_office):
    office, _facts, _period = bench_office
    web = OfficeClient(office, user=_staff(office))
    rng = random.Random(17)
    today = dt.date.today()
    urls = []
    for _ in range(LIST_PAGES):
        month = today - dt.timedelta(days=rng.randrange(0, 700))
        status = rng.choice(["overdue", "paid", "unpaid", "partly_paid"])
        urls.append(f"/invoices/?status={status}&month={month:%Y-%m}")
    web.get(urls[0])
    timings, cpu = [], []
    for url in urls:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = web.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200
    print(f"\n  median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    # CPU time of this process (the page's Python, not PostgreSQL): steadier under load.
    print(f"  CPU median {statistics.median(cpu):.2f} ms, p95 {_p95(cpu):.2f} ms")
    statements = [page_statements(web, url, [{}])[0] for url in urls]
    sql = sql_timings(statements, office.schema_name)
    statements_profile(statements, office.schema_name)
    bench_record(
        "invoice_list_p95_ms",
        _p95(timings),
        "ms",
        limit=_p95(sql),
        limit_name="invoice_list_sql_p95_ms",
    )


def test_invoice_run_1k_s(bench_record, bench_office, django_db_blocker):
    import signal
    import subprocess
    import sys

    from django.conf import settings

    from modules.invoices import services
    from modules.invoices.devtools.fake_ksef import fake_ksef_start
    from modules.invoices.ksef import ksef_connect
    from modules.invoices.models import Invoice
    from modules.notifications.devtools.mailcatcher import catcher_start
    from modules.notifications.services import recipient_add_many

    office, facts, period = bench_office
    server, fake = fake_ksef_start()
    fake.token_add(TOKEN, "5260250274")
    port = free_port()
    catcher = catcher_start("127.0.0.1", port)
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "VIREO_TESTING": "1",
        "NOTIFICATIONS_EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "KSEF_API_BASE": f"http://127.0.0.1:{server.server_address[1]}/v2",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    with django_db_blocker.unblock(), in_office(office):
        services.settings_update(actor=None, data={"ksef_enabled": True})
        ksef_connect(actor=None, token=TOKEN)
        recipient_add_many(
            contacts=[
                {
                    "client_id": client_id,
                    "client_label": f"Firma {client_id}",
                    "channel": "email",
                    "address": f"faktury{client_id}@example.com",
                    "language": "pl",
                    "name": "Anna Nowak",
                    "events": ["invoices.new"],
                }
                for client_id in facts["client_ids"]
            ]
        )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "config.worker",
            "--path",
            str(settings.BASE_DIR / "platform"),
            str(settings.BASE_DIR),
            "--processes",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=open(settings.BASE_DIR / ".data" / "bench-invoices-worker.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        time.sleep(3)  # the worker imports Django and every app before it takes messages
        with django_db_blocker.unblock(), in_office(office):
            started = time.monotonic()
            drafts = services.invoices_create_from_summaries(period=period, actor=None)
            drafted = time.monotonic() - started
            issued, refused = services.invoices_issue(
                invoice_ids=[d.pk for d in drafts], actor=None
            )
            issued_at = time.monotonic() - started
            deadline = time.monotonic() + 900
            ids = [i.pk for i in issued]
            while len(catcher.handler.messages) < len(issued) and time.monotonic() < deadline:
                time.sleep(0.2)
                rejected = Invoice.objects.filter(pk__in=ids, ksef_status="rejected").count()
                if rejected and len(catcher.handler.messages) + rejected >= len(issued):
                    break  # a rejected invoice is never e-mailed: stop waiting, fail below
            elapsed = time.monotonic() - started
            accepted = Invoice.objects.filter(
                pk__in=[i.pk for i in issued], ksef_status="accepted"
            ).count()
        connection.set_schema_to_public()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
        catcher.stop()
        server.shutdown()
    print(
        f"\n  {len(drafts)} drafts in {drafted:.1f}s, {len(issued)} issued ({len(refused)} "
        f"refused) by {issued_at:.1f}s, {accepted} accepted by KSeF, "
        f"{len(catcher.handler.messages)} e-mails with the PDF by {elapsed:.1f}s"
    )
    assert (len(issued), accepted, len(catcher.handler.messages)) == (
        RUN_CLIENTS,
        RUN_CLIENTS,
        RUN_CLIENTS,
    )
    bench_record("invoice_run_1k_s", elapsed, "s")
