import io

import pytest
from pypdf import PdfReader

from common.storage import office_read
from modules.invoices import services
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import ksef_connect, ksef_pending_ids, ksef_requeue, ksef_submit
from modules.invoices.models import Invoice, InvoiceMailing
from tests.modules.invoices.factories import SELLER_NIP, issued, office_details

TOKEN = "test-ksef-token"


@pytest.fixture
def fake_ksef(settings, in_office_a):
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    settings.KSEF_QR_BASE = "https://qr-test.ksef.mf.gov.pl"
    fake.token_add(TOKEN, SELLER_NIP)
    office_details()
    services.settings_update(actor=None, data={"ksef_enabled": True})
    ksef_connect(actor=None, token=TOKEN)
    fake.requests.clear()  # the token was tried when saved; the tests count what sending does
    yield fake
    server.shutdown()
    server.server_close()


def _pdf_text(invoice) -> str:
    content = office_read(invoice.pdf_path)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_round_trip_accepted_with_upo_and_qr_on_the_pdf(fake_ksef):
    invoice = issued()
    assert invoice.ksef_status == "queued"
    assert ksef_submit(invoice_ids=[invoice.pk]) == {
        "accepted": 1,
        "rejected": 0,
        "offline": 0,
        "throttled": 0,
        "refused": 0,
    }
    invoice.refresh_from_db()
    assert invoice.ksef_status == "accepted"
    assert invoice.ksef_number.startswith(f"{SELLER_NIP}-")
    assert invoice.ksef_number == fake_ksef.accepted()[0]["ksefNumber"]
    upo = office_read(invoice.ksef_upo_path).decode()
    assert f"<NumerKSeFDokumentu>{invoice.ksef_number}</NumerKSeFDokumentu>" in upo
    assert f"<NumerFaktury>{invoice.number}</NumerFaktury>" in upo
    text = _pdf_text(invoice).replace("\n", "")
    assert invoice.ksef_number in text
    date = invoice.issue_date.strftime("%d-%m-%Y")
    assert f"https://qr-test.ksef.mf.gov.pl/invoice/{SELLER_NIP}/{date}/" in text
    # a second run finds nothing to do
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 0


def test_rejection_keeps_the_reason_and_can_be_resent(fake_ksef):
    good = issued()
    office_details(nip="1234563218")  # the office's NIP changed: not the session's
    bad = issued()
    outcome = ksef_submit(invoice_ids=[good.pk, bad.pk])
    assert (outcome["accepted"], outcome["rejected"]) == (1, 1)
    # e-mailed once KSeF accepted it (the mailing is its outbox row), the rejected one not
    assert list(InvoiceMailing.objects.values_list("invoice_ids", "status")) == [
        ([good.pk], "queued")
    ]
    bad.refresh_from_db()
    assert bad.ksef_status == "rejected"
    assert "NIP sprzedawcy inny niż kontekst sesji" in bad.ksef_error
    assert bad.number and bad.status == "issued"  # the invoice stays issued and numbered
    ksef_requeue(invoice=bad, actor=None)
    bad.refresh_from_db()
    assert (bad.ksef_status, bad.ksef_error) == ("queued", "")


def test_429_is_retried_after_retry_after(fake_ksef):
    invoice = issued()
    fake_ksef.throttle(2, retry_after=1)
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1
    sends = [p for m, p in fake_ksef.requests if m == "POST" and p.endswith("/invoices")]
    assert len(sends) == 3


def test_a_long_retry_after_requeues_the_task_with_that_delay(fake_ksef, monkeypatch):
    from modules.invoices import tasks

    calls = []
    monkeypatch.setattr(tasks.ksef_submit_task, "send_with_options", lambda **kw: calls.append(kw))
    invoice = issued()
    fake_ksef.throttle(1, retry_after=120)
    assert ksef_submit(invoice_ids=[invoice.pk])["throttled"] == 1
    assert calls == [{"args": ([invoice.pk],), "delay": 120_000}]
    invoice.refresh_from_db()
    assert invoice.ksef_status == "queued"


def test_offline_then_submitted_when_ksef_answers(fake_ksef):
    invoice = issued()
    fake_ksef.available = False
    assert ksef_submit(invoice_ids=[invoice.pk])["offline"] == 1
    invoice.refresh_from_db()
    assert (invoice.status, invoice.ksef_status) == ("issued", "offline")
    assert ksef_pending_ids() == [invoice.pk]
    text = _pdf_text(_with_pdf(invoice))
    assert "Issued offline, to be sent to KSeF" in text or "offline" in text
    fake_ksef.available = True
    assert ksef_submit(invoice_ids=ksef_pending_ids())["accepted"] == 1
    invoice.refresh_from_db()
    assert invoice.ksef_status == "accepted"
    assert fake_ksef.accepted()[0]["offline"] is True


def _with_pdf(invoice):
    services.invoice_pdf_store(invoice=invoice)
    return invoice


def test_a_worker_dying_after_the_send_loses_nothing(fake_ksef):
    invoice = issued()
    ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    first = invoice.ksef_number
    # as if the worker died after KSeF took it but before we saved its reference
    Invoice.objects.filter(pk=invoice.pk).update(
        ksef_status="queued", ksef_number="", ksef_reference=""
    )
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1
    invoice.refresh_from_db()
    assert invoice.ksef_number == first
    assert len(fake_ksef.accepted()) == 1


def test_not_sent_when_the_office_has_not_switched_ksef_on(fake_ksef):
    services.settings_update(actor=None, data={"ksef_enabled": False})
    invoice = issued()
    assert invoice.ksef_status == ""
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 0
    assert fake_ksef.requests == []


def test_the_fake_numbers_with_the_polish_date_not_the_utc_one(fake_ksef, monkeypatch):
    """23:30 UTC on 6 December is 00:30 on the 7th in Warsaw: KSeF writes 20261207."""
    import datetime as dt

    from modules.invoices.devtools import fake_ksef as module

    monkeypatch.setattr(module, "_now", lambda: dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC))
    invoice = issued()
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1
    invoice.refresh_from_db()
    assert invoice.ksef_number.startswith(f"{SELLER_NIP}-20261207-")
