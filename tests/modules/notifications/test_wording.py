"""The wording of default client and office messages: the greeting's comma, mended in
offices' saved templates by migration 0005; names (senders, clients, rooms) never where Polish
or Slovak would decline them, mended in saved templates by migration 0007."""

import datetime
import importlib
import re
from pathlib import Path

import polib
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext

from modules.notifications.hooks import CLIENT, event_get, event_list
from modules.notifications.models import MessageTemplate
from modules.notifications.services.notify import template_sources

OLD_SK = "Dobrý deň{% if recipient_name %} {{ recipient_name }}{% endif %},\n\nnová pošta."
OLD_PL = "Dzień dobry{% if recipient_name %} {{ recipient_name }}{% endif %},\n\nnowa poczta."


def test_saved_templates_get_the_greetings_comma_and_rewritten_ones_stay(in_office_a):
    mend = importlib.import_module("modules.notifications.migrations.0005_greeting_comma").mend
    sk = MessageTemplate.objects.create(
        event="mail.new", language="sk", subject="S", body=OLD_SK, sms=""
    )
    pl = MessageTemplate.objects.create(
        event="mail.new", language="pl", subject="S", body=OLD_PL, sms=""
    )
    own = MessageTemplate.objects.create(
        event="mail.scan_added",
        language="sk",
        subject="S",
        body="Ahoj {{ recipient_name }}",
        sms="",
    )
    mend(apps, None)
    sk.refresh_from_db()
    pl.refresh_from_db()
    own.refresh_from_db()
    assert sk.body == (
        "Dobrý deň{% if recipient_name %}, {{ recipient_name }}{% endif %},\n\nnová pošta."
    )
    assert pl.body == (
        "Dzień dobry{% if recipient_name %}, {{ recipient_name }}{% endif %},\n\nnowa poczta."
    )
    assert own.body == "Ahoj {{ recipient_name }}"


def test_the_editors_parse_error_is_in_the_readers_language_and_quotes_the_line():
    from django.utils import translation

    from modules.notifications import sandbox

    source = "Dobrý deň,\n\n{{ client_name|| upper }}"
    with translation.override("sk"):
        (error,) = sandbox.validate(source, variables=("client_name",))
    assert error == (
        "Riadok 3: šablónu na tomto mieste nemožno prečítať: „{{ client_name|| upper }}“. "
        "Premennú napíšte ako {{ názov }}, s filtrom ako {{ názov|filter }}."
    )
    assert "Could not parse" not in error
    with translation.override("pl"):
        (error,) = sandbox.validate("{{ client_name! }}", variables=("client_name",))
    assert error.startswith(
        "Wiersz 1: nie można odczytać szablonu w tym miejscu: „{{ client_name! }}”."
    )


def test_default_texts_put_no_name_after_a_preposition_that_would_decline_it():
    """ "od Sociálna poisťovňa", "dla Zielony Las sp. z o.o.": a name in a variable cannot be
    declined, so the default texts give it after a colon ("odosielateľ: ...")."""
    import re

    from modules.notifications.hooks import event_list

    names = r"(client_name|office_name|mail_sender|booker_name|recipient_name)"
    before = re.compile(r"\b(od|dla|do|w|z|v|vo|pre|k|ku|u) \{\{ " + names)
    found = []
    for event in event_list():
        for language in ("pl", "sk"):
            texts = event.defaults[language]
            for text in (texts.subject, texts.body, texts.sms):
                found += [(event.code, language, m.group(0)) for m in before.finditer(text)]
    assert found == []


def test_no_default_text_declines_a_name_it_cannot():
    """Wider than the test above: a colon after the preposition does not help ("od: ZUS"),
    nor does a phrase that governs the genitive or the accusative ("w imieniu", "v mene",
    "rezerwuje Sala A")."""
    import re

    from modules.notifications.hooks import event_list

    names = (
        r"(client_name|office_name|mail_sender|mail_recipient|booker_name|recipient_name|"
        r"room_name|sender_name|author|requested_by|dispatched_by)"
    )
    before = re.compile(
        r"\b(od|dla|do|w|z|ze|o|na|za|przez|v|vo|pre|k|ku|u|zo|w imieniu|v mene|rezerwuje|"
        r"rezervuje|wysłał|odoslal):? \{\{ " + names,
        re.IGNORECASE,
    )
    found = []
    for event in event_list():
        for language in ("pl", "sk"):
            texts = event.defaults[language]
            for text in (texts.subject, texts.body, texts.sms):
                found += [(event.code, language, m.group(0)) for m in before.finditer(text)]
    assert found == []


