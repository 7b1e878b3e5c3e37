import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Role, User
from common.audit import audit_actions
from modules.audit.services import audit_record
from tests.helpers.offices import OfficeClient, in_office, member

ROOTS = ("modules", "platform", "tenants", "signup")
RECORDED = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for root in ROOTS:
        for path in (Path(settings.BASE_DIR) / root).rglob("*.py"):
            if "migrations" not in path.parts:
                found |= set(RECORDED.findall(path.read_text()))
    return found


def test_every_recorded_action_is_described_in_words():
    recorded = _recorded_actions()
    assert len(recorded) > 40
    assert sorted(recorded - set(audit_actions())) == []


def _text(html: str) -> str:
    body = html[html.index("<main") :]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize(
    "language, words",
    [
        ("pl", ["Zarejestrowano przesyłkę", "Dodano klienta", "Utworzono biuro"]),
        ("sk", ["Zásielka zaevidovaná", "Pridaný klient", "Kancelária vytvorená"]),
        ("en", ["Mail registered", "Client added", "Office created"]),
    ],
)
def test_the_audit_log_and_the_dashboard_say_what_happened_in_words(office_a, language, words):
    admin = member(office_a, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language=language)
    with in_office(office_a):
        for action in ("office.created", "client.created", "mail.registered"):
            audit_record(action=action, actor=admin, actor_label="Anna Nowak")
    web = OfficeClient(office_a, user=admin)
    codes = set(audit_actions())
    for path in ("/administration/audit-log/", "/dashboard/"):
        text = _text(web.get(path).content.decode())
        for word in words:
            assert word in text, (path, word)
        assert [code for code in codes if code in text] == [], path


ITEM_WORDS = {
    "pl": ["Zarejestrowano przesyłkę", "Przychodząca", "Kierunek", "Nowa korespondencja"],
    "sk": ["Zásielka zaevidovaná", "Prichádzajúca", "Smer", "Nová pošta"],
    "en": ["Mail registered", "Incoming", "Direction", "New mail"],
}


@pytest.mark.parametrize("language", ["pl", "sk", "en"])
def test_item_history_and_delivery_log_say_it_in_words(office_a, language):
    from modules.notifications.hooks import event_list
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.mail.factories import item_register
    from tests.modules.notifications.factories import email_recipient

    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language=language)
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las sp. z o.o.")
        email_recipient(client_id=client.pk, address="biuro@zielony.example.com")
        item = item_register(actor=staff, client=client, notify_choice="email")
    web = OfficeClient(office_a, user=staff)
    history = _text(web.get(f"/mail/{item.pk}/").content.decode())
    history = history[history.index("item-history") :] if "item-history" in history else history
    log = _text(web.get("/notifications/").content.decode())
    detail_id = log  # the log lists the delivery by the client's name
    assert "Zielony Las sp. z o.o." in detail_id and f"#{client.pk}" not in log
    codes = set(audit_actions()) | {event.code for event in event_list()}
    for word in ITEM_WORDS[language][:3]:
        assert word in history, word
    assert ITEM_WORDS[language][3] in log
    assert [code for code in codes if code in history] == []
    assert [code for code in codes if code in log] == []
    assert "received_at" not in history and "T0" not in history.split("item-history")[-1]


def test_a_built_in_status_recorded_in_one_language_reads_in_the_readers(office_a):
    # A change is recorded with the status's name in the language of whoever made it;
    # a built-in name reads in each reader's language, an office's own name as recorded.
    from django.utils import translation

    from modules.mail.models import MailStatus
    from modules.mail.services.items import mail_update
    from tests.modules.clients.factories import ClientFactory
    from tests.modules.mail.factories import item_register, status

    polish = member(office_a, Role.STAFF, language="pl")
    with in_office(office_a):
        item = item_register(actor=polish, client=ClientFactory())
        own = MailStatus.objects.create(name="Na półce B", order=90)
        with translation.override("pl"):
            mail_update(item=item, actor=polish, data={"status": status(MailStatus.SCANNED)})
            mail_update(item=item, actor=polish, data={"status": own})
    readings = {}
    for language in ("en", "sk", "pl"):
        reader = member(office_a, Role.STAFF, language=language)
        page = OfficeClient(office_a, user=reader).get(f"/mail/{item.pk}/").content.decode()
        readings[language] = re.sub(r"<[^>]+>", " ", page[page.index("item-history") :])
        with translation.override(language):
            to_pick_up = str(MailStatus.BUILTIN_LABELS[MailStatus.TO_PICK_UP])
            scanned = str(MailStatus.BUILTIN_LABELS[MailStatus.SCANNED])
        assert f"{to_pick_up} → {scanned}" in readings[language], language
        assert f"{scanned} → Na półce B" in readings[language], language
    assert "Do odbioru" not in readings["en"] and "Zeskanowane" not in readings["sk"]


def _seed_every_demo(office) -> None:
    """Every app's demo (as `manage.py seed_demo`), in the office's schema and language."""
    from common.management.commands.seed_demo import office_demo_seed

    people = {
        "owner": member(office, Role.OWNER),
        "staff": member(office, Role.STAFF),
        "sk_owner": member(office, Role.OWNER),
        "client": User.objects.create_user(email="client-demo@example.com", password="x"),
    }
    office_demo_seed([office], people)
    connection.set_schema_to_public()


def test_every_change_the_demo_records_reads_in_words(office_a):
    """Every key of every change the demo records (about 50 actions from every module) has
    a name written for people: a translatable field name or a label its app registered
    (common.audit.audit_changes_register). A key named by its code would show on a client's
    History tab and in the audit log as "unit_price"."""
    from django.utils import translation

    from common.audit import _entry_words
    from modules.audit.models import AuditEntry
    from modules.clients.models import Client

    _seed_every_demo(office_a)
    with in_office(office_a), translation.override("pl"):
        entries = list(AuditEntry.objects.all())
        actions = {entry.action for entry in entries}
        unnamed = sorted(
            {
                (entry.action, label)
                for entry in entries
                for label, _words, known in _entry_words(entry)
                if not known
            }
        )
        client = Client.objects.filter(
            pk__in=[e.target_id for e in entries if e.action == "billing.usage_recorded"]
        ).first()
    assert len(actions) > 30
    assert unnamed == [], "\n".join(map(str, unnamed))

    owner = member(office_a, Role.OWNER)
    User.objects.filter(pk=owner.pk).update(language="pl")
    web = OfficeClient(office_a, user=owner)
    history = _text(web.get(f"/clients/{client.pk}/history/").content.decode())
    log = _text(web.get("/administration/audit-log/").content.decode())
    for text in (history, log):
        assert [code for code in audit_actions() if code in text] == []
    assert "Zapisano użycie" in history and "Cena jednostkowa" in history
    assert "unit_price" not in history and "Zmiany" in log
