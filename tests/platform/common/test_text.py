import pytest
from django.core.exceptions import ValidationError

from common.text import has_visible_characters, visible_text_check, visible_text_validator


@pytest.mark.parametrize(
    "text",
    [
        "\u202e",  # right-to-left override
        "\u200b\u200b",  # zero-width spaces
        "\ufeff\u2060\u200d\u00ad",  # BOM, word joiner, zero-width joiner, soft hyphen
        " \u00a0\u3000",  # spaces
        "\u0301",  # a combining accent with no letter
        "\u3164\u2800",  # Hangul filler, braille blank
        "\ue000",  # private use
    ],
)
def test_text_that_shows_nothing_has_no_visible_character(text):
    assert has_visible_characters(text) is False
    with pytest.raises(ValidationError) as refused:
        visible_text_validator(text)
    assert refused.value.code == "invisible"


@pytest.mark.parametrize("text", ["Łódź", "\u202eabc", "1", " -", "📦", "Odeslané"])
def test_text_with_one_visible_character_passes(text):
    assert has_visible_characters(text) is True
    visible_text_validator(text)


def test_the_check_names_each_field_that_shows_nothing_and_leaves_empty_text_alone():
    with pytest.raises(ValidationError) as refused:
        visible_text_check(name="\u200b", label="Ok", title="")
    assert refused.value.message_dict == {
        "name": ["Type at least one visible character: letters, digits or punctuation."]
    }
    visible_text_check(name="", label="Ok")
