"""The intake against a real IMAP server on loopback (Dovecot, started per session)."""

import datetime as dt
import hashlib
import itertools

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from imap_tools import MailBoxUnencrypted

from modules.helpdesk.devtools.imapserver import imap_server
from modules.helpdesk.intake import fetching
from modules.helpdesk.intake.services import intake_settings_update
from modules.helpdesk.models import InboundEmail, IntakeFolder, Request
from tests.helpers.net import free_port
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.intake_helpers import corpus, made

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("raw_emails_removed")]
_users = itertools.count(1)


@pytest.fixture(scope="session")
def imap():
    with imap_server() as server:
        yield server


@pytest.fixture
def mailbox(imap):
    """A fresh mailbox: (login, password)."""
    login = f"intake{next(_users)}@biuro.test"
    imap.user_add(login, "haslo-imap")
    return login, "haslo-imap"


def _configure(imap, login, password="haslo-imap", **extra):
    intake_settings_update(
        actor=None,
        data={
            "enabled": True,
            "host": "127.0.0.1",
            "port": imap.port,
            "security": "none",
            "username": login,
            "folder": "INBOX",
            **extra,
        },
        password=password,
    )


def _append(imap, login, *messages, folder="INBOX"):
    with MailBoxUnencrypted("127.0.0.1", imap.port).login(login, "haslo-imap") as box:
        for raw in messages:
            box.append(raw, folder)


def test_round_trip_append_fetch_requests(imap, mailbox, in_office_a):
    login, _pw = mailbox
    firma = ClientFactory(name="Firma", email="jan.kowalski@firma.pl")
    _configure(imap, login)
    _append(
        imap,
        login,
        corpus("new_plain_pl.eml"),
        corpus("attachments.eml"),
        corpus("auto_reply_out_of_office.eml", in_reply_to="x@y", number="HD-1"),
        made(sender="obcy@example.com", message_id="stranger@1"),
        corpus("broken_mime.eml"),
    )

    counts = fetching.intake_fetch()

    assert counts == {"received": 5, "skipped": 0}
    assert sorted(Request.objects.values_list("subject", "client_id")) == [
        ("Proszę o przesłanie poczty do Krakowa", firma.pk),
        ("Umowa do podpisu", firma.pk),
    ]
    assert sorted(InboundEmail.objects.values_list("uid", "status")) == [
        (1, "raised"),
        (2, "raised"),
        (3, "ignored"),
        (4, "triage"),
        (5, "quarantine"),
    ]
    state = IntakeFolder.objects.get()
    assert (state.last_uid, state.failures, state.last_error) == (5, 0, "")
    assert state.uidvalidity is not None and state.last_success_at is not None

    # Nothing new: nothing fetched. A new message: only it.
    assert fetching.intake_fetch() == {"received": 0, "skipped": 0}
    _append(imap, login, corpus("html_only.eml"))
    assert fetching.intake_fetch() == {"received": 1, "skipped": 0}
    assert Request.objects.count() == 3
    # Messages stay on the server, unread (the office may read the mailbox too).
    with MailBoxUnencrypted("127.0.0.1", imap.port).login(login, "haslo-imap") as box:
        assert [m.flags for m in box.fetch(mark_seen=False)] == [()] * 6


def test_new_uidvalidity_starts_over_but_message_ids_stop_duplicates(imap, mailbox, in_office_a):
    login, _pw = mailbox
    ClientFactory(email="jan.kowalski@firma.pl")
    _configure(imap, login)
    _append(imap, login, corpus("new_plain_pl.eml"), corpus("html_only.eml"))
    fetching.intake_fetch()
    IntakeFolder.objects.update(uidvalidity=1)

    assert fetching.intake_fetch() == {"received": 0, "skipped": 2}
    assert Request.objects.count() == 2
    assert IntakeFolder.objects.get().last_uid == 2


