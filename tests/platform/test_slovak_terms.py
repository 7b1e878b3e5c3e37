"""One Slovak word per concept across every catalogue (audit of a new office's first week:
"Notifikácie", "oznámenia" and "upozornenia" for the same notifications; the menu's
"Miestnosti" beside Administration's "Zasadačky").

- a notification (e-mail, SMS: what clients and the office receive) is a "notifikácia",
  to notify "informovať";
- an alert (the staff's in-app bell) is an "upozornenie": English tells them apart;
- a room is a "miestnosť"; the module and its Administration section ("Conference rooms")
  "Zasadacie miestnosti", as Polish says "Sale" and "Sale konferencyjne".
"""

import re

import polib
from django.utils import translation

from tests.helpers.catalogues import catalogue_paths


def _slovak_entries():
    for path in catalogue_paths():
        if path.parents[1].name != "sk":
            continue
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                yield path, entry


def test_a_notification_is_always_a_notifikacia_and_an_alert_an_upozornenie():
    found = []
    for path, entry in _slovak_entries():
        english = entry.msgid.lower()
        # "Warn before..." and postal / billing notices are other concepts.
        if not re.search(r"notif|\btold\b|\btell me\b", english):
            continue
        if re.search(r"\balert", english):
            continue  # an alert is an upozornenie (below)
        if re.search(r"(?i)oznámen|upozorn", entry.msgstr):
            found.append(f"{path.parents[3].name}: {entry.msgid!r} = {entry.msgstr!r}")
    assert found == []
    alerts = [
        entry.msgstr
        for _path, entry in _slovak_entries()
        if re.fullmatch(r"(in-app )?alerts?", entry.msgid.lower())
    ]
    assert alerts and all("upozorneni" in text.lower() for text in alerts)


def test_rooms_are_miestnosti_in_the_menu_and_in_administration():
    with translation.override("sk"):
        from django.utils.translation import gettext

        assert gettext("Rooms") == "Miestnosti"
        assert gettext("Conference rooms") == "Zasadacie miestnosti"
    found = [
        f"{path.parents[3].name}: {entry.msgid!r}"
        for path, entry in _slovak_entries()
        if re.search(r"(?i)zasadač", entry.msgstr)
    ]
    assert found == []
