"""Billing > Summary (A3, S8): what one client used and owes for one month, as plain data
another module (invoices) can read. One computation (summaries_compute) serves the client
page, the office-wide list, the export, the API and the close, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
import gc
import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.formats import datetime_formatter, quantity_text
from modules.billing.hooks import reverse_charged
from modules.billing.models import (
    METRIC_NAMES,
    METRICS,
    MONTHS,
    Assignment,
    BillingSettings,
    PeriodClose,
    UsageRecord,
    service_name_pick,
)
from modules.billing.money import line_amounts
from modules.billing.periods import month_bounds, month_days, month_last
from modules.billing.vat import REVERSE_CHARGE, vat_percents
from modules.clients.models import Client
from modules.mail import selectors as mail_selectors

ZERO = Decimal("0")
# The unit of a limit's overage line: room hours over the limit are hours ("godz."), pages
# are pages; the rest are counted in pieces. (Until 2026-12-07 every overage was "piece":
# "Ponad limit: godziny sal ... 11 szt.".)
METRIC_UNITS = {"room_hours": "hour", "pages": "page"}


@dataclass
class Line:
    kind: str  # package / service / mail / overage
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: str
    net: Decimal = ZERO
    vat: Decimal = ZERO
    gross: Decimal = ZERO
    ref: str = ""  # what is behind it: "usage:12", "mail:34", "assignment:5", "metric:scans"
    date: str = ""
    late: bool = False
    # What names the line in any language (a kind and its parameters, kept in the frozen
    # figures): {"kind": "package", "name": "Biznes"} (the package's name at close),
    # "package_part" (+ "start", "end" ISO, "days", "all"), {"kind": "mail", "number": ...,
    # "info": ...}; a service's usage {"kind": "service", "names": {"pl": ..., "sk": ...,
    # "en": ...}, "note": ...} (the service's names when the month was computed, so a closed
    # month keeps them); a usage recorded with its own text (UsageRecord.text: rooms'
    # "room_booking", "room_extra", "room_fee") that text; None for lines named from their
    # usage or limit (line_text).
    text: dict | None = None

    def __post_init__(self):
        self.net, self.vat, self.gross = line_amounts(self.quantity, self.unit_price, self.vat_rate)


@dataclass
class LimitUsage:
    metric: str
    label: str
    included: int | None
    used: Decimal
    over: Decimal
    unit_price: Decimal | None


@dataclass
class Summary:
    client_id: int
    client_name: str
    period: dt.date
    currency: str
    package: str = ""
    individual: bool = False
    lines: list[Line] = field(default_factory=list)
    limits: list[LimitUsage] = field(default_factory=list)
    closed_at: str = ""

    @property
    def net(self) -> Decimal:
        return sum((line.net for line in self.lines), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), ZERO)

    @property
    def gross(self) -> Decimal:
        return sum((line.gross for line in self.lines), ZERO)

    @property
    def over_limit(self) -> bool:
        return any(limit.over > 0 for limit in self.limits)

    @property
    def closed(self) -> bool:
        return bool(self.closed_at)

    @property
    def shown_lines(self) -> list[Line]:
        """The lines as the month's table shows them (lines_netted)."""
        return lines_netted(self.lines)

    def vat_breakdown(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        rates: dict[str, list[Decimal]] = {}
        for line in self.lines:
            sums = rates.setdefault(line.vat_rate, [ZERO, ZERO, ZERO])
            sums[0] += line.net
            sums[1] += line.vat
            sums[2] += line.gross
        return [(rate, *sums) for rate, sums in sorted(rates.items())]

    def as_dict(self) -> dict:
        """JSON-ready (Decimals as text): what a closed period keeps."""

        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> Summary:
        def dec(v):
            return None if v is None else Decimal(v)

        lines = []
        for raw in data["lines"]:
            line = Line.__new__(Line)
            line.text = None  # months closed before lines kept how to name them
            line.__dict__.update(
                raw,
                quantity=dec(raw["quantity"]),
                unit_price=dec(raw["unit_price"]),
                net=dec(raw["net"]),
                vat=dec(raw["vat"]),
                gross=dec(raw["gross"]),
            )
            lines.append(line)
        limits = [
            LimitUsage(
                **{
                    **raw,
                    "used": dec(raw["used"]),
                    "over": dec(raw["over"]),
                    "unit_price": dec(raw["unit_price"]),
                }
            )
            for raw in data["limits"]
        ]
        return cls(
            **{
                **data,
                "period": dt.date.fromisoformat(data["period"]),
                "lines": lines,
                "limits": limits,
            }
        )


@dataclass
class ShownLine:
    """A line of the month's table: a billed line, or a booking (or any usage) and its
    reversal netted to one line marked `cancelled` (amounts 0.00, the quantity booked)."""

    line: Line
    cancelled: bool = False

    def __getattr__(self, name):
        return getattr(self.line, name)


def lines_netted(lines: list[Line]) -> list[ShownLine]:
    """The month's lines for people: a usage and the reversal that cancels it (a cancelled
    room booking: +2 h and -2 h of the same description, unit, price, rate and day) shown
    once, as cancelled, where it was first listed; a cancellation fee stays its own line.
    Only groups that cancel out entirely are netted, so every amount shown is a line's
    billed amount (a partial correction, -1 of 3, stays two lines: its rounding is the
    lines'). The stored lines and the totals are not changed."""
    groups: dict[tuple, list[Line]] = {}
    for line in lines:
        if line.kind == "service":
            key = (line.description, line.unit, line.unit_price, line.vat_rate, line.date)
            groups.setdefault(key, []).append(line)
    # id(line) -> the quantity booked, for the first line of a group that cancels out; None
    # for the group's other lines (not shown).
    cancelled: dict[int, Decimal | None] = {}
    for group in groups.values():
        if any(x.quantity < 0 for x in group) and sum((x.quantity for x in group), ZERO) == 0:
            booked = sum((x.quantity for x in group if x.quantity > 0), ZERO)
            for index, line in enumerate(group):
                cancelled[id(line)] = booked if index == 0 else None
    shown = []
    for line in lines:
        if id(line) not in cancelled:
            shown.append(ShownLine(line))
        elif cancelled[id(line)] is not None:
            shown.append(ShownLine(_cancelled_copy(line, cancelled[id(line)]), cancelled=True))
    return shown


_NOTHING = Decimal("0.00")


def _cancelled_copy(line: Line, quantity: Decimal) -> Line:
    copy = Line.__new__(Line)
    copy.__dict__ = {
        **line.__dict__,
        "quantity": quantity,
        "net": _NOTHING,
        "vat": _NOTHING,
        "gross": _NOTHING,
    }
    return copy


class _Usage(NamedTuple):
    pk: int
    client_id: int
    service_id: int | None
    description: str
    date: dt.date
    late: bool
    quantity: Decimal
    unit: str
    unit_price: Decimal
    vat_rate: str
    metric: str
    # The service's names, joined in the same query (the reader's language, else Polish).
    service__name_pl: str | None
    service__name_sk: str | None
    service__name_en: str | None
    text: dict | str | None  # UsageRecord.text (JSON text from a cursor)


class _Assigned(NamedTuple):
    """An assignment with its terms resolved (own, else the package's): plain values, built
    from one query, because the office-wide month builds one per client (a tuple: a frozen
    dataclass's __init__ cost 0.3 s over 20,000 of them)."""

    pk: int
    client_id: int
    package: str
    frequency: str
    vat_rate: str
    starts_on: dt.date
    ends_on: dt.date | None
    terms: dict
    individual: bool


_TERMS_SQL = ", ".join(f"COALESCE(a.{f}, p.{f})" for f in Assignment.TERM_FIELDS)
_OWN_SQL = " OR ".join(f"a.{f} IS NOT NULL" for f in Assignment.TERM_FIELDS)
# The assignments in force during a month, their terms resolved in SQL (own, else the
# package's), one joined statement: written out rather than built by the ORM, because the
# client's month page runs it on every view (13 COALESCEs cost more to compile than to run).
_ASSIGNED_COLUMNS = f"""a.id, a.client_id, p.name, p.frequency, p.vat_rate, a.starts_on,
  a.ends_on, ({_OWN_SQL}), {_TERMS_SQL}"""
_ASSIGNED_FROM = f"""
FROM {Assignment._meta.db_table} a
JOIN {Assignment._meta.get_field("package").related_model._meta.db_table} p
  ON p.id = a.package_id
WHERE a.starts_on <= %(last)s AND (a.ends_on IS NULL OR a.ends_on >= %(first)s)"""
ASSIGNED_SQL = f"SELECT {_ASSIGNED_COLUMNS}{_ASSIGNED_FROM}\n"
_USAGE_COLUMNS = """u.id, u.client_id, u.service_id, u.description, u.date, u.late,
  u.quantity, u.unit, u.unit_price, u.vat_rate, u.metric, s.name_pl, s.name_sk, s.name_en,
  u.text"""
_USAGE_FROM = f"""
FROM {UsageRecord._meta.db_table} u
LEFT JOIN {UsageRecord._meta.get_field("service").related_model._meta.db_table} s
  ON s.id = u.service_id
WHERE u.period = %(first)s"""
USAGE_SQL = f"SELECT {_USAGE_COLUMNS}{_USAGE_FROM}\n"
_CLIENTS_SQL = " AND {alias}.client_id = ANY(%(clients)s)"
# One client's month in one round trip (the client's page runs it on every view; on a
# loaded machine each round trip waits for the database's turn on a CPU): the name, the
# mail VAT rate, the frozen figures, and the rows ASSIGNED_SQL and USAGE_SQL would give,
# as JSON arrays (text, decoded with Decimal for every number with a point: exact).
ONE_SQL = f"""
SELECT c.id, c.name,
  (SELECT b.mail_cost_vat_rate FROM {BillingSettings._meta.db_table} b WHERE b.id = 1),
  pc.figures::text,
  (SELECT json_agg(json_build_array({_ASSIGNED_COLUMNS})){_ASSIGNED_FROM}
     AND a.client_id = c.id)::text,
  (SELECT json_agg(json_build_array({_USAGE_COLUMNS}) ORDER BY u.date, u.id){_USAGE_FROM}
     AND u.client_id = c.id)::text
FROM {Client._meta.db_table} c
LEFT JOIN {PeriodClose._meta.db_table} pc ON pc.client_id = c.id AND pc.period = %(first)s
WHERE c.id = %(client)s"""
NAMES_SQL = f"""
SELECT c.id, c.name,
  (SELECT b.mail_cost_vat_rate FROM {BillingSettings._meta.db_table} b WHERE b.id = 1)
FROM {Client._meta.db_table} c"""
_VAT_VALUES = ", ".join(f"('{code}', {pct})" for code, pct in vat_percents().items())
# The office list's totals (summary_rows_compute): each usage line rounded as money.py does
# (half away from zero, net first, its VAT from the rounded net), summed per client in the
# database, with what counts against each limit; the lines themselves never leave it.
USAGE_TOTALS_SQL = f"""
SELECT u.client_id,
  sum(round(u.quantity * u.unit_price, 2)),
  sum(round(round(u.quantity * u.unit_price, 2) * r.pct / 100, 2)),
  {", ".join(f"sum(u.quantity) FILTER (WHERE u.metric = '{m}')" for m in METRIC_NAMES)}
FROM {UsageRecord._meta.db_table} u
JOIN (VALUES {_VAT_VALUES}) AS r(code, pct) ON r.code = u.vat_rate
WHERE u.period = %(first)s
"""


def _rows(sql: str, alias: str, client_ids: list[int] | None, params: dict, order: str = ""):
    if client_ids is not None:
        sql += _CLIENTS_SQL.format(alias=alias)
        params = {**params, "clients": list(client_ids)}
    with connection.cursor() as cursor:
        cursor.execute(sql + order, params)
        return cursor.fetchall()


def _assigned(client_ids: list[int] | None, period: dt.date) -> dict[int, list[_Assigned]]:
    """The assignments in force during the month with their terms resolved (ASSIGNED_SQL)."""
    fields = Assignment.TERM_FIELDS
    result: dict[int, list[_Assigned]] = {}
    params = {"first": period, "last": month_last(period)}
    for row in _rows(ASSIGNED_SQL, "a", client_ids, params):
        result.setdefault(row[1], []).append(
            _Assigned(*row[:7], dict(zip(fields, row[8:], strict=True)), row[7])
        )
    return result


def _make_line(
    kind: str,
    description: str,
    quantity: Decimal,
    unit: str,
    unit_price: Decimal,
    vat_rate: str,
    ref: str,
    date: str = "",
    late: bool = False,
    text: dict | None = None,
) -> Line:
    """Line(...) without the dataclass machinery (the office's month builds ~50,000): the
    same fields, the same amounts (line_amounts)."""
    net, vat, gross = line_amounts(quantity, unit_price, vat_rate)
    line = Line.__new__(Line)
    line.__dict__ = {
        "kind": kind,
        "description": description,
        "quantity": quantity,
        "unit": unit,
        "unit_price": unit_price,
        "vat_rate": vat_rate,
        "net": net,
        "vat": vat,
        "gross": gross,
        "ref": ref,
        "date": date,
        "late": late,
        "text": text,
    }
    return line


_ONE = Decimal(1)


def _fee_share(a: _Assigned, period: dt.date, days_in_month: int, last: dt.date) -> tuple:
    """(start, end, days, monthly fee, price of the days covered) of an assignment in the
    month: the pro rata rule (README), one definition for the lines and the totals."""
    start = a.starts_on if a.starts_on > period else period
    end = a.ends_on if a.ends_on is not None and a.ends_on < last else last
    days = (end - start).days + 1
    monthly = a.terms["price"] / MONTHS[a.frequency]
    price = monthly if days == days_in_month else monthly * days / days_in_month
    return start, end, days, monthly, price


def _limit_usages(current: _Assigned | None, used: dict, metrics: list) -> list[LimitUsage]:
    """Usage against each limit of the package (and terms) in force at the end of the month:
    one definition for the lines (an overage line per LimitUsage over with a price) and the
    totals."""
    terms = current.terms if current else {}
    limits = []
    for name, label, limit_key, over_key in metrics:
        included = terms.get(limit_key)
        count = used.get(name, ZERO)
        if included is None and not count:
            continue
        over = max(count - included, ZERO) if included is not None else ZERO
        limits.append(LimitUsage(name, label, included, count, over, terms.get(over_key)))
    return limits


def _fee_lines(
    assignments: list[_Assigned],
    period: dt.date,
    texts: dict,
    days_in_month: int,
    last: dt.date,
    vat_rate: str = "",
) -> list[Line]:
    """Pro rata by days (README): each assignment in force during the month is charged its
    monthly fee (price / months of its billing frequency) x days it covers / days in the
    month, rounded once, as one line. `vat_rate`: the rate of every line instead of the
    package's (a reverse-charged client's REVERSE_CHARGE)."""
    lines = []
    if len(assignments) > 1:
        assignments = sorted(assignments, key=lambda a: a.starts_on)
    for a in assignments:
        start, end, days, _monthly, price = _fee_share(a, period, days_in_month, last)
        if days <= 0:
            continue
        if days == days_in_month:
            description = texts["packages"].get(a.package)
            if description is None:
                description = texts["packages"][a.package] = texts["package"] % {"name": a.package}
            text = {"kind": "package", "name": a.package}
        else:
            description = texts["package_part"] % {
                "name": a.package,
                "start": texts["date"](start),
                "end": texts["date"](end),
                "days": days,
                "all": days_in_month,
            }
            text = {
                "kind": "package_part",
                "name": a.package,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "days": days,
                "all": days_in_month,
            }
        line = _make_line(
            "package",
            description,
            _ONE,
            "month",
            price,
            vat_rate or a.vat_rate,
            f"assignment:{a.pk}",
            text=text,
        )
        line.unit_price = line.net  # one line of one month: its price is what it costs
        lines.append(line)
    return lines


# The kinds of text a usage may be recorded with (UsageRecord.text, usage_record's `text`):
# a room booking {"room", "start", "end" (ISO, the office's local time), "hours" (text, or
# None when the line's quantity is the hours: billed in hours since 2026-12-07, or held by
# the package's hours at 0.00)}, an extra of one
# ("names" {"pl", "sk", "en"} and "extra" id beside the booking's), its cancellation fee
# (the booking's).
USAGE_TEXT_KINDS = ("room_booking", "room_extra", "room_fee")


def _booking_label(text: dict) -> str:
    """A room booking as a line names it: "Sala Wisła, 10.03.2027 10:00–12:00" (the day as
    the active language writes a date; the times in the office's time zone, as recorded)."""
    from django.utils.formats import date_format

    start, end = dt.datetime.fromisoformat(text["start"]), dt.datetime.fromisoformat(text["end"])
    when = date_format(start.date(), "SHORT_DATE_FORMAT")
    return f"{text['room']}, {when} {start:%H:%M}–{end:%H:%M}"


def line_text(text: dict) -> str:
    """A line named in the active language from what its month stored (Line.text): the
    package's name as it was when the month was closed, the mail item's number and note, a
    service's names then, a room booking, its extras and its cancellation fee as rooms
    recorded them (UsageRecord.text). The same texts the summary writes (an invoice in its
    client's language)."""
    from django.utils.formats import date_format

    kind = text["kind"]
    if kind == "service":
        names = text["names"]
        name = service_name_pick(names)
        note = text.get("note") or ""
        return f"{name}: {note}" if note and note not in names.values() else name
    if kind == "room_booking":
        if text.get("hours") is None:
            return _booking_label(text)
        return _("%(booking)s (%(hours)s h)") % {
            "booking": _booking_label(text),
            "hours": quantity_text(Decimal(text["hours"])),
        }
    if kind == "room_extra":
        return f"{service_name_pick(text['names'])} ({_booking_label(text)})"
    if kind == "room_fee":
        return _("Cancellation fee: %(booking)s") % {"booking": _booking_label(text)}
    if kind == "package":
        return _("Package %(name)s") % {"name": text["name"]}
    if kind == "package_part":
        return _("Package %(name)s, %(start)s to %(end)s (%(days)s of %(all)s days)") % {
            "name": text["name"],
            "start": date_format(dt.date.fromisoformat(text["start"]), "SHORT_DATE_FORMAT"),
            "end": date_format(dt.date.fromisoformat(text["end"]), "SHORT_DATE_FORMAT"),
            "days": text["days"],
            "all": text["all"],
        }
    if kind == "mail":
        description = _("Mail %(number)s") % {"number": text["number"]}
        return f"{description}: {text['info']}" if text.get("info") else description
    raise ValueError(kind)


def fee_descriptions(*, client_ids: list[int], period: dt.date) -> dict[str, str]:
    """The package fee lines' descriptions of these clients' month in the active language,
    by the line's ref ("assignment:5" -> "Balík Biznis"): an invoice's lines in its
    client's language (selectors.lines_described). One query."""
    texts = {
        "package": _("Package %(name)s"),
        "package_part": _("Package %(name)s, %(start)s to %(end)s (%(days)s of %(all)s days)"),
        "packages": {},
        "date": datetime_formatter(get_format("SHORT_DATE_FORMAT")),
    }
    days_in_month, last = month_days(period), month_last(period)
    return {
        line.ref: line.description
        for own in _assigned(list(client_ids), period).values()
        for line in _fee_lines(own, period, texts, days_in_month, last)
    }


def billable_client_ids(period: dt.date) -> set[int]:
    """The clients with something to bill in the month (a package in force, a usage or a
    mail cost): the rows of the office-wide list, the clients a close of every client
    closes. Three id queries."""
    start, end = month_bounds(period)
    ids = set(
        Assignment.objects.filter(starts_on__lte=month_last(period))
        .exclude(ends_on__lt=period)
        .values_list("client_id", flat=True)
    )
    ids |= set(UsageRecord.objects.filter(period=period).values_list("client_id", flat=True))
    ids |= {
        row["client_id"]
        for row in mail_selectors.billing_costs(client_ids=None, start=start, end=end)
    }
    return ids


@contextmanager
def _without_cycle_collection():
    """Python's cycle collector paused while a month is built: the office's month allocates
    ~200,000 acyclic objects (summaries, lines, dicts: reference counting frees them), and
    each allocation burst made the collector walk every live object again (a profile showed
    its passes landing at random in `sorted`, the rounding and the line builder)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def summaries_compute(
    *, client_ids: list[int] | None, period: dt.date, skip=frozenset()
) -> dict[int, Summary]:
    """Summaries of the month for these clients (None: every client with a package, a usage
    or a mail cost in it), computed now, but for the clients in `skip` (the closed ones,
    which the caller reads frozen). A fixed number of queries whatever the clients; texts
    are translated once per call (the office-wide month builds 20,000 summaries)."""
    with _without_cycle_collection():
        return _summaries_compute(client_ids, period, skip=skip)


def summary_one(*, client_id: int, period: dt.date) -> Summary | None:
    """One client's month (None: no such client): the client's name, the mail VAT rate and
    the month's frozen figures in one query (ONE_SQL); the frozen figures when closed, else
    computed now without asking for the name again. The client's month page runs it."""
    params = {"client": client_id, "first": period, "last": month_last(period)}
    with connection.cursor() as cursor:
        cursor.execute(ONE_SQL, params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, name, rate, figures, assigned, usage = row
    if figures is not None:
        return Summary.from_dict(json.loads(figures))
    known = ({pk: name}, rate or BillingSettings._meta.get_field("mail_cost_vat_rate").default)
    fields, day = Assignment.TERM_FIELDS, dt.date.fromisoformat
    assignments = {
        pk: [
            _Assigned(
                *a[:5], day(a[5]), a[6] and day(a[6]), dict(zip(fields, a[8:], strict=True)), a[7]
            )
            for a in json.loads(assigned or "[]", parse_float=Decimal)
        ]
    }
    rows = [
        _Usage(*u[:4], day(u[4]), *u[5:]) for u in json.loads(usage or "[]", parse_float=Decimal)
    ]
    with _without_cycle_collection():
        return _summaries_compute(
            [pk], period, known=known, fetched=(assignments, {pk: rows} if rows else {})
        ).get(pk)


def _names(client_ids: list[int] | None) -> tuple[dict[int, str], str]:
    """The clients' names (every client's rather than 20,000 ids sent back as parameters)
    and the VAT rate of mail costs (the settings row's, else its default), in one query."""
    params = {}
    sql = NAMES_SQL
    if client_ids is not None:
        sql += " WHERE c.id = ANY(%(clients)s)"
        params["clients"] = list(client_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = {pk: name for pk, name, _rate in rows}
    default = BillingSettings._meta.get_field("mail_cost_vat_rate").default
    return names, (rows[0][2] if rows else None) or default


def _summaries_compute(
    client_ids: list[int] | None,
    period: dt.date,
    *,
    skip=frozenset(),
    known=None,
    fetched=None,
) -> dict[int, Summary]:
    """`known`: (names, mail VAT rate) and `fetched`: (assignments, usage by client) when
    the caller read them already (summary_one)."""
    start, end = month_bounds(period)
    currency = connection.tenant.currency
    texts = {
        "package": _("Package %(name)s"),
        "package_part": _("Package %(name)s, %(start)s to %(end)s (%(days)s of %(all)s days)"),
        "late": _("(late: dated %(date)s, its month was already closed)"),
        "mail": _("Mail %(number)s"),
        "over": _("Over the limit: %(what)s (%(used)s used, %(included)s included)"),
        "packages": {},  # "Package Biznes" by name, formatted once
        # A late usage's date and a package's part of the month as the reader's language
        # writes a date (3.11.2026), not ISO: parsed once for the month's rows
        # (common.formats).
        "date": datetime_formatter(get_format("SHORT_DATE_FORMAT")),
    }
    short_date = texts["date"]
    metrics = [(name, str(label), f"limit_{name}", f"over_{name}") for name, label in METRICS]
    if fetched is not None:
        assignments, usage_by_client = fetched
    else:
        assignments = _assigned(client_ids, period)
        # Plain rows and the catalogue's names once: an office's month holds ~25,000 usages.
        usage_by_client: dict[int, list[_Usage]] = {}
        sql, order = USAGE_SQL, " ORDER BY u.date, u.id"
        for row in _rows(sql, "u", client_ids, {"first": period}, order):
            u = _Usage._make(row)
            usage_by_client.setdefault(u.client_id, []).append(u)
    language = (get_language() or "pl")[:2]
    figures = mail_selectors.billing_figures(client_ids=client_ids, start=start, end=end)
    costs: dict[int, list[dict]] = {}
    for row in mail_selectors.billing_costs(client_ids=client_ids, start=start, end=end):
        costs.setdefault(row["client_id"], []).append(row)
    ids = (
        set(client_ids)
        if client_ids is not None
        else (set(assignments) | set(usage_by_client) | set(costs))
    )
    names, mail_vat = known or _names(client_ids)
    # Clients invoiced with reverse charge (the invoices module's rule, hooks): every line
    # carries REVERSE_CHARGE, no VAT, as their invoice does.
    reverse = reverse_charged(client_ids)
    days_in_month, last = month_days(period), month_last(period)
    result = {}
    for client_id in sorted(ids):
        if client_id not in names or client_id in skip:
            continue
        no_vat = REVERSE_CHARGE if client_id in reverse else ""
        own = assignments.get(client_id, [])
        current = max(own, key=lambda a: a.starts_on) if own else None
        summary = Summary(
            client_id=client_id,
            client_name=names[client_id],
            period=period,
            currency=currency,
            package=current.package if current else "",
            individual=bool(current and current.individual),
        )
        summary.lines.extend(_fee_lines(own, period, texts, days_in_month, last, no_vat))
        used = {name: Decimal(n) for name, n in figures.get(client_id, {}).items()}
        for u in usage_by_client.get(client_id, []):
            text = u.text
            if text is not None:
                if isinstance(text, str):
                    text = json.loads(text)
                description = line_text(text)
            elif u.service_id:
                text = {
                    "kind": "service",
                    "names": {
                        "pl": u.service__name_pl or "",
                        "sk": u.service__name_sk or "",
                        "en": u.service__name_en or "",
                    },
                    "note": u.description,
                }
                description = service_name_pick(text["names"], language)
                if u.description and u.description != description:
                    description = f"{description}: {u.description}"
            else:
                description = u.description
            if u.late:
                description += " " + texts["late"] % {"date": short_date(u.date)}
            summary.lines.append(
                _make_line(
                    "service",
                    description,
                    u.quantity,
                    u.unit,
                    u.unit_price,
                    no_vat or u.vat_rate,
                    f"usage:{u.pk}",
                    u.date.isoformat(),
                    u.late,
                    text,
                )
            )
            if u.metric:
                used[u.metric] = used.get(u.metric, ZERO) + u.quantity
        for row in costs.get(client_id, []):
            info = row["additional_info"].strip()
            info = info.splitlines()[0] if info else ""
            description = texts["mail"] % {"number": row["number"]}
            if info:
                description = f"{description}: {info}"
            summary.lines.append(
                _make_line(
                    "mail",
                    description,
                    _ONE,
                    "piece",
                    row["additional_cost"],
                    no_vat or mail_vat,
                    f"mail:{row['id']}",
                    row["received_at"].date().isoformat(),
                    text={"kind": "mail", "number": row["number"], "info": info},
                )
            )
        # Limits: those of the package (and terms) in force at the end of the month.
        summary.limits = _limit_usages(current, used, metrics)
        for limit in summary.limits:
            if limit.over > 0 and limit.unit_price is not None:
                summary.lines.append(
                    _make_line(
                        "overage",
                        texts["over"]
                        % {
                            "what": limit.label,
                            # As the limits table shows it: "1,5", "5" (not "5.000").
                            "used": quantity_text(limit.used),
                            "included": limit.included,
                        },
                        limit.over,
                        METRIC_UNITS.get(limit.metric, "piece"),
                        limit.unit_price,
                        no_vat or current.vat_rate,
                        f"metric:{limit.metric}",
                    )
                )
        result[client_id] = summary
    return result


@dataclass
class SpanSummary:
    """A client's quarter or custom range: its months' summaries (each as `summary_get`
    gives it: a closed month as frozen), and totals that are their sums (sums of rounded
    lines, never rounded again). A month with nothing to bill for the client is left out
    of `months`; `closed` holds when every month of the span is closed for the client."""

    client_id: int
    client_name: str
    start: dt.date
    end: dt.date
    currency: str
    months: list[Summary] = field(default_factory=list)
    month_count: int = 1

    @property
    def package(self) -> str:
        """The package of the span's last month that has one."""
        return next((m.package for m in reversed(self.months) if m.package), "")

    @property
    def individual(self) -> bool:
        return next((m.individual for m in reversed(self.months) if m.package), False)

    @property
    def lines(self) -> list[Line]:
        return [line for month in self.months for line in month.lines]

    @property
    def net(self) -> Decimal:
        return sum((m.net for m in self.months), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((m.vat for m in self.months), ZERO)

    @property
    def gross(self) -> Decimal:
        return sum((m.gross for m in self.months), ZERO)

    @property
    def over_limit(self) -> bool:
        return any(m.over_limit for m in self.months)

    @property
    def closed_months(self) -> int:
        return sum(1 for m in self.months if m.closed)

    @property
    def closed(self) -> bool:
        return self.closed_months == self.month_count

    def vat_breakdown(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        rates: dict[str, list[Decimal]] = {}
        for month in self.months:
            for rate, net, vat, gross in month.vat_breakdown():
                sums = rates.setdefault(rate, [ZERO, ZERO, ZERO])
                sums[0] += net
                sums[1] += vat
                sums[2] += gross
        return [(rate, *sums) for rate, sums in sorted(rates.items())]


@dataclass(slots=True)
class SummaryRow:
    """A client's month as the office list shows it: the totals of its summary (the sums of
    its rounded lines), without the lines. `summary_rows_compute` makes them set-based; a
    closed month's row was stored at close (PeriodClose.row_fields). The fast path equals
    `Summary`'s totals (tests/modules/billing/test_rows.py holds it on a random office)."""

    client_id: int
    client_name: str
    period: dt.date
    currency: str
    package: str
    individual: bool
    net: Decimal
    vat: Decimal
    gross: Decimal
    over_limit: bool
    closed: bool = False


def summary_rows_compute(*, period: dt.date, skip=frozenset()) -> dict[int, SummaryRow]:
    """Every client's row of the month (the clients summaries_compute(client_ids=None) would
    give), computed now: usage rounded and summed per client in the database, mail costs
    counted per (client, cost), fees and overage per client from one row each. A fixed
    number of queries, no line built."""
    with _without_cycle_collection():
        return _summary_rows_compute(period, skip)


def _summary_rows_compute(period: dt.date, skip) -> dict[int, SummaryRow]:
    start, end = month_bounds(period)
    currency = connection.tenant.currency
    metrics = [(name, str(label), f"limit_{name}", f"over_{name}") for name, label in METRICS]
    assignments = _assigned(None, period)
    usage = {
        row[0]: row[1:]
        for row in _rows(USAGE_TOTALS_SQL + " GROUP BY 1", "u", None, {"first": period})
    }
    figures = mail_selectors.billing_figures(client_ids=None, start=start, end=end)
    costs: dict[int, list[tuple]] = {}
    for client_id, cost, count in mail_selectors.billing_cost_totals(
        client_ids=None, start=start, end=end
    ):
        costs.setdefault(client_id, []).append((cost, count))
    names, mail_vat = _names(None)
    reverse = reverse_charged(None)  # their lines carry no VAT (as in _summaries_compute)
    days_in_month, last = month_days(period), month_last(period)
    result = {}
    for client_id in sorted(set(assignments) | set(usage) | set(costs)):
        if client_id not in names or client_id in skip:
            continue
        own = assignments.get(client_id, [])
        current = max(own, key=lambda a: a.starts_on) if own else None
        net = vat = ZERO
        for a in own:
            _start, _end, days, _monthly, price = _fee_share(a, period, days_in_month, last)
            if days > 0:
                line_net, line_vat, _gross = line_amounts(_ONE, price, a.vat_rate)
                net, vat = net + line_net, vat + line_vat
        used = {name: Decimal(n) for name, n in figures.get(client_id, {}).items()}
        if client_id in usage:
            usage_net, usage_vat, *per_metric = usage[client_id]
            net, vat = net + usage_net, vat + usage_vat
            for name, quantity in zip(METRIC_NAMES, per_metric, strict=True):
                if quantity is not None:
                    used[name] = used.get(name, ZERO) + quantity
        for cost, count in costs.get(client_id, ()):
            line_net, line_vat, _gross = line_amounts(_ONE, cost, mail_vat)
            net, vat = net + count * line_net, vat + count * line_vat
        limits = _limit_usages(current, used, metrics)
        for limit in limits:
            if limit.over > 0 and limit.unit_price is not None:
                line_net, line_vat, _gross = line_amounts(
                    limit.over, limit.unit_price, current.vat_rate
                )
                net, vat = net + line_net, vat + line_vat
        if client_id in reverse:
            vat = ZERO  # a line's net does not depend on its rate: only its VAT goes
        result[client_id] = SummaryRow(
            client_id,
            names[client_id],
            period,
            currency,
            current.package if current else "",
            bool(current and current.individual),
            net,
            vat,
            net + vat,
            any(limit.over > 0 for limit in limits),
        )
    return result


def summary_rows_frozen(*, period: dt.date) -> dict[int, SummaryRow]:
    """The rows of the clients whose month is closed, as stored at close."""
    currency = connection.tenant.currency
    stored = PeriodClose.objects.filter(period=period).values_list(
        "client_id", "client_name", "package", "individual", "net", "vat", "gross", "over_limit"
    )
    return {
        row[0]: SummaryRow(row[0], row[1], period, currency, *row[2:], closed=True)
        for row in stored
    }
