"""Control characters: refused at entry (common.middleware.InputGuardMiddleware), stripped
where stored text leaves the system in a format that cannot carry them (XLSX, XML).

C0 controls other than tab, line feed and carriage return have no business in text people
type; PostgreSQL refuses NUL in text outright (a 500 before this check) and XLSX refuses the
rest (one client name with \\x01 broke a whole office's export).
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def control_characters_strip(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
