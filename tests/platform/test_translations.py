from django.utils import translation

from tests.helpers.catalogues import LANGUAGES, catalogues, collisions, gaps


def test_every_catalogue_is_read_in_the_three_languages():
    found = catalogues()
    names = {name for name, _language in found}
    assert {".", "modules/mail", "modules/notifications", "signup", "platform/console"} <= names
    assert set(found) == {(name, lang) for name in names for lang in LANGUAGES}


def test_no_two_catalogues_translate_the_same_msgid_and_context_differently():
    assert collisions() == {}


def test_every_entry_is_in_every_language_and_translated_in_polish_and_slovak():
    assert gaps() == []


def test_a_word_with_two_meanings_is_translated_by_its_context():
    with translation.override("pl"):
        assert translation.pgettext("person", "Name") == "Imię i nazwisko"
        assert translation.pgettext("thing", "Name") == "Nazwa"
    with translation.override("sk"):
        assert translation.pgettext("person", "Name") == "Meno"
        assert translation.pgettext("thing", "Name") == "Názov"
