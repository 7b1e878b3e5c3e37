"""Slovak long dates with the month in the genitive, as Slovak writes a date: "20. decembra
2026", not Django's "20. december 2026" (nominative, its sk F). The format character E is
Django's alternative month name; its Slovak forms ("alt. month" context) are Django's
nominative ones, so the project's catalogue (locale/sk) gives the genitive ones. "F Y"
(december 2026) stays nominative. Every other format is Django's Slovak one."""

from django.conf.locale.sk import formats as _slovak

DATE_FORMAT = "j. E Y"  # 20. decembra 2026
TIME_FORMAT = _slovak.TIME_FORMAT  # 14:30
DATETIME_FORMAT = "j. E Y G:i"  # 20. decembra 2026 14:30
YEAR_MONTH_FORMAT = _slovak.YEAR_MONTH_FORMAT  # december 2026
MONTH_DAY_FORMAT = "j. E"  # 20. decembra
SHORT_DATE_FORMAT = _slovak.SHORT_DATE_FORMAT  # 20.12.2026
SHORT_DATETIME_FORMAT = _slovak.SHORT_DATETIME_FORMAT  # 20.12.2026 14:30
FIRST_DAY_OF_WEEK = _slovak.FIRST_DAY_OF_WEEK  # Monday
DATE_INPUT_FORMATS = _slovak.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = _slovak.DATETIME_INPUT_FORMATS
DECIMAL_SEPARATOR = _slovak.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = _slovak.THOUSAND_SEPARATOR
NUMBER_GROUPING = _slovak.NUMBER_GROUPING
