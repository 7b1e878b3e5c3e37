import pytest

from common.pdf import pdf_char_boxes, pdf_text
from modules.invoices.pdf import invoice_pdf_render
from tests.helpers.offices import in_office
from tests.modules.invoices.factories import (
    SK_LINES,
    SK_SELLER,
    buyer,
    issued,
    office_details,
    sk_buyer,
)


def _boxes(content: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every printed character of page 1 with its glyph box (left, bottom, right, top)."""
    return pdf_char_boxes(content)


def _overlaps(chars) -> list[str]:
    """Pairs of characters printed over each other (more than a fifth of the smaller glyph
    covered): what a heading too wide for its column does to its neighbour. Neighbours in
    the text are not compared: kerning ("Te") tucks a glyph under the one before it."""
    found = []
    for i, (a, (al, ab, ar, at)) in enumerate(chars):
        for b, (bl, bb, br, bt) in chars[i + 2 :]:
            width, height = min(ar, br) - max(al, bl), min(at, bt) - max(ab, bb)
            if width <= 0 or height <= 0:
                continue
            smaller = min((ar - al) * (at - ab), (br - bl) * (bt - bb)) or 1
            if width * height > smaller / 5:
                found.append(f"{a}/{b} at {al:.0f},{ab:.0f}")
    return found


def _render(office, language: str, bilingual: bool) -> bytes:
    with in_office(office):
        if office.country == "SK":
            office_details(**SK_SELLER)
            invoice = issued(sk_buyer(language=language), SK_LINES)
        else:
            office_details()
            invoice = issued(buyer(language=language))
        return invoice_pdf_render(invoice=invoice, bilingual=bilingual)


@pytest.mark.parametrize(
    ("office", "language", "bilingual"),
    [
        ("office_a", "pl", False),
        ("office_a", "en", False),
        ("office_b", "sk", False),
        ("office_a", "pl", True),
        ("office_b", "sk", True),
    ],
)
def test_no_text_of_the_invoice_pdf_prints_over_other_text(request, office, language, bilingual):
    content = _render(request.getfixturevalue(office), language, bilingual)
    chars = _boxes(content)
    assert len(chars) > 300
    assert _overlaps(chars) == []


def _text(content: bytes) -> str:
    return pdf_text(content)


def test_a_slovak_invoice_pdf_uses_the_slovak_invoice_terms(office_b):
    text = _text(_render(office_b, "sk", False)).replace("\r", "")
    for words in (
        "Dodávateľ",
        "Odberateľ",
        "Dátum vystavenia",
        "Obdobie dodania",
        "Dátum splatnosti",
        "Spôsob úhrady",
        "IČO: 35757442",
        "DIČ: 2020273893",
        "IČ DPH: SK2020273893",
        "IČO: 31333532",
        "DIČ: 2020273805",
        "Základ dane",
        "Spolu",
        "K úhrade: 110,67",
    ):
        assert words in text
    assert "Termín" not in text
    assert "Na úhradu" not in text


def _reverse_charge(office, language: str, bilingual: bool) -> bytes:
    """A reverse-charge invoice: a Polish buyer of the Slovak office, a Slovak one of the
    Polish office (every line "np")."""
    with in_office(office):
        if office.country == "SK":
            office_details(**SK_SELLER)
            invoice = issued(buyer(language=language, country="PL"), SK_LINES)
        else:
            office_details()
            invoice = issued(sk_buyer(language=language))
        assert invoice.reverse_charge
        return invoice_pdf_render(invoice=invoice, bilingual=bilingual)


@pytest.mark.parametrize(
    ("office", "language", "bilingual", "mark", "wording"),
    [
        ("office_b", "sk", False, "PDP", "Prenesenie daňovej povinnosti"),
        ("office_b", "sk", True, "PDP", "Prenesenie daňovej povinnosti / Reverse charge"),
        ("office_a", "pl", False, "np.", "Odwrotne obciążenie"),
        ("office_a", "en", False, "RC", "Reverse charge"),
    ],
)
def test_a_reverse_charge_pdf_prints_a_short_rate_and_the_legal_words_once(
    request, office, language, bilingual, mark, wording
):
    content = _reverse_charge(request.getfixturevalue(office), language, bilingual)
    chars = _boxes(content)
    assert _overlaps(chars) == []
    text = " ".join(_text(content).split())
    assert text.count(wording.split(" / ")[0]) == 1  # once, under the table
    assert f"{wording} ({mark})" in text
    assert "prenesenie daňovej povinnosti" not in text  # never in the rate column
    if language == "pl":
        assert "odwrotne obciążenie" in text.lower()


def test_a_wrapping_title_never_breaks_the_invoice_number(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(buyer(language="pl"))
        # A long number (an office's own pattern) in a title too wide for one line.
        invoice.number = "FV/2026/10/000123/WARSZAWA-CENTRUM/ODDZIAŁ/ZAMÓWIENIA/PUBLICZNE/X"
        content = invoice_pdf_render(invoice=invoice, bilingual=True)
    lines = [line.strip() for line in pdf_text(content).splitlines()]
    assert invoice.number in lines
