"""English as Vireo writes it: the day before the month and a 24-hour clock, as its readers in
Poland and Slovakia read dates. Django's "en" is American: "03/02/2026 1 a.m." reads as
2 March in Europe and 3 February in the US. These are Django's en_GB formats with the
clock of the Polish and Slovak ones (H:i)."""

from django.conf.locale.en_GB import formats as _british

DATE_FORMAT = _british.DATE_FORMAT  # 25 Oct 2006
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 25 Oct 2006, 14:30
YEAR_MONTH_FORMAT = _british.YEAR_MONTH_FORMAT  # October 2006
MONTH_DAY_FORMAT = _british.MONTH_DAY_FORMAT  # 25 October
SHORT_DATE_FORMAT = _british.SHORT_DATE_FORMAT  # 25/10/2006
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 25/10/2006 14:30
FIRST_DAY_OF_WEEK = _british.FIRST_DAY_OF_WEEK  # Monday
DATE_INPUT_FORMATS = _british.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = _british.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = _british.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = _british.THOUSAND_SEPARATOR
NUMBER_GROUPING = _british.NUMBER_GROUPING
