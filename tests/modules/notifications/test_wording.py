"""The wording of default client messages: the greeting's comma, mended in offices' saved
templates by migration 0005."""

import importlib

from django.apps import apps

from modules.notifications.models import MessageTemplate

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
