"""common.names: a catalogue item's name for a reader - theirs, else the office's, else any."""

import pytest
from django.utils import translation

from common.names import name_pick, name_required_field
from tests.helpers.offices import in_office

NAMES = {"pl": "Kawa", "sk": "", "en": "Coffee"}


def test_the_readers_name_else_the_offices_else_any(office_a, office_b):
    with in_office(office_a):  # a Polish office
        assert name_pick(NAMES, "en") == "Coffee"
        assert name_pick(NAMES, "sk") == "Kawa"  # no Slovak name: the office's
        with translation.override("en"):
            assert name_pick(NAMES) == "Coffee"  # the active language
        assert name_required_field() == "name_pl"
    with in_office(office_b):  # a Slovak office whose item lacks the Slovak name
        assert name_pick(NAMES, "sk") == "Kawa"  # any there is, in the languages' order
        assert name_required_field() == "name_sk"
    assert name_pick({"pl": "", "sk": "", "en": ""}, "pl") == ""


@pytest.mark.parametrize("language", ["de", "", None])
def test_a_language_without_names_reads_the_offices(office_a, language):
    with in_office(office_a), translation.override("pl"):
        assert name_pick(NAMES, language) == "Kawa"
