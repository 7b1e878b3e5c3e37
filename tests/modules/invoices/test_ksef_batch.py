import io

import pytest
from pypdf import PdfReader

from common.storage import office_read
from modules.invoices import batch as batch_module
from modules.invoices import services
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import ksef_connect, ksef_submit
from modules.invoices.models import Invoice
from tests.modules.invoices.factories import SELLER_NIP, buyer, issued, office_details

TOKEN = "test-ksef-token"
RUN = 12


@pytest.fixture
def fake(settings, in_office_a):
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    settings.KSEF_BATCH_MIN = 10
    settings.KSEF_BATCH_PART_BYTES = 3000  # several parts for a dozen invoices
    fake.token_add(TOKEN, SELLER_NIP)
    office_details()
    services.settings_update(actor=None, data={"ksef_enabled": True})
    ksef_connect(actor=None, token=TOKEN)
    yield fake
    server.shutdown()
    server.server_close()


def _run(count=RUN):
    client = buyer()
    return [issued(client) for _ in range(count)]


def _calls(fake, method, prefix):
    return [p for m, p in fake.requests if m == method and p.startswith(prefix)]


def test_a_run_goes_in_one_batch_in_parts_and_every_invoice_gets_its_number_and_upo(fake):
    invoices = _run()
    outcome = ksef_submit(invoice_ids=[i.pk for i in invoices])
    assert (outcome["accepted"], outcome["rejected"]) == (RUN, 0)
    assert len(_calls(fake, "POST", "/v2/sessions/batch")) == 2  # open + close
    assert len(_calls(fake, "PUT", "/upload/")) >= 2
    assert _calls(fake, "POST", "/v2/sessions/online") == []
    session = next(s for s in fake.sessions.values() if s.get("batch"))
    assert len(session["parts"]) == len(_calls(fake, "PUT", "/upload/"))
    numbers = set()
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.ksef_status == "accepted"
        assert invoice.ksef_reference.startswith("batch:")
        upo = office_read(invoice.ksef_upo_path).decode()
        assert f"<NumerKSeFDokumentu>{invoice.ksef_number}</NumerKSeFDokumentu>" in upo
        numbers.add(invoice.ksef_number)
    assert len(numbers) == RUN == len(fake.accepted())
    # the PDF with the KSeF number is made by the e-mail task (spread over the workers)
    first = invoices[0]
    assert first.pdf_path == ""
    path = services.invoice_pdf_path(invoice=first)
    text = PdfReader(io.BytesIO(office_read(path))).pages[0].extract_text()
    assert first.ksef_number in text.replace("\n", "")


def test_the_batch_results_are_read_page_by_page(fake):
    fake.page_size = 5
    invoices = _run()
    assert ksef_submit(invoice_ids=[i.pk for i in invoices])["accepted"] == RUN


def test_one_refused_invoice_in_the_batch_keeps_its_reason_the_rest_pass(fake):
    invoices = _run(RUN - 1)
    office_details(nip="1234563218")  # this one's seller is not the session's NIP
    bad = issued(buyer())
    outcome = ksef_submit(invoice_ids=[i.pk for i in [*invoices, bad]])
    assert (outcome["accepted"], outcome["rejected"]) == (RUN - 1, 1)
    bad.refresh_from_db()
    assert bad.ksef_status == "rejected"
    assert "NIP sprzedawcy inny niż kontekst sesji" in bad.ksef_error


class Died(BaseException):
    pass


