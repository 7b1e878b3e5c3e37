"""Polish dates as Polish offices write them: 25.10.2006 (the original product pages, banks
and the tax office), not Django's 25-10-2006, which its own Polish input formats do not even
read back. Every other format is Django's Polish one (django/conf/locale/pl/formats.py):
Django looks a format up in these modules first, then in its own."""

SHORT_DATE_FORMAT = "d.m.Y"  # 25.10.2006
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 25.10.2006 14:30
