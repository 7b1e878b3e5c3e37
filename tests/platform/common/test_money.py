from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common.money import money


@pytest.mark.parametrize(
    ("language", "amount", "currency", "text"),
    [
        ("pl", Decimal("7.5"), "PLN", "7,50\xa0zł"),
        ("pl", Decimal("1234.5"), "EUR", "1\xa0234,50\xa0€"),
        ("sk", Decimal("1234.5"), "EUR", "1\xa0234,50\xa0€"),
        ("en", Decimal("1234.5"), "EUR", "€1,234.50"),
        # A code of letters is kept apart from the digits (CLDR's currency spacing).
        ("en", "12", "PLN", "PLN\xa012.00"),
        ("en", "-12", "PLN", "-PLN\xa012.00"),
        ("sk", Decimal("334.11"), "PLN", "334,11\xa0PLN"),
        ("en", Decimal("1234.5"), "CZK", "CZK\xa01,234.50"),
    ],
)
def test_money_reads_as_the_readers_language_writes_it(language, amount, currency, text):
    assert money(amount, currency, language=language) == text
    with translation.override(language):
        rendered = Template("{% load text_tags %}{{ a|money:c }}").render(
            Context({"a": amount, "c": currency})
        )
    assert rendered == text


def test_no_amount_is_no_text():
    assert money(None, "PLN") == "" and money("", "EUR") == ""
