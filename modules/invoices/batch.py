"""KSeF batch sessions: a run of many invoices in one session (KSeF 2.0, "wysyłka wsadowa").

Sending (batch_send):
1. each invoice's FA(3) XML is built and validated (an invalid one is rejected here, never
   sent) and its SHA-256 kept; the XMLs go in one ZIP (`<invoice id>.xml`);
2. the ZIP is split into parts of at most KSEF_BATCH_PART_BYTES (KSeF: 100 MB, 50 parts),
   each part AES-256-CBC encrypted with the session key (ksef_client.services.batch), the
   key RSA-OAEP encrypted for KSeF; POST /sessions/batch declares the ZIP's and each
   encrypted part's size and hash and answers one pre-signed upload URL per part;
3. **before anything is uploaded**, every invoice of the batch is saved as *sent* with
   `ksef_reference = "batch:<session>"` and its hash: from then on the invoice is only ever
   settled from that session's results, never sent again blindly;
4. the parts are PUT to their URLs, the session is closed, its status polled; once KSeF has
   processed it, GET /sessions/{ref}/invoices (paged) lists each invoice with its hash:
   accepted ones get their KSeF number and UPO (per invoice, as online), rejected ones their
   reason, a duplicate (440) the first KSeF number.

Resuming (batch_resume, every run picks up *sent* invoices): a session still processing is
polled again later; a processed one is settled by hash; a session cancelled or failed
(4xx: parts missing, a bad ZIP...) did not take its invoices, so those not in its list go
back to *queued* and are sent again; a session still open long after it was opened
(KSEF_BATCH_STALE_MINUTES: the worker died while uploading) is closed first, which cancels
it when parts are missing. So a worker dying at any step sends no invoice twice and loses
none.

Refusals: KSeF refusing to open the batch (4xx) falls back to an online session for those
invoices; 429 re-enqueues them with Retry-After; KSeF unreachable before the session exists
makes them *offline* (sent later with offlineMode, in a batch of their own)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import logging
import time
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from modules.invoices.ksef import (
    KsefClient,
    KsefRefused,
    KsefThrottled,
    KsefUnavailable,
    _accepted,
    _offline,
    _requeue_later,
    _update,
    fa3_checked,
)
from modules.invoices.models import Invoice

logger = logging.getLogger("vireo.invoices.ksef")
FORM = {"systemCode": "FA (3)", "schemaVersion": "1-0E", "value": "FA"}
POLL = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)
PROCESSING = (100, 150, 170)  # open, processing, closed and waiting


def batch_payload(files: dict[str, bytes], public_key_pem: str, *, offline: bool):
    """(request body, encrypted parts) for POST /sessions/batch."""
    from ksef_client.services.batch import encrypt_batch_parts
    from ksef_client.services.crypto import build_encryption_data

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in files.items():
            zipped.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    data = build_encryption_data(public_key_pem)
    parts, info = encrypt_batch_parts(
        archive.getvalue(), data.key, data.iv, max_part_size=settings.KSEF_BATCH_PART_BYTES
    )
    body = {
        "formCode": FORM,
        "batchFile": {
            "fileSize": info.file_size,
            "fileHash": info.file_hash,
            "fileParts": [
                {
                    "ordinalNumber": p.ordinal_number,
                    "fileSize": p.file_size,
                    "fileHash": p.file_hash,
                }
                for p in info.file_parts
            ],
        },
        "encryption": {
            "encryptedSymmetricKey": data.encryption_info.encrypted_symmetric_key,
            "initializationVector": data.encryption_info.initialization_vector,
        },
        "offlineMode": offline,
    }
    return body, parts


def batch_send(client: KsefClient, invoices: list[Invoice], outcome: dict) -> list[Invoice]:
    """Send `invoices` (queued or offline) in batch sessions, offline ones in their own.
    Returns the invoices to send online instead (KSeF refused to open the batch)."""
    fallback: list[Invoice] = []
    for offline in (False, True):
        group = [i for i in invoices if (i.ksef_status == Invoice.Ksef.OFFLINE) == offline]
        size = settings.KSEF_BATCH_MAX_INVOICES
        for start in range(0, len(group), size):
            fallback += _batch_one(client, group[start : start + size], outcome, offline=offline)
    return fallback


def _batch_one(client, invoices: list[Invoice], outcome: dict, *, offline: bool) -> list:
    files, hashes, ready = {}, {}, []
    for invoice in invoices:
        xml = fa3_checked(invoice, outcome)
        if xml is None:
            continue
        files[f"{invoice.pk}.xml"] = xml
        hashes[invoice.pk] = base64.b64encode(hashlib.sha256(xml).digest()).decode()
        ready.append(invoice)
    if not ready:
        return []
    body, parts = batch_payload(
        files, client.certificates["SymmetricKeyEncryption"], offline=offline
    )
    try:
        opened = client.batch_open(body)
    except KsefThrottled as exc:
        _requeue_later([i.pk for i in ready], exc.retry_after)
        outcome["throttled"] += len(ready)
        return []
    except KsefUnavailable as exc:
        for invoice in ready:
            _offline(invoice, str(exc))
        outcome["offline"] += len(ready)
        return []
    except KsefRefused as exc:
        logger.warning("ksef batch refused, sending online", extra={"error": str(exc)})
        return ready
    session = opened["referenceNumber"]
    now = timezone.now()
    with transaction.atomic():  # step 3: recorded before any upload
        for invoice in ready:
            _update(
                invoice,
                ksef_status=Invoice.Ksef.SENT,
                ksef_reference=f"batch:{session}",
                ksef_hash=hashes[invoice.pk],
                ksef_sent_at=now,
                ksef_attempts=invoice.ksef_attempts + 1,
                ksef_error="",
            )
    try:
        requests = sorted(opened["partUploadRequests"], key=lambda r: r["ordinalNumber"])
        for request, content in zip(requests, parts, strict=True):
            client.part_upload(request, content)
        client.batch_close(session)
    except (KsefUnavailable, KsefThrottled, KsefRefused) as exc:
        # left as sent: the next run resumes the session (closes it, resends if cancelled)
        logger.warning("ksef batch upload", extra={"session": session, "error": str(exc)})
        outcome["sent"] = outcome.get("sent", 0) + len(ready)
        return []
    _batch_settle(client, session, ready, outcome)
    return []


def batch_resume(client: KsefClient, invoices: list[Invoice], outcome: dict) -> None:
    """Settle invoices already sent in a batch session (see the module's docstring)."""
    sessions: dict[str, list[Invoice]] = {}
    for invoice in invoices:
        sessions.setdefault(invoice.ksef_reference.removeprefix("batch:"), []).append(invoice)
    for session, group in sessions.items():
        _batch_settle(client, session, group, outcome, resume=True)


def _batch_settle(client, session: str, invoices: list[Invoice], outcome: dict, *, resume=False):
    try:
        status = _poll(client, session)
        code = status["status"]["code"]
        if code == 100 and resume:
            stale = timezone.now() - dt.timedelta(minutes=settings.KSEF_BATCH_STALE_MINUTES)
            if all(i.ksef_sent_at and i.ksef_sent_at < stale for i in invoices):
                client.batch_close(session)  # a dead worker's batch: cancelled if incomplete
                status = _poll(client, session)
                code = status["status"]["code"]
        if code in PROCESSING:
            outcome["sent"] = outcome.get("sent", 0) + len(invoices)
            return
        results = {r["invoiceHash"]: r for r in client.session_invoices(session)}
    except KsefUnavailable:
        outcome["sent"] = outcome.get("sent", 0) + len(invoices)
        return
    except KsefRefused as exc:
        logger.warning("ksef batch status", extra={"session": session, "error": str(exc)})
        outcome["sent"] = outcome.get("sent", 0) + len(invoices)
        return
    reason = "; ".join(
        str(x)
        for x in [
            code,
            status["status"].get("description", ""),
            *status["status"].get("details", []),
        ]
    )
    for invoice in invoices:
        record = results.get(invoice.ksef_hash)
        if record is None:
            # KSeF did not take it in that session: send it again in a new one
            _update(
                invoice,
                ksef_status=Invoice.Ksef.QUEUED,
                ksef_reference="",
                ksef_error=f"KSeF batch session {session}: {reason}"[:1000],
            )
            outcome["requeued"] = outcome.get("requeued", 0) + 1
            continue
        result = record["status"]
        if result["code"] == 200:
            _accepted(client, session, invoice, record["ksefNumber"], render=False)
            outcome["accepted"] += 1
        elif result["code"] == 440 and result.get("details"):
            _accepted(client, session, invoice, result["details"][0], render=False)
            outcome["accepted"] += 1
        else:
            text = "; ".join([result.get("description", ""), *result.get("details", [])])
            _update(invoice, ksef_status=Invoice.Ksef.REJECTED, ksef_error=text[:1000])
            outcome["rejected"] += 1


def _poll(client: KsefClient, session: str) -> dict:
    status = client.session_status(session)
    for pause in POLL:
        if status["status"]["code"] not in (150, 170):
            break
        time.sleep(pause)
        status = client.session_status(session)
    return status