def _rendered(office, code: str, language: str, context: dict):
    from modules.notifications.hooks import event_get
    from modules.notifications.services.notify import base_context, render_message

    event = event_get(code)
    return render_message(
        sources=template_sources(event, language),
        context=base_context(event=event, office=office, context=context),
        language=language,
        office=office,
    )


MAIL_PL = {
    "client_name": "Zielony Las sp. z o.o.",
    "mail_sender": "Zakład Ubezpieczeń Społecznych",
    "mail_type": "list polecony",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    "mail_items": 1,
}
MAIL_SK = {
    **MAIL_PL,
    "client_name": "Horský dom s. r. o.",
    "mail_sender": "Sociálna poisťovňa",
    "mail_type": "doporučený list",
}


def test_names_of_senders_clients_and_rooms_read_in_the_nominative(in_office_a):
    office = in_office_a
    pl = _rendered(office, "mail.new", "pl", MAIL_PL)
    assert pl.subject == "Nowa korespondencja – nadawca: Zakład Ubezpieczeń Społecznych"
    assert pl.sms == (
        "Biuro A: nowa korespondencja, nadawca: Zakład Ubezpieczeń Społecznych (list polecony)."
    )
    sk = _rendered(office, "mail.new", "sk", MAIL_SK)
    assert sk.subject == "Nová pošta – odosielateľ: Sociálna poisťovňa"
    assert sk.sms == "Biuro A: nová pošta, odosielateľ: Sociálna poisťovňa (doporučený list)."

    sent = {
        "client_name": "Zielony Las sp. z o.o.",
        "mail_recipient": "Sąd Rejonowy dla Warszawy",
        "mail_type": "list polecony",
        "mail_sent_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
        "mail_items": 1,
    }
    assert _rendered(office, "mail.sent", "pl", sent).body.splitlines()[2:5] == [
        "wysłaliśmy w Twoim imieniu korespondencję.",
        "",
        "Nadawca: Zielony Las sp. z o.o.",
    ]
    sent_sk = {**sent, "client_name": "Horský dom s. r. o.", "mail_recipient": "Okresný súd"}
    assert _rendered(office, "mail.sent", "sk", sent_sk).body.splitlines()[2:6] == [
        "v mene vašej spoločnosti sme odoslali poštu.",
        "",
        "Odosielateľ: Horský dom s. r. o.",
        "Adresát: Okresný súd",
    ]

    booking = {
        "room_name": "Sala Zielona",
        "booker_name": "Anna Nowak",
        "booking_starts_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
        "booking_ends_at": datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.UTC),
        "manage_url": "https://office-a.example/rooms/bookings/5/",
    }
    assert _rendered(office, "rooms.approval_needed", "pl", booking).body == (
        "Anna Nowak rezerwuje salę: Sala Zielona, 02.03.2026 10:30–12:00.\n"
        "Zatwierdź lub odrzuć: https://office-a.example/rooms/bookings/5/"
    )
    booking_sk = {**booking, "room_name": "Zasadačka Tatry", "booker_name": "Ján Novák"}
    assert _rendered(office, "rooms.approval_needed", "sk", booking_sk).body == (
        "Ján Novák rezervuje miestnosť: Zasadačka Tatry, 02.03.2026 10:30–12:00.\n"
        "Schváliť alebo zamietnuť: https://office-a.example/rooms/bookings/5/"
    )


