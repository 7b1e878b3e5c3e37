"""Control characters: refused at entry (common.middleware.InputGuardMiddleware), stripped
where stored text leaves the system in a format that cannot carry them (XLSX, XML).

C0 controls other than tab, line feed and carriage return have no business in text people
type; PostgreSQL refuses NUL in text outright (a 500 before this check) and XLSX refuses the
rest (one client name with \\x01 broke a whole office's export).

Invisible text: a name made only of characters that show nothing (U+202E right-to-left
override, zero-width spaces, other format characters, spaces) passes `required` and
`strip()` yet appears as an empty badge or option. `has_visible_characters` says whether
anything shows; `visible_text_check` (a model's clean) and `visible_text_validator` (a form
or model field) refuse such text at its field.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def control_characters_strip(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


# Letters and symbols that fonts draw as nothing (Hangul fillers, the braille blank): their
# Unicode category says "letter" or "symbol", so the category test alone lets them through.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

INVISIBLE_ONLY = _("Type at least one visible character: letters, digits or punctuation.")


def is_visible_character(char: str) -> bool:
    """False for what shows nothing on its own: white space and separators (Z), controls,
    format characters such as U+200B or U+202E, private-use and unassigned code points (C),
    combining marks without a letter (M), and the blank glyphs above."""
    if char in _BLANK_GLYPHS or char.isspace():
        return False
    return unicodedata.category(char)[0] not in "CZM"


def has_visible_characters(text: str) -> bool:
    return any(map(is_visible_character, text))


def visible_text_validator(value) -> None:
    """A field validator: text that shows nothing is refused (empty text is left to the
    field's `required`)."""
    if value and not has_visible_characters(str(value)):
        raise ValidationError(INVISIBLE_ONLY, code="invisible")


def visible_text_check(**fields) -> None:
    """For a model's clean(): a ValidationError naming each field (keyword) whose text is not
    empty yet shows nothing."""
    errors = {
        name: ValidationError(INVISIBLE_ONLY, code="invisible")
        for name, value in fields.items()
        if value and not has_visible_characters(str(value))
    }
    if errors:
        raise ValidationError(errors)
