import pytest

from modules.notifications.channels.sms import (
    normalise_phone,
    sms_country,
    sms_fit,
    sms_length,
)


@pytest.mark.parametrize(
    "text, encoding, units, parts",
    [
        ("", "gsm7", 0, 0),
        ("a" * 160, "gsm7", 160, 1),
        ("a" * 161, "gsm7", 161, 2),
        ("a" * 306, "gsm7", 306, 2),
        ("a" * 307, "gsm7", 307, 3),
        ("€" * 80, "gsm7", 160, 1),  # extension table: two septets each
        ("[" * 81, "gsm7", 162, 2),
        ("ą" * 70, "ucs2", 70, 1),
        ("ą" * 71, "ucs2", 71, 2),
        ("Žiadosť" + "a" * 127, "ucs2", 134, 2),
        ("😀" * 35, "ucs2", 70, 1),  # outside the BMP: two UTF-16 units
    ],
)
def test_length_in_gsm7_and_ucs2(text, encoding, units, parts):
    got = sms_length(text)
    assert (got.encoding, got.units, got.parts) == (encoding, units, parts)


def test_fit_shortens_to_four_parts_with_an_ellipsis():
    fitted = sms_fit("ą" * 1000)
    assert sms_length(fitted).parts == 4
    assert fitted.endswith("…")
    assert sms_fit("krótko") == "krótko"


@pytest.mark.parametrize(
    "number, country",
    [
        ("+48601234567", "PL"),
        ("+421905123456", "SK"),
        ("+420601123456", "CZ"),
        ("+4915112345678", "DE"),
        ("+99912345678", None),
    ],
)
def test_country_of_a_number(number, country):
    assert sms_country(number) == country


def test_phone_numbers_are_normalised():
    assert normalise_phone("+48 601-234-567") == "+48601234567"
    assert normalise_phone("0048601234567") == "+48601234567"