def test_saved_templates_take_the_new_wording_only_where_it_is_still_the_old_default(
    in_office_a,
):
    """Migration 0007: a part of an office's wording still exactly the old default follows
    the new default; a part the office wrote itself stays as written."""
    migration = importlib.import_module("modules.notifications.migrations.0007_names_after_a_colon")
    old = {key: value[0] for key, value in migration.CHANGES.items()}
    # The office changed the SMS only: the subject is still the old default.
    sms_only = MessageTemplate.objects.create(
        event="mail.new",
        language="pl",
        subject=old[("mail.new", "pl", "subject")],
        body="Dzień dobry,\n\nnowa poczta.",
        sms="Nowa poczta: {{ mail_sender }}",
    )
    # An own subject stays, even with the old phrase in it.
    own = MessageTemplate.objects.create(
        event="mail.new",
        language="sk",
        subject="Pošta pre vás od: {{ mail_sender }}",
        body="Dobrý deň",
        sms="Pošta",
    )
    # The old default as a browser sends it back (CRLF line ends).
    crlf = MessageTemplate.objects.create(
        event="mail.sent",
        language="sk",
        subject="Odoslaná pošta",
        body=old[("mail.sent", "sk", "body")].replace("\n", "\r\n"),
        sms="Odoslaná pošta",
    )
    booking = MessageTemplate.objects.create(
        event="rooms.approval_needed",
        language="pl",
        subject="Do zatwierdzenia",
        body="{{ booker_name }} rezerwuje {{ room_name }}. Prosimy o decyzję.",
        sms="Rezerwacja",
    )
    migration.mend(apps, None)
    # and 0008: the untouched default greeting loses the name (pl, sk).
    importlib.import_module("modules.notifications.migrations.0009_greeting_without_name").mend(
        apps, None
    )
    for row in (sms_only, own, crlf, booking):
        row.refresh_from_db()
    assert sms_only.subject == "Nowa korespondencja – nadawca: {{ mail_sender }}"
    assert (sms_only.body, sms_only.sms) == (
        "Dzień dobry,\n\nnowa poczta.",
        "Nowa poczta: {{ mail_sender }}",
    )
    assert own.subject == "Pošta pre vás od: {{ mail_sender }}"
    assert crlf.body.splitlines()[2:5] == [
        "v mene vašej spoločnosti sme odoslali poštu.",
        "",
        "Odosielateľ: {{ client_name }}",
    ]
    from modules.notifications.hooks import event_get

    assert crlf.body == event_get("mail.sent").defaults["sk"].body  # now the default itself
    assert booking.body == "{{ booker_name }} rezerwuje {{ room_name }}. Prosimy o decyzję."


def test_the_english_new_mail_subject_reads_without_a_colon_and_saved_defaults_follow(
    in_office_a,
):
    """ "New mail from: ZUS" had a colon English does not use; the default is now "New mail
    from ZUS" (Polish and Slovak keep theirs). Migration 0008 moves a saved English subject
    still exactly the old default; one the office wrote itself, and Polish, stay."""
    from modules.notifications.hooks import event_get

    office = in_office_a
    assert _rendered(office, "mail.new", "en", MAIL_PL).subject == (
        "New mail from Zakład Ubezpieczeń Społecznych"
    )
    defaults = event_get("mail.new").defaults
    assert defaults["pl"].subject == "Nowa korespondencja – nadawca: {{ mail_sender }}"
    assert defaults["sk"].subject == "Nová pošta – odosielateľ: {{ mail_sender }}"
    migration = importlib.import_module(
        "modules.notifications.migrations.0008_english_mail_subject"
    )
    # The office changed the English SMS only; the subject is the old default (CRLF-free,
    # with the blank edges the editor strips).
    en = MessageTemplate.objects.create(
        event="mail.new",
        language="en",
        subject=" New mail from: {{ mail_sender }}\r\n",
        body="Hello,\n\nnew mail.",
        sms="Mail from {{ mail_sender }}",
    )
    own = MessageTemplate.objects.create(
        event="mail.new",
        language="pl",
        subject="New mail from: {{ mail_sender }}",  # a Polish row: not touched
        body="Dzień dobry",
        sms="Poczta",
    )
    migration.mend(apps, None)
    en.refresh_from_db()
    own.refresh_from_db()
    assert (en.subject, en.body, en.sms) == (
        "New mail from {{ mail_sender }}",
        "Hello,\n\nnew mail.",
        "Mail from {{ mail_sender }}",
    )
    assert own.subject == "New mail from: {{ mail_sender }}"
    MessageTemplate.objects.filter(pk=en.pk).update(subject="Post for you: {{ mail_sender }}")
    migration.mend(apps, None)
    en.refresh_from_db()
    assert en.subject == "Post for you: {{ mail_sender }}"


