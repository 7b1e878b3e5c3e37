"""email_intake_1k_s: 1,000 e-mails (a third replies to requests raised earlier in the batch,
a tenth auto-replies, the rest new requests from 50 known clients, one in twenty with a PDF)
APPENDed to a real Dovecot on loopback, then fetched and processed by the intake
(`intake_fetch`: IMAP, parsing, threading, requests, replies, attachments, notifications
queued). The floor, measured in the same run against the same mailbox: a plain imap-tools
fetch of the same 1,000 messages (each parsed by imap-tools, nothing stored). Rolled back
afterwards (a `db` test)."""

import os
import time
import uuid

from django.db.models import Count
from django.urls import reverse
from imap_tools import MailBoxUnencrypted

from modules.helpdesk.devtools.imapserver import imap_server
from modules.helpdesk.intake.fetching import intake_fetch
from modules.helpdesk.intake.services import intake_settings_update
from modules.helpdesk.models import InboundEmail, Reply, Request
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.intake_helpers import PDF, made, raw_emails_remove
from tests.perf.conftest import size

MESSAGES = size(1000, 30)  # a multiple of 10: a tenth auto-replies, 3 in 10 replies
CLIENTS = size(50, 5)


def _batch(run: str) -> list[bytes]:
    messages, new_ids = [], []
    for i in range(MESSAGES):
        sender = f"kontakt{i % CLIENTS}@firma{i % CLIENTS}.pl"
        message_id = f"{run}.{i}@firma.pl"
        if i % 10 == 9:
            raw = made(
                sender=sender,
                subject="Automatyczna odpowiedź: urlop",
                body="Jestem na urlopie.",
                message_id=message_id,
                headers={"Auto-Submitted": "auto-replied"},
            )
        elif i % 3 == 2 and new_ids:
            parent, parent_sender = new_ids[(i * 7) % len(new_ids)]
            raw = made(
                sender=parent_sender,
                subject="Re: Prośba",
                body="Dziękuję, tak.\n\nDnia 3 grudnia 2026 Biuro napisał(a):\n> Czy wysłać?",
                message_id=message_id,
                headers={"In-Reply-To": f"<{parent}>", "References": f"<{parent}>"},
            )
        else:
            attachments = [("skan.pdf", PDF, "application", "pdf")] if i % 20 == 0 else []
            raw = made(
                sender=sender,
                subject=f"Prośba numer {i}",
                body="Dzień dobry,\nproszę o przesłanie poczty.\n\n-- \nJan",
                message_id=message_id,
                attachments=attachments,
            )
            new_ids.append((message_id, sender))
        messages.append(raw)
    return messages


def _floor(port: int, login: str) -> float:
    start = time.perf_counter()
    with MailBoxUnencrypted("127.0.0.1", port).login(login, "bench") as box:
        count = sum(1 for m in box.fetch(mark_seen=False, bulk=50) if m.subject is not None)
    elapsed = time.perf_counter() - start
    assert count == MESSAGES
    return elapsed


def test_email_intake_1k(office_a, bench_record):
    run = uuid.uuid4().hex[:8]
    with imap_server() as server:
        login = f"bench-{run}"
        server.user_add(login, "bench")
        with MailBoxUnencrypted("127.0.0.1", server.port).login(login, "bench") as box:
            for raw in _batch(run):
                box.append(raw, "INBOX")
        with in_office(office_a):
            for n in range(CLIENTS):
                ClientFactory(email=f"kontakt{n}@firma{n}.pl")
            intake_settings_update(
                actor=None,
                data={
                    "enabled": True,
                    "host": "127.0.0.1",
                    "port": server.port,
                    "security": "none",
                    "username": login,
                },
                password="bench",
            )
            # A worker that has run a task before has its URLs loaded (the first reverse()
            # imports every urls.py: seconds, once per process).
            reverse("helpdesk:queue")
            floor_before = _floor(server.port, login)
            start = time.perf_counter()
            if os.environ.get("INTAKE_PROFILE"):
                import cProfile

                profile = cProfile.Profile()
                counts = profile.runcall(intake_fetch)
                profile.dump_stats(os.environ["INTAKE_PROFILE"])
            else:
                counts = intake_fetch()
            elapsed = time.perf_counter() - start
            floor_after = _floor(server.port, login)

            assert counts == {"received": MESSAGES, "skipped": 0}
            statuses = dict(InboundEmail.objects.values_list("status").annotate(n=Count("pk")))
            raised, threaded, ignored = MESSAGES * 6 // 10, MESSAGES * 3 // 10, MESSAGES // 10
            assert statuses == {"raised": raised, "threaded": threaded, "ignored": ignored}
            assert Request.objects.filter(source="email").count() == raised
            assert Reply.objects.filter(emails__isnull=False).count() == threaded
    raw_emails_remove([office_a])
    floor = min(floor_before, floor_after)
    bench_record("email_intake_1k_s", elapsed, "s", limit=floor, limit_name="email_imap_fetch_1k_s")
