import re

import polib
import pytest
from django.utils import translation

from tests.helpers.catalogues import (
    LANGUAGES,
    ROOT,
    catalogue_paths,
    catalogues,
    collisions,
    gaps,
)


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


def _catalogue(root, name: str, lang: str, text: str) -> None:
    folder = root / name / "locale" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + text,
        encoding="utf-8",
    )


def test_the_checks_find_a_collision_a_missing_entry_and_an_empty_translation(tmp_path):
    name, role = 'msgid "Name"\nmsgstr "%s"\n\n', 'msgid "Role"\nmsgstr "%s"\n'
    _catalogue(tmp_path, "modules/a", "pl", name % "Nazwa")
    _catalogue(tmp_path, "modules/a", "sk", name % "Názov")
    _catalogue(tmp_path, "modules/a", "en", name % "")
    thing = 'msgctxt "thing"\nmsgid "Name"\nmsgstr "Nazwa"\n\n'
    _catalogue(tmp_path, "modules/b", "pl", name % "Imię i nazwisko" + thing + role % "Rola")
    _catalogue(tmp_path, "modules/b", "sk", name % "Názov" + role % "")
    _catalogue(tmp_path, "modules/b", "en", name % "" + role % "")
    assert collisions(tmp_path) == {
        ("pl", (None, "Name")): {("Nazwa",): ["modules/a"], ("Imię i nazwisko",): ["modules/b"]}
    }
    assert gaps(tmp_path) == [
        "modules/b sk: no entry for ('thing', 'Name')",
        "modules/b en: no entry for ('thing', 'Name')",
        "modules/b sk: untranslated (None, 'Role')",
    ]


def _plural_gaps() -> list[str]:
    """Plural entries of the Polish and Slovak catalogues with an empty or missing form."""
    found = []
    for path in catalogue_paths():
        if path.parents[1].name not in ("pl", "sk"):
            continue
        po = polib.pofile(str(path))
        nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
        for entry in po:
            if entry.obsolete or not entry.msgid_plural:
                continue
            empty = [n for n in range(nplurals) if not entry.msgstr_plural.get(n)]
            if empty:
                found.append(f"{path.relative_to(ROOT)}: {entry.msgid!r} msgstr{empty}")
    return found


def test_every_plural_form_is_translated_in_polish_and_slovak():
    assert _plural_gaps() == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["1 klient", "3 klientów", "50 klientów", "10 użytkowników biura"]),
        ("sk", ["1 klient", "3 klienti", "50 klientov", "10 používateľov kancelárie"]),
    ],
)
def test_plan_limits_read_in_the_page_language(language, expected):
    with translation.override(language):
        texts = [
            translation.ngettext("%(n)s client", "%(n)s clients", n) % {"n": n} for n in (1, 3, 50)
        ]
        texts.append(translation.ngettext("%(n)s staff user", "%(n)s staff users", 10) % {"n": 10})
        sms = translation.ngettext("%(n)s SMS a month", "%(n)s SMS a month", 2000)
    assert texts == expected
    assert sms % {"n": 2000} == {"pl": "2000 SMS miesięcznie", "sk": "2000 SMS mesačne"}[language]


def test_slovak_change_counter_uses_the_many_form_for_five():
    with translation.override("sk"):
        five = translation.ngettext("%(counter)s change", "%(counter)s changes", 5)
    assert five % {"counter": 5} == "5 zmien"
