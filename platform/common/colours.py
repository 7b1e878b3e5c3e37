"""Text on a coloured background (a mail status's badge, whatever colour the office chose)
that stays readable: black or white, whichever contrasts more (WCAG 2 relative luminance;
white on the default teal #20c997 was 2.1:1, axe's minimum is 4.5:1); a mid-tone colour
that neither reaches (#6f8f2f: 4.1 and 4.0) is shaded darker until white does."""

from __future__ import annotations

from functools import lru_cache

DARK, LIGHT = "#212529", "#ffffff"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@lru_cache(maxsize=256)
def text_on(background: str) -> str:
    """DARK or LIGHT for text on `background` ("#rrggbb"; anything else gets LIGHT)."""
    if not (isinstance(background, str) and len(background) == 7 and background[0] == "#"):
        return LIGHT
    try:
        return DARK if contrast(DARK, background) > contrast(LIGHT, background) else LIGHT
    except ValueError:
        return LIGHT


MINIMUM = 4.5  # WCAG 2 AA, normal text


@lru_cache(maxsize=256)
def readable(background: str) -> tuple[str, str]:
    """(background, text) for a badge of `background`: the colour itself with black or
    white text when one reaches MINIMUM, else the colour shaded darker (the same hue) with
    white text."""
    text = text_on(background)
    if text == LIGHT and not (
        isinstance(background, str) and len(background) == 7 and background[0] == "#"
    ):
        return background, text
    try:
        if contrast(text, background) >= MINIMUM:
            return background, text
        channels = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    except ValueError:
        return background, LIGHT
    shaded = background
    while contrast(LIGHT, shaded) < MINIMUM:
        channels = [int(c * 0.92) for c in channels]
        shaded = "#" + "".join(f"{c:02x}" for c in channels)
    return shaded, LIGHT