# Polish: the panel says "Twój", "Ty" ("Czeka na Ciebie:", "Twoje firmy"); "Państwo" and
# "Pan/Pani" forms are the other way of address. Slovak: vykanie ("vaše", "vám"); "tvoj",
# "teba" are tykanie.
PL_FORMAL = re.compile(r"\b(Państw[aouem]*|Pan[auie]?|Pani[ąe]?)\b")
SK_INFORMAL = re.compile(r"\b(tv(oj|oja|oje|ojej|oju|ojho|ojmu|ojich|ojim|ojom)|teba|tebe)\b", re.I)


def _catalogue_texts(language: str) -> list[tuple[str, str]]:
    root = Path(__file__).resolve().parents[3]
    texts = []
    for path in root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
        if path.is_relative_to(root / ".venv") or path.is_relative_to(root / "node_modules"):
            continue
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                    texts.append((entry.msgid, text))
    return texts


def test_polish_and_slovak_address_the_reader_one_way_in_panel_and_client_messages():
    """Polish: "Twój/Ty" as the panel mostly says (24 panel and client e-mail texts against 7
    with "Państwa", which now say "Twoim", "Twoją", "Ciebie"); Slovak: vykanie everywhere."""
    pl = [(msgid, text) for msgid, text in _catalogue_texts("pl") if PL_FORMAL.search(text)]
    assert pl == []
    sk = [(msgid, text) for msgid, text in _catalogue_texts("sk") if SK_INFORMAL.search(text)]
    assert sk == []
    for event in event_list():
        if event.audience != CLIENT:
            continue
        for part in ("subject", "body", "sms"):
            assert not PL_FORMAL.search(getattr(event.defaults["pl"], part)), event.code
            assert not SK_INFORMAL.search(getattr(event.defaults["sk"], part)), event.code
    sent = event_get("mail.sent").defaults["pl"]
    assert sent.subject == "Wysłaliśmy korespondencję w Twoim imieniu"
    assert "czeka na Ciebie nowa wiadomość" in event_get("message.new").defaults["pl"].body
    with translation.override("pl"):
        assert gettext("Waiting for you:") == "Czeka na Ciebie:"
        assert gettext(
            "The office waits for your approval before it starts work on this request."
        ) == ("Biuro czeka na Twoje zatwierdzenie przed rozpoczęciem prac nad tym zgłoszeniem.")
    with translation.override("sk"):
        assert gettext("No timer of yours is running.") == "Žiadne vaše stopky nebežia."


def test_saved_polish_templates_still_the_old_formal_default_follow_the_panels_address(
    in_office_a,
):
    """Migration 0010: a part still exactly the old "Państwa" default takes the new one; a
    part the office wrote itself stays."""
    migration = importlib.import_module(
        "modules.notifications.migrations.0010_polish_address_as_the_panel"
    )
    old = {key: value[0] for key, value in migration.CHANGES.items()}
    kept = MessageTemplate.objects.create(
        event="mail.sent",
        language="pl",
        subject="Wysłaliśmy w Państwa imieniu list",  # the office's own
        body=old[("mail.sent", "pl", "body")].replace("\n", "\r\n"),
        sms=old[("mail.sent", "pl", "sms")],
    )
    message = MessageTemplate.objects.create(
        event="message.new",
        language="pl",
        subject="Wiadomość",
        body=old[("message.new", "pl", "body")],
        sms="SMS",
    )
    migration.mend(apps, None)
    # messaging 0002 then drops the second company name ("(klient: …)") from the same default
    importlib.import_module("modules.messaging.migrations.0002_message_new_company_once").mend(
        apps, None
    )
    kept.refresh_from_db()
    message.refresh_from_db()
    sent = event_get("mail.sent").defaults["pl"]
    assert kept.subject == "Wysłaliśmy w Państwa imieniu list"
    assert (kept.body, kept.sms) == (sent.body, sent.sms)
    assert message.body == event_get("message.new").defaults["pl"].body


