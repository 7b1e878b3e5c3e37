import datetime as dt
import zoneinfo

import pytest
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.dateformat import re_formatchars
from django.utils.formats import get_format

from common import formats
from common.formats import datetime_formatter

ZONE = zoneinfo.ZoneInfo("Europe/Warsaw")
MOMENTS = [
    dt.datetime(2026, 1, 1, 0, 0, tzinfo=ZONE),  # midnight
    dt.datetime(2026, 3, 29, 12, 0, 5, tzinfo=ZONE),  # noon, the day clocks change
    dt.datetime(2026, 7, 4, 12, 30, tzinfo=ZONE),
    dt.datetime(2026, 10, 25, 2, 30, tzinfo=ZONE),  # an ambiguous hour
    dt.datetime(2009, 11, 9, 23, 5, 59, tzinfo=ZONE),
    dt.datetime(1999, 12, 31, 9, 0, tzinfo=ZONE),
]


@pytest.mark.parametrize("language", ["pl", "sk", "en"])
@pytest.mark.parametrize(
    "setting", ["SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "DATE_FORMAT"]
)
def test_same_text_as_django_for_every_locale_format(language, setting):
    with translation.override(language):
        format_string = get_format(setting)
        formatter = datetime_formatter(format_string)
        for moment in MOMENTS:
            assert formatter(moment) == date_format(moment, format_string)


def test_escapes_and_specifiers_without_a_fast_path():
    format_string = r"\Y\e\a\r: Y, l jS F, g:i A (e) \\ O"
    with translation.override("pl"):
        formatter = datetime_formatter(format_string)
        for moment in MOMENTS:
            assert formatter(moment) == date_format(moment, format_string)


@pytest.mark.parametrize(
    "format_string", ["d.m.Y G:i", "j. n. Y H:i:s", "d-m-Y  H:i", r"Y-m-d \o\d {0} 100%"]
)
def test_formats_of_fields_alone_give_djangos_text(format_string):
    # Made of specifiers a datetime's fields give: one str.format() (common.formats._FIELDS).
    assert formats._fields_format(re_formatchars.split(format_string)) is not None
    formatter = formats.datetime_formatter(format_string)
    for moment in MOMENTS:
        assert formatter(moment) == date_format(moment, format_string)


def test_polish_and_slovak_short_dates_are_written_with_dots_and_read_back():
    # Polish offices write 25.10.2006 (Django's own is 25-10-2006, which its Polish input
    # formats cannot read); Slovak already does.
    from django import forms

    moment = dt.datetime(2026, 3, 2, 9, 5, tzinfo=ZONE)
    for language in ("pl", "sk"):
        with translation.override(language):
            short = date_format(moment, get_format("SHORT_DATE_FORMAT"))
            assert short == "02.03.2026"
            assert forms.DateField().clean(short) == dt.date(2026, 3, 2)
    with translation.override("pl"):
        assert date_format(moment, get_format("SHORT_DATETIME_FORMAT")) == "02.03.2026 09:05"
        assert get_format("DATE_FORMAT") == "j E Y"  # the rest stays Django's Polish


SLOVAK_GENITIVE = [
    "januára", "februára", "marca", "apríla", "mája", "júna",
    "júla", "augusta", "septembra", "októbra", "novembra", "decembra",
]  # fmt: skip


def test_slovak_long_dates_have_the_month_in_the_genitive():
    day = dt.datetime(2026, 12, 20, 14, 30, tzinfo=ZONE)
    with translation.override("sk"):
        assert date_format(day, get_format("DATE_FORMAT")) == "20. decembra 2026"
        assert date_format(day, get_format("DATETIME_FORMAT")) == "20. decembra 2026 14:30"
        assert date_format(day, get_format("MONTH_DAY_FORMAT")) == "20. decembra"
        assert date_format(day, get_format("YEAR_MONTH_FORMAT")) == "december 2026"
        assert date_format(day, get_format("SHORT_DATE_FORMAT")) == "20.12.2026"
        months = [date_format(dt.date(2026, m, 1), "E") for m in range(1, 13)]
    assert months == SLOVAK_GENITIVE
    with translation.override("pl"):  # the project's catalogue leaves Polish as Django has it
        assert date_format(day, get_format("DATE_FORMAT")) == "20 grudnia 2026"
    with translation.override("en"):
        assert date_format(day, get_format("DATE_FORMAT")) == "20 Dec 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pl", ["23%", "23%", "5,5%", "0%", "100%"]),
        ("sk", ["23\u00a0%", "23\u00a0%", "5,5\u00a0%", "0\u00a0%", "100\u00a0%"]),
        ("en", ["23%", "23%", "5.5%", "0%", "100%"]),
    ],
)
def test_a_percentage_is_written_as_the_language_writes_it(language, expected):
    """Slovak typography puts a no-break space before "%"; Polish and English none."""
    from decimal import Decimal

    from django.template import Context, Template

    from common.formats import percent_text

    values = ["23", Decimal("23.00"), Decimal("5.50"), 0, 100]
    with translation.override(language):
        assert [percent_text(v) for v in values] == expected
        page = Template("{% load text_tags %}{{ a|percent }}|{{ b|percent }}|{{ c|percent }}")
        assert page.render(Context({"a": "23", "b": Decimal("5.5"), "c": None})) == (
            f"{expected[0]}|{expected[2]}|"
        )
    assert [percent_text(v, language=language) for v in values] == expected
    assert percent_text("") == "" and percent_text(None) == ""
