"""Billing periods are calendar months in the office's time zone, named by their first day."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from common.formats import month_text as common_month_text


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_next(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_days(period: dt.date) -> int:
    return calendar.monthrange(period.year, period.month)[1]


def month_last(period: dt.date) -> dt.date:
    return period.replace(day=month_days(period))


def month_bounds(period: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the month as aware datetimes in the office's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(month_next(period), dt.time.min, tzinfo=zone)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def month_text(period: dt.date) -> str:
    """A month as people write it ("grudzień 2026", "december 2026", "December 2026"): the
    one rule is common.formats.month_text, which other modules share."""
    return common_month_text(period)


def quarter_text(start: dt.date) -> str:
    """A quarter as people write it: "IV kwartał 2026", "4. štvrťrok 2026", "Q4 2026"."""
    number = (start.month - 1) // 3 + 1
    return _("Q%(number)s %(year)s") % {
        "number": number,
        "roman": _ROMAN[number],
        "year": start.year,
    }


# Years a period may name: the calendar ends in 9999, and a span reaches up to a year past
# its start and a month past its end (month_next), so a later year would overflow.
YEARS = range(1, 9998)


def month_parse(text: str | None, default: dt.date | None = None) -> dt.date:
    """'2026-03' -> 2026-03-01; anything else (a year outside YEARS too): `default` (this
    month)."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        if year not in YEARS:
            raise ValueError(year)
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return default or month_start(timezone.localdate())


def month_add(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# A custom range is at most this many months (a year: the office-wide list of a range
# computes each of its months).
SPAN_MAX_MONTHS = 12


@dataclass(frozen=True)
class Span:
    """Whole months from `start` to `end` (first days, inclusive): a month, a quarter or a
    custom range. A span's summary is the sum of its months' summaries (README)."""

    start: dt.date
    end: dt.date
    kind: str = "month"  # month / quarter / range

    @property
    def months(self) -> list[dt.date]:
        count = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        return [month_add(self.start, n) for n in range(count + 1)]

    @property
    def label(self) -> str:
        """As people write it, in the active language: "grudzień 2026", "IV kwartał 2026",
        "styczeń 2026 – maj 2026" (month_text, quarter_text)."""
        if self.kind == "quarter":
            return quarter_text(self.start)
        if self.start == self.end:
            return month_text(self.start)
        return f"{month_text(self.start)} – {month_text(self.end)}"

    @property
    def code(self) -> str:
        """ISO, for URLs and file names: "2026-12", "2026-Q4", "2026-01 – 2026-05"."""
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.start == self.end:
            return self.start.strftime("%Y-%m")
        return f"{self.start:%Y-%m} – {self.end:%Y-%m}"

    @property
    def query(self) -> str:
        """The URL parameters that give this span back (span_parse)."""
        if self.kind == "quarter":
            return f"quarter={self.code}"
        if self.kind == "range":
            return f"from={self.start:%Y-%m}&to={self.end:%Y-%m}"
        return f"month={self.start:%Y-%m}"

    @property
    def slug(self) -> str:
        return self.code.replace(" – ", "_")


def quarter_parse(text: str | None) -> dt.date | None:
    """'2026-Q1' (or '2026-q1') -> 2026-01-01; anything else: None."""
    try:
        year, quarter = (text or "").upper().split("-Q")
        number = int(quarter)
        if not 1 <= number <= 4 or int(year) not in YEARS:
            return None
        return dt.date(int(year), 3 * number - 2, 1)
    except (ValueError, TypeError):
        return None


def span_parse(params) -> Span:
    """The span a query string asks for: `quarter=2026-Q1`, `from=2026-01&to=2026-05`
    (swapped when reversed, cut to SPAN_MAX_MONTHS) or `month=2026-03` (default: this
    month)."""
    quarter = quarter_parse(params.get("quarter"))
    if quarter is not None:
        return Span(quarter, month_add(quarter, 2), "quarter")
    if params.get("from") and params.get("to"):
        start = month_parse(params.get("from"), default=dt.date.min)
        end = month_parse(params.get("to"), default=dt.date.min)
        if dt.date.min not in (start, end):
            start, end = min(start, end), max(start, end)
            end = min(end, month_add(start, SPAN_MAX_MONTHS - 1))
            if start == end:
                return Span(start, end, "month")
            return Span(start, end, "range")
    month = month_parse(params.get("month"))
    return Span(month, month, "month")


def quarter_choices(count: int = 8, *, since: dt.date | None = None) -> list[tuple[str, str]]:
    """The current quarter and the ones before it, newest first: (code, label), e.g.
    ("2026-Q1", "I kwartał 2026"). `since`: back to the quarter of that day instead of
    `count` quarters (a client's first billed day: selectors.client_billing_start), at
    least the current quarter."""
    today = timezone.localdate()
    first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if since is not None:
        oldest = dt.date(since.year, 3 * ((since.month - 1) // 3) + 1, 1)
        count = max(1, ((first.year - oldest.year) * 12 + first.month - oldest.month) // 3 + 1)
    spans = [Span(q, q, "quarter") for q in (month_add(first, -3 * n) for n in range(count))]
    return [(span.code, span.label) for span in spans]