def test_polish_names_the_approval_zatwierdzenie_and_saved_old_defaults_follow(in_office_a):
    """Audit 2026-12-07: the approval e-mail was "Prośba o akceptację" ("czeka na Twoją
    zgodę") while the panel says "Czeka na zatwierdzenie" and "akceptacja" is the acceptance
    of finished work. Migration 0011 moves a saved part still exactly the old default."""
    approval = event_get("helpdesk.approval_needed").defaults["pl"]
    assert approval.subject == "Prośba o zatwierdzenie: {{ request_number }} {{ request_subject }}"
    assert "czeka na Twoje zatwierdzenie przed rozpoczęciem prac." in approval.body
    assert approval.sms == "Zgłoszenie {{ request_number }} czeka na zatwierdzenie."
    for text in (approval.subject, approval.body, approval.sms):
        assert "akcept" not in text.lower() and "zgod" not in text.lower()
    resolved = event_get("helpdesk.resolved").defaults["pl"]
    assert "Prosimy o akceptację i ocenę" in resolved.body  # acceptance keeps its word
    migration = importlib.import_module(
        "modules.notifications.migrations.0011_polish_approval_word"
    )
    ((old_subject, _new),) = migration.CHANGES["subject"]
    saved = MessageTemplate.objects.create(
        event="helpdesk.approval_needed",
        language="pl",
        subject=old_subject,
        body=migration.CHANGES["body"][0][0],
        sms="Nasz własny SMS",  # the office's own
    )
    migration.mend(apps, None)
    saved.refresh_from_db()
    assert (saved.subject, saved.body) == (approval.subject, approval.body)
    assert saved.sms == "Nasz własny SMS"


def test_the_new_mail_email_names_the_company_once_and_saved_defaults_follow(in_office_a):
    """Gap of 2026-12-07: the new-mail e-mail opens with the company line ("Company: …")
    and its default text named the company again ("new mail has arrived for <company>.",
    "Adresat: <company>", "Adresát: <company>"). The defaults no longer do; migration
    0012 moves a saved message still exactly the old default, what an office wrote stays."""
    from modules.notifications.models import Delivery
    from modules.notifications.services import notify
    from tests.modules.notifications.factories import email_recipient

    for language in ("pl", "sk", "en"):
        email_recipient(client_id=1, address=f"{language}@lipa.pl", language=language)
    notification = notify(event="mail.new", client_id=1, context=MAIL_PL)
    bodies = dict(
        Delivery.objects.filter(notification=notification).values_list("language", "body")
    )
    assert sorted(bodies) == ["en", "pl", "sk"]
    for language, body in bodies.items():
        assert body.count("Zielony Las sp. z o.o.") == 1, (language, body)
    assert bodies["en"].splitlines()[:5] == [
        "Company: Zielony Las sp. z o.o.",
        "",
        "Hello,",
        "",
        "new mail has arrived.",
    ]
    assert bodies["pl"].splitlines()[4:7] == [
        "przyszła nowa korespondencja.",
        "",
        "Nadawca: Zakład Ubezpieczeń Społecznych",
    ]
    assert bodies["sk"].splitlines()[4:7] == [
        "prišla nová pošta.",
        "",
        "Odosielateľ: Zakład Ubezpieczeń Społecznych",
    ]
    migration = importlib.import_module(
        "modules.notifications.migrations.0012_mail_new_company_once"
    )
    defaults = event_get("mail.new").defaults
    saved = {
        language: MessageTemplate.objects.create(
            event="mail.new",
            language=language,
            subject="Own subject",
            body=migration.CHANGES[language][0].replace("\n", "\r\n") + "\n",
            sms="Own SMS",
        )
        for language in ("pl", "sk")
    }
    own = MessageTemplate.objects.create(
        event="mail.new",
        language="en",
        subject="S",
        body=migration.CHANGES["en"][0] + "\n\nP.S. Call us.",
        sms="X",
    )
    migration.mend(apps, None)
    for language, row in saved.items():
        row.refresh_from_db()
        assert (row.subject, row.body, row.sms) == (
            "Own subject",
            defaults[language].body,
            "Own SMS",
        )
    own.refresh_from_db()
    assert own.body == migration.CHANGES["en"][0] + "\n\nP.S. Call us."
    assert migration.CHANGES["en"][0].replace(*migration.CHANGES["en"][1:]) == (defaults["en"].body)