def test_a_worker_dying_while_uploading_sends_nothing_twice(fake, monkeypatch):
    invoices = _run()
    ids = [i.pk for i in invoices]
    real_upload = batch_module.KsefClient.part_upload
    uploads = []

    def dying(self, request, content):
        if uploads:
            raise Died()
        uploads.append(request)
        real_upload(self, request, content)

    monkeypatch.setattr(batch_module.KsefClient, "part_upload", dying)
    with pytest.raises(Died):
        ksef_submit(invoice_ids=ids)
    monkeypatch.setattr(batch_module.KsefClient, "part_upload", real_upload)
    assert set(Invoice.objects.filter(pk__in=ids).values_list("ksef_status", flat=True)) == {"sent"}
    # the next run right after: the batch may still be uploading elsewhere, left alone
    assert ksef_submit(invoice_ids=ids)["sent"] == RUN
    assert len(_calls(fake, "POST", "/v2/sessions/batch")) == 1
    # later: the stale batch is closed (cancelled, a part is missing), the invoices go again
    Invoice.objects.filter(pk__in=ids).update(ksef_sent_at="2026-01-01T00:00:00Z")
    outcome = ksef_submit(invoice_ids=ids)
    assert outcome["accepted"] == RUN
    first, second = [s for s in fake.sessions.values() if s.get("batch")]
    assert first["status"]["code"] == 440
    assert second["status"]["code"] == 200
    assert len(fake.accepted()) == RUN
    assert set(Invoice.objects.filter(pk__in=ids).values_list("ksef_status", flat=True)) == {
        "accepted"
    }


def test_a_worker_dying_after_closing_settles_from_the_session_without_resending(fake, monkeypatch):
    invoices = _run()
    ids = [i.pk for i in invoices]
    real_settle = batch_module._batch_settle

    def dying(*args, **kwargs):
        raise Died()

    monkeypatch.setattr(batch_module, "_batch_settle", dying)
    with pytest.raises(Died):
        ksef_submit(invoice_ids=ids)
    monkeypatch.setattr(batch_module, "_batch_settle", real_settle)
    assert ksef_submit(invoice_ids=ids)["accepted"] == RUN
    assert len(_calls(fake, "POST", "/v2/sessions/batch")) == 2  # one open, one close
    assert len(fake.accepted()) == RUN


def test_429_on_opening_the_batch_requeues_the_run(fake, monkeypatch):
    from modules.invoices import tasks

    calls = []
    monkeypatch.setattr(tasks.ksef_submit_task, "send_with_options", lambda **kw: calls.append(kw))
    invoices = _run()
    fake.throttle(1, retry_after=90)
    assert ksef_submit(invoice_ids=[i.pk for i in invoices])["throttled"] == RUN
    assert calls == [{"args": ([i.pk for i in invoices],), "delay": 90_000}]
    assert set(Invoice.objects.values_list("ksef_status", flat=True)) == {"queued"}


def test_ksef_down_makes_the_run_offline_then_it_goes_in_an_offline_batch(fake):
    invoices = _run()
    ids = [i.pk for i in invoices]
    fake.available = False
    assert ksef_submit(invoice_ids=ids)["offline"] == RUN
    fake.available = True
    assert ksef_submit(invoice_ids=ids)["accepted"] == RUN
    session = next(s for s in fake.sessions.values() if s.get("batch"))
    assert session["offline"] is True
    assert all(r["offline"] for r in fake.accepted())


def test_a_batch_ksef_refuses_to_open_falls_back_to_online(fake):
    fake.max_part_bytes = 100  # every part is too large for it
    invoices = _run()
    assert ksef_submit(invoice_ids=[i.pk for i in invoices])["accepted"] == RUN
    assert len(_calls(fake, "POST", "/v2/sessions/batch")) == 1
    assert len(_calls(fake, "POST", "/v2/sessions/online/")) == RUN + 1  # sends + close


def test_after_issue_sends_a_run_as_one_message(fake, monkeypatch):
    from modules.invoices import tasks

    sent = []
    monkeypatch.setattr(tasks.ksef_submit_task, "send", lambda ids, **kw: sent.append(ids))
    tasks.ksef_enqueue(list(range(1, 26)))
    assert sent == [list(range(1, 26))]
    sent.clear()
    tasks.ksef_enqueue(list(range(1, 6)))
    assert sent == [list(range(1, 6))]