def test_outage_is_retried_with_backoff_and_shown(imap, mailbox, in_office_a):
    login, _pw = mailbox
    _configure(imap, login)
    intake_settings_update(actor=None, data={"port": free_port()})
    now = timezone.now()

    first = fetching.intake_fetch(now=now)
    state = IntakeFolder.objects.get()
    assert first["error"].startswith("ConnectionRefusedError")
    assert (state.failures, state.failing_since, state.next_attempt_at) == (
        1,
        now,
        now + dt.timedelta(minutes=1),
    )
    assert fetching.intake_fetch(now=now + dt.timedelta(seconds=30)) == {
        "skipped_reason": "backoff"
    }
    fetching.intake_fetch(now=now + dt.timedelta(minutes=1))
    state.refresh_from_db()
    assert (state.failures, state.failing_since) == (2, now)
    assert state.next_attempt_at == now + dt.timedelta(minutes=3)

    intake_settings_update(actor=None, data={"port": imap.port})
    assert fetching.intake_fetch(now=now + dt.timedelta(minutes=3)) == {
        "received": 0,
        "skipped": 0,
    }
    state.refresh_from_db()
    assert (state.failures, state.failing_since, state.last_error) == (0, None, "")


def test_wrong_password_is_an_outage_with_the_servers_answer(imap, mailbox, in_office_a):
    login, _pw = mailbox
    _configure(imap, login, password="zle")

    counts = fetching.intake_fetch()

    assert counts["error"].startswith("MailboxLoginError")
    assert IntakeFolder.objects.get().failures == 1


def test_connection_test(imap, mailbox, in_office_a):
    from common.exceptions import ApplicationError
    from modules.helpdesk.intake.services import intake_settings_get

    login, _pw = mailbox
    _configure(imap, login)
    _append(imap, login, made(message_id="t@1"))

    assert fetching.connection_test(intake_settings_get())["messages"] == 1
    with pytest.raises(ApplicationError) as caught:
        fetching.connection_test(intake_settings_get(), password="zle")
    assert caught.value.message == "The server refused the user name or password."


def test_a_second_worker_skips_while_one_reads_the_office(imap, mailbox, in_office_a):
    login, _pw = mailbox
    _configure(imap, login)
    _append(imap, login, made(message_id="l@1"))
    key = int.from_bytes(
        hashlib.sha256(f"{connection.schema_name}:helpdesk-intake".encode()).digest()[:8],
        "big",
        signed=True,
    )
    params = connection.get_connection_params()
    other = psycopg.connect(
        host=params["host"],
        port=params["port"],
        user=params["user"],
        dbname=params["dbname"],
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [key])
        assert fetching.intake_fetch() == {"skipped_reason": "locked"}
        other.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        other.close()
    assert fetching.intake_fetch() == {"received": 1, "skipped": 0}


def test_office_a_mailbox_never_raises_in_office_b(imap, mailbox, office_a, office_b):
    login, _pw = mailbox
    with in_office(office_a):
        ClientFactory(email="jan.kowalski@firma.pl")
        _configure(imap, login)
    with in_office(office_b):
        ClientFactory(email="jan.kowalski@firma.pl")
        assert fetching.intake_fetch() == {"skipped_reason": "disabled"}
    _append(imap, login, corpus("new_plain_pl.eml"))

    with in_office(office_a):
        assert fetching.intake_fetch() == {"received": 1, "skipped": 0}
        assert Request.objects.count() == 1
    with in_office(office_b):
        assert Request.objects.count() == 0
        assert InboundEmail.objects.count() == 0
    connection.set_schema_to_public()


def test_make_run_imapserver_points_demo_offices_at_itself(imap, office_a):
    from modules.helpdesk.demo import intake_demo_seed
    from modules.helpdesk.intake.services import intake_settings_get
    from modules.helpdesk.management.commands.imapserver import Command

    with in_office(office_a):
        intake_demo_seed(office=office_a)
    names = Command()._demo_offices(imap)

    assert names == ["helpdesk-office-a"]
    with in_office(office_a):
        assert intake_settings_get().port == imap.port
        assert fetching.intake_fetch() == {"received": 0, "skipped": 0}
    connection.set_schema_to_public()
