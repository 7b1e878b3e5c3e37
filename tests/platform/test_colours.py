import pytest

from common.colours import DARK, LIGHT, MINIMUM, contrast, readable


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#20c997", ("#20c997", DARK)),  # Bootstrap teal: white was 2.1:1
        ("#6c757d", ("#6c757d", LIGHT)),
        ("#ffffff", ("#ffffff", DARK)),
        ("#6f8f2f", ("#5d7827", LIGHT)),  # neither reached 4.5:1: shaded darker
    ],
)
def test_a_badge_colour_gets_text_that_reads(colour, expected):
    background, text = readable(colour)
    assert (background, text) == expected
    assert contrast(background, text) >= MINIMUM


def test_every_colour_of_a_coarse_grid_reads():
    steps = range(0, 256, 51)
    for r in steps:
        for g in steps:
            for b in steps:
                background, text = readable(f"#{r:02x}{g:02x}{b:02x}")
                assert contrast(background, text) >= MINIMUM, (r, g, b)
