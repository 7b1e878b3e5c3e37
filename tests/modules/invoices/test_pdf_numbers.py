"""The invoice PDF read back as text: row numbers 10-12 on one line (the "#" column was too
narrow: "1 / 0"), no hyphenated heading ("Jednost-ka"; the Polish heading is "J.m."), the
VAT summary grouped as the amount due ("1 054,11", not "1054,11"), the IBAN in fours."""

import re

import pytest

from common.pdf import pdf_text
from modules.invoices.pdf import invoice_pdf_render
from tests.helpers.offices import in_office
from tests.modules.invoices.factories import (
    SK_SELLER,
    buyer,
    issued,
    line,
    office_details,
    sk_buyer,
)

NBSP = "\u00a0"
# 12 lines: 11 x 75.00 + 1 x 32.00 = 857.00 net, at 23 %: 197.11 VAT, 1,054.11 gross
LINES = [line(f"Usługa {n}", "1", "hour", "75.00", "23") for n in range(1, 12)] + [
    line("Usługa 12", "1", "piece", "32.00", "23")
]


@pytest.mark.parametrize(
    ("office", "language", "unit_heading", "iban"),
    [
        ("office_a", "pl", "J.m.", "PL61 1090 1014 0000 0712 1981 2874"),
        ("office_b", "sk", "MJ", "SK31 1200 0000 1987 4263 7541"),
    ],
)
def test_the_pdf_numbers_rows_groups_amounts_and_the_iban(
    request, office, language, unit_heading, iban
):
    office = request.getfixturevalue(office)
    with in_office(office):
        if office.country == "SK":
            office_details(**SK_SELLER)
            invoice = issued(sk_buyer(language=language), LINES)
        else:
            office_details(iban="PL61109010140000071219812874")
            invoice = issued(buyer(language=language), LINES)
        assert str(invoice.gross) == "1054.11"
        text = pdf_text(invoice_pdf_render(invoice=invoice)).replace("\r", "")
    rows = text.split("\n")
    for number in (10, 11, 12):
        assert any(row.startswith(f"{number} Usługa {number}") for row in rows), rows
    assert not any(re.fullmatch(r"1|0|2", row.strip()) for row in rows)  # no number split
    assert unit_heading in text
    assert "Jednost" not in text and "-\n" not in text
    assert f"1{NBSP}054,11" in text or "1 054,11" in text
    assert "1054,11" not in text  # the VAT summary and totals grouped like the amount due
    assert "857,00" in text and "197,11" in text
    assert iban in text.replace(NBSP, " ")
    assert iban.replace(" ", "") not in text
