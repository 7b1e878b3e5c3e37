"""Reports and statistics (T14): what the Reports page, its XLSX export and the monthly
service report per client read. Read-only (selectors); every figure is aggregated in SQL
(GROUP BY with GROUPING SETS, percentile_cont, FILTER), one statement per table, so the month
of an office with 200,000 requests costs a few index range scans (helpdesk_report_month_ms).

Definitions (also in the README):
- raised in the period: `created_at` within it; channel = the request's source;
- first response: the first public reply written by staff (FirstResponse, kept by
  `reply_create`); internal notes, the client's replies and automatic e-mails do not count.
  First response time = that reply's time - the request's creation, for requests raised in
  the period; requests not answered yet are counted as such and left out of the times;
- resolved in the period: `resolved_at` within it and the request still resolved, accepted
  or closed (a reopened one is not resolved); resolution time = resolved_at - created_at
  (the last resolution, after any reopening);
- backlog: requests with work still to do now (not resolved, accepted, closed or rejected),
  by their age today; the period does not apply, the other filters do;
- ratings: requests accepted with a rating within the period, per operator credited
  (RATED_OPERATOR_SQL: the assignee, else who resolved it last); the operator filter
  narrows the ratings by the same rule.
Times are wall-clock (calendar) time, in seconds here, shown in hours.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from modules.helpdesk.models import Category, Request

S = Request.Status
RESOLVED_STATES = (S.RESOLVED, S.ACCEPTED, S.CLOSED)
# Work still to do (the backlog): everything but these. Listed positively for the query, so
# that it reads the few open requests off hd_request_status_idx instead of every request.
DONE_STATES = (S.RESOLVED, S.ACCEPTED, S.CLOSED, S.REJECTED)
OPEN_STATES = tuple(s for s in S if s not in DONE_STATES)
BACKLOG_BUCKETS = (
    ("day", gettext_lazy("under 1 day"), 0, 1),
    ("days3", gettext_lazy("1-3 days"), 1, 3),
    ("week", gettext_lazy("3-7 days"), 3, 7),
    ("month", gettext_lazy("7-30 days"), 7, 30),
    ("older", gettext_lazy("over 30 days"), 30, None),
)
CUSTOM_MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, custom
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls("month", dt.date(year, month, 1), dt.date(year, month, last))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first + 2)[1]
        return cls("quarter", dt.date(year, first, 1), dt.date(year, first + 2, last))

    @property
    def bucket(self) -> str:
        """The chart's step: days for up to two months, weeks up to half a year, months."""
        days = (self.end - self.start).days + 1
        return "day" if days <= 62 else "week" if days <= 186 else "month"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes in the office's time zone."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    @property
    def text(self) -> str:
        """The period in words of the active language, for titles: "grudzień 2026",
        "december 2026" (common.formats.month_text), "IV kwartał 2026", "4. štvrťrok 2026",
        "Q4 2026" (billing's quarter_text, as billing's pages write it),
        "01.11.2026 – 05.11.2026"; `label` (ISO) is for URLs, file names and the audit."""
        from django.utils.formats import date_format

        from common.formats import month_text
        from modules.billing.selectors import quarter_text

        if self.kind == "month":
            return month_text(self.start)
        if self.kind == "quarter":
            return quarter_text(self.start)
        start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (self.start, self.end))
        return f"{start} – {end}"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m-%d} - {self.end:%Y-%m-%d}"


@dataclass
class Filters:
    category_id: int | None = None
    client_id: int | None = None
    team_id: int | None = None
    operator_id: int | None = None
    source: str = ""

    def sql(self, *, operator: bool = True) -> tuple[str, dict]:
        """The filters as SQL on `r` (helpdesk_request). `operator=False` leaves the
        operator out: the ratings narrow by the rating's credit rule instead of the
        assignee (`_ratings`)."""
        parts, params = [], {}
        for column, key in (
            ("category_id", "category_id"),
            ("client_id", "client_id"),
            ("team_id", "team_id"),
            ("assignee_id", "operator_id"),
            ("source", "source"),
        ):
            if key == "operator_id" and not operator:
                continue
            value = getattr(self, key)
            if value:
                parts.append(f"r.{column} = %(f_{key})s")
                params[f"f_{key}"] = value
        return "".join(f" AND {part}" for part in parts), params


@dataclass
class Table:
    """One table of the page (and one sheet of the export): `kinds` per column: text, int,
    hours (seconds shown as hours), decimal, percent (a share: "45%"; the export's
    header says "(%)"), money (the office's currency), period (an ISO
    day or month label, "2026-12-01" / "2026-12": a date cell in the export)."""

    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None


@dataclass
class Report:
    period: Period
    filters: Filters
    volume: Table
    categories: Table
    clients: Table
    channels: Table
    times: Table
    backlog: Table
    ratings: Table
    # Extension points (issue 21 items 3 and 5, built by other helpers): time logged and
    # billable share (work log) and figures against SLA. None until they land.
    work: Table | None = None
    sla: Table | None = None

    def tables(self) -> list[Table]:
        return [
            t
            for t in (
                self.volume,
                self.categories,
                self.clients,
                self.channels,
                self.times,
                self.backlog,
                self.ratings,
                self.work,
                self.sla,
            )
            if t is not None
        ]

    def charts(self) -> dict:
        """The data the page's charts draw (json_script; the tables hold the same)."""
        charts = self._charts()
        if self.work is not None:  # hours per operator, billable and not
            rows = self.work.rows
            charts["work"] = {
                "labels": [row[0] for row in rows],
                "billable": [round(row[3] / 3600, 2) for row in rows],
                "other": [round((row[2] - row[3]) / 3600, 2) for row in rows],
                "names": [_("Billable (h)"), _("Not billable (h)")],
            }
        if self.sla is not None:  # per target: in time, late, not yet
            rows = self.sla.rows
            charts["sla"] = {
                "labels": [row[0] for row in rows],
                "series": [[row[n] for row in rows] for n in (1, 2, 3)],
                "names": [_("In time"), _("Late"), _("Not yet")],
            }
        return charts

    def _charts(self) -> dict:
        return {
            "volume": {
                "labels": [row[0] for row in self.volume.rows],
                "raised": [row[1] for row in self.volume.rows],
                "resolved": [row[2] for row in self.volume.rows],
                "names": [_("Raised"), _("Resolved")],
            },
            "channels": {
                "labels": [row[0] for row in self.channels.rows],
                "values": [row[1] for row in self.channels.rows],
            },
            "backlog": {
                "labels": [row[0] for row in self.backlog.rows],
                "values": [row[1] for row in self.backlog.rows],
                "name": _("Open requests"),
            },
            "ratings": {
                "labels": [row[0] for row in self.ratings.rows],
                "values": [row[2] for row in self.ratings.rows],
                "name": _("Average rating"),
            },
        }


def _fetch(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _base_params(period: Period, filters: Filters, *, operator: bool = True) -> tuple[str, dict]:
    where, params = filters.sql(operator=operator)
    start, end = period.bounds()
    params.update(
        start=start,
        end=end,
        tz=timezone.get_current_timezone_name(),
        resolved=list(RESOLVED_STATES),
        done=list(DONE_STATES),
        open=list(OPEN_STATES),
    )
    return where, params


VOLUME_SQL = """
SELECT GROUPING(date_trunc(%(bucket)s, r.created_at AT TIME ZONE %(tz)s)) AS g_bucket,
       GROUPING(r.category_id) AS g_category, GROUPING(r.client_id) AS g_client,
       GROUPING(r.source) AS g_source,
       date_trunc(%(bucket)s, r.created_at AT TIME ZONE %(tz)s) AS bucket,
       r.category_id, r.client_id, r.source,
       count(*) AS raised,
       count(*) FILTER (WHERE r.status = ANY(%(resolved)s) AND r.resolved_at IS NOT NULL),
       count(*) FILTER (WHERE NOT r.status = ANY(%(done)s))
FROM helpdesk_request r
WHERE r.created_at >= %(start)s AND r.created_at < %(end)s{where}
GROUP BY GROUPING SETS ((date_trunc(%(bucket)s, r.created_at AT TIME ZONE %(tz)s)),
                        (r.category_id), (r.client_id), (r.source), ())
"""

FIRST_RESPONSE_SQL = """
SELECT GROUPING(r.category_id), r.category_id, count(*), count(f.at),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.at - r.created_at)),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM f.at - r.created_at))
FROM helpdesk_request r
LEFT JOIN helpdesk_firstresponse f ON f.request_id = r.id
  AND f.raised_at >= %(start)s AND f.raised_at < %(end)s
WHERE r.created_at >= %(start)s AND r.created_at < %(end)s{where}
GROUP BY GROUPING SETS ((r.category_id), ())
"""

# Requests resolved in the period: times per category and in total, counts per step of the
# chart (the day, week or month of resolving).
RESOLUTION_SQL = """
SELECT GROUPING(r.category_id) AS g_category,
       GROUPING(date_trunc(%(bucket)s, r.resolved_at AT TIME ZONE %(tz)s)) AS g_bucket,
       r.category_id, date_trunc(%(bucket)s, r.resolved_at AT TIME ZONE %(tz)s), count(*),
       percentile_cont(0.5) WITHIN GROUP
         (ORDER BY extract(epoch FROM r.resolved_at - r.created_at)),
       percentile_cont(0.9) WITHIN GROUP
         (ORDER BY extract(epoch FROM r.resolved_at - r.created_at))
FROM helpdesk_request r
WHERE r.resolved_at >= %(start)s AND r.resolved_at < %(end)s
  AND r.resolved_at IS NOT NULL AND r.status = ANY(%(resolved)s){where}
GROUP BY GROUPING SETS ((r.category_id),
                        (date_trunc(%(bucket)s, r.resolved_at AT TIME ZONE %(tz)s)), ())
"""

BACKLOG_SQL = """
SELECT {buckets}, count(*), min(r.created_at)
FROM helpdesk_request r
WHERE r.status = ANY(%(open)s){where}
"""

# THE credit rule of a rating: the operator who was assigned; a request nobody was assigned
# to is credited to the staff member who resolved it last (the history's status change to
# "resolved"), and is "Unassigned" only when neither is known. The per-operator rows group by
# it and the operator filter narrows by it (`_ratings`): the two always agree.
RATED_OPERATOR_SQL = """COALESCE(r.assignee_id, (
    SELECT c.actor_id FROM helpdesk_change c
    WHERE c.request_id = r.id AND c.field = 'status' AND c.new = '"resolved"'::jsonb
      AND c.actor_id IS NOT NULL
    ORDER BY c.created_at DESC, c.id DESC LIMIT 1
  ))"""
RATINGS_SQL = (
    """
SELECT GROUPING(x.operator), x.operator, count(*), avg(x.rating),
       count(*) FILTER (WHERE x.rating = 1), count(*) FILTER (WHERE x.rating = 2),
       count(*) FILTER (WHERE x.rating = 3), count(*) FILTER (WHERE x.rating = 4),
       count(*) FILTER (WHERE x.rating = 5)
FROM (
  SELECT r.rating, """
    + RATED_OPERATOR_SQL
    + """ AS operator
  FROM helpdesk_request r
  WHERE r.accepted_at >= %(start)s AND r.accepted_at < %(end)s AND r.rating IS NOT NULL{where}
) x{credited}
GROUP BY GROUPING SETS ((x.operator), ())
"""
)


def _bucket_label(value: dt.datetime, bucket: str) -> str:
    if bucket == "month":
        return f"{value:%Y-%m}"
    return f"{value:%Y-%m-%d}"


def _bucket_steps(period: Period) -> list[dt.date]:
    """Every step of the period, so days without requests show as 0 - up to today: the
    days (weeks, months) still to come in the current period are not listed as zeros."""
    steps, day = [], period.start
    if period.bucket == "week":
        day -= dt.timedelta(days=day.weekday())
    elif period.bucket == "month":
        day = day.replace(day=1)
    last = min(period.end, timezone.localdate())
    while day <= last:
        steps.append(day)
        if period.bucket == "day":
            day += dt.timedelta(days=1)
        elif period.bucket == "week":
            day += dt.timedelta(days=7)
        else:
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return steps


def category_names(ids) -> dict[int, str]:
    rows = Category.objects.filter(pk__in=[i for i in ids if i]).select_related("parent")
    return {c.pk: str(c) for c in rows}


def client_names(ids) -> dict[int, str]:
    from modules.clients.models import Client

    ids = [i for i in ids if i]
    return dict(Client.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def operator_names(ids) -> dict[int, str]:
    from accounts.models import User

    ids = [i for i in ids if i]
    rows = User.objects.filter(pk__in=ids).only("full_name", "email") if ids else []
    return {u.pk: u.full_name or u.email for u in rows}


def source_names() -> dict[str, str]:
    return {value: str(label) for value, label in Request.Source.choices}


def _resolutions(period: Period, filters: Filters) -> tuple[dict, tuple | None, dict]:
    """(per category {id, 0 for none: (count, median, p90)}, the total's, {step: count})."""
    where, params = _base_params(period, filters)
    params["bucket"] = period.bucket
    per, total, by_bucket = {}, None, {}
    for g_category, g_bucket, category, bucket, *figures in _fetch(
        RESOLUTION_SQL.format(where=where), params
    ):
        figures = tuple(_seconds(v) for v in figures)
        if not g_category:
            per[category or 0] = figures
        elif not g_bucket:
            by_bucket[bucket.date()] = figures[0]
        else:
            total = figures
    return per, total, by_bucket


def _volumes(
    period: Period, filters: Filters, resolved_by_bucket: dict
) -> tuple[Table, Table, Table, Table]:
    where, params = _base_params(period, filters)
    params["bucket"] = period.bucket
    rows = _fetch(VOLUME_SQL.format(where=where), params)
    by_bucket, by_category, by_client, by_source, total = {}, {}, {}, {}, (0, 0, 0)
    for g_bucket, g_category, g_client, g_source, bucket, category, client, source, *n in rows:
        if not g_bucket:
            by_bucket[bucket.date()] = n
        elif not g_category:
            by_category[category] = n
        elif not g_client:
            by_client[client] = n
        elif not g_source:
            by_source[source] = n
        else:
            total = tuple(n)
    volume = Table(
        "volume",
        _("Requests by period"),
        [_("Period"), _("Raised"), _("Resolved")],
        ["period", "int", "int"],
    )
    for step in _bucket_steps(period):
        raised = by_bucket.get(step, (0, 0, 0))[0]
        volume.rows.append(
            [_bucket_label(step, period.bucket), raised, resolved_by_bucket.get(step, 0)]
        )
    volume.total = [_("Total"), total[0], sum(resolved_by_bucket.values())]

    headers = [_("Raised"), _("Resolved since"), pgettext("requests", "Open")]
    kinds = ["text", "int", "int", "int"]
    categories = Table("categories", _("Requests by category"), [_("Category"), *headers], kinds)
    names = category_names(by_category)
    categories.rows = sorted(
        ([names.get(k, _("No category")), *v] for k, v in by_category.items()),
        key=lambda row: (-row[1], row[0]),
    )
    clients = Table("clients", _("Requests by client"), [_("Client"), *headers], kinds)
    names = client_names(by_client)
    clients.rows = sorted(
        ([names.get(k, _("Internal (no client)")), *v] for k, v in by_client.items()),
        key=lambda row: (-row[1], row[0]),
    )
    channels = Table("channels", _("Requests by channel"), [_("Channel"), *headers], kinds)
    names = source_names()
    channels.rows = sorted(
        ([names.get(k, k), *v] for k, v in by_source.items()), key=lambda row: (-row[1], row[0])
    )
    for table in (categories, clients, channels):
        table.total = [_("Total"), *total]
    return volume, categories, clients, channels


def _times(period: Period, filters: Filters, resolutions: tuple) -> Table:
    where, params = _base_params(period, filters)
    first, first_total = _split_total(FIRST_RESPONSE_SQL.format(where=where), params)
    resolution, resolution_total, _by_bucket = resolutions
    table = Table(
        "times",
        _("First response and resolution times"),
        [
            _("Category"),
            _("Raised"),
            _("Answered"),
            _("First response, median (h)"),
            _("First response, 90th percentile (h)"),
            _("Resolved"),
            _("Resolution, median (h)"),
            _("Resolution, 90th percentile (h)"),
        ],
        ["text", "int", "int", "hours", "hours", "int", "hours", "hours"],
    )
    names = category_names(set(first) | set(resolution))
    rows = []
    for key in set(first) | set(resolution):
        f = first.get(key, (0, 0, None, None))
        r = resolution.get(key, (0, None, None))
        rows.append([names.get(key, _("No category")), *f, *r])
    table.rows = sorted(rows, key=lambda row: (-row[1], row[0]))
    table.total = [_("Total"), *(first_total or (0, 0, None, None))]
    table.total += list(resolution_total or (0, None, None))
    return table


def _split_total(sql: str, params: dict) -> tuple[dict, tuple | None]:
    """(per category {id, 0 for none: figures}, the total's figures) from one GROUPING SETS
    query whose first two columns are GROUPING(category_id) and category_id."""
    per, total = {}, None
    for g, category, *figures in _fetch(sql, params):
        if g:
            total = tuple(_seconds(v) for v in figures)
        else:
            per[category or 0] = tuple(_seconds(v) for v in figures)
    return per, total


def _seconds(value):
    return round(float(value), 3) if isinstance(value, float) else value


def _backlog(filters: Filters) -> Table:
    where, params = _base_params(Period.month(2000, 1), filters)
    now = timezone.now()
    parts = []
    for key, _label, low, high in BACKLOG_BUCKETS:
        # The bounds as parameters: a timestamp minus an interval is not folded by the
        # planner and would be computed again for every row.
        params[f"{key}_low"] = now - dt.timedelta(days=low)
        condition = f"r.created_at <= %({key}_low)s"
        if high is not None:
            params[f"{key}_high"] = now - dt.timedelta(days=high)
            condition += f" AND r.created_at > %({key}_high)s"
        parts.append(f"count(*) FILTER (WHERE {condition}) AS {key}")
    row = _fetch(BACKLOG_SQL.format(buckets=", ".join(parts), where=where), params)[0]
    table = Table(
        "backlog",
        _("Backlog by age (open now)"),
        [_("Age"), _("Open requests")],
        ["text", "int"],
    )
    table.rows = [[str(label), row[i]] for i, (_k, label, _l, _h) in enumerate(BACKLOG_BUCKETS)]
    table.total = [_("Total"), row[len(BACKLOG_BUCKETS)]]
    return table


def _ratings(period: Period, filters: Filters) -> Table:
    where, params = _base_params(period, filters, operator=False)
    credited = ""
    if filters.operator_id:  # the operator credited with the rating, not the assignee
        credited = "\nWHERE x.operator = %(f_operator_id)s"
        params["f_operator_id"] = filters.operator_id
    rows = _fetch(RATINGS_SQL.format(where=where, credited=credited), params)
    table = Table(
        "ratings",
        _("Ratings per operator"),
        [_("Operator"), _("Ratings"), _("Average"), "1", "2", "3", "4", "5"],
        ["text", "int", "decimal", "int", "int", "int", "int", "int"],
    )
    names = operator_names(row[1] for row in rows if not row[0])
    per = []
    for g, operator, count, average, *stars in rows:
        figures = [count, None if average is None else round(float(average), 2), *stars]
        if g:
            table.total = [_("Total"), *figures]
        else:
            label = names.get(operator, f"#{operator}") if operator else _("Unassigned")
            per.append([label, *figures])
    table.rows = sorted(per, key=lambda row: (-row[2], row[0]))
    return table


def report_build(*, period: Period, filters: Filters) -> Report:
    """Every table of the Reports page for `period` narrowed by `filters`."""
    resolutions = _resolutions(period, filters)
    volume, categories, clients, channels = _volumes(period, filters, resolutions[2])
    return Report(
        period=period,
        filters=filters,
        volume=volume,
        categories=categories,
        clients=clients,
        channels=channels,
        times=_times(period, filters, resolutions),
        backlog=_backlog(filters),
        ratings=_ratings(period, filters),
        work=work_table(period=period, filters=filters),
        sla=sla_table(period=period, filters=filters),
    )


# EXTENSION POINTS (issue 21): time logged and the billable share come from the work log
# (item 3), first response and resolution against SLA from the SLAs (item 5). Each returns a
# Table (or None while its part is not on main); report_build, the page, the export and the
# client's PDF show whatever they return.


def work_table(*, period: Period, filters: Filters) -> Table | None:
    """Time logged in the period (the entries' dates) per operator, with the billable share
    and value, from the work log's totals (`work_selectors.worklog_totals_by`). The work log
    is narrowed by client and operator; category, team and channel do not apply to it (a
    time entry has none of them). None when nothing was logged."""
    from modules.helpdesk.work_selectors import worklog_totals_by

    narrowed = {"date_from": period.start, "date_to": period.end}
    if filters.client_id:
        narrowed["client_id"] = filters.client_id
    if filters.operator_id:
        narrowed["operator_id"] = filters.operator_id
    totals = worklog_totals_by(by="operator", **narrowed)
    if not totals:
        return None
    table = Table(
        "work",
        _("Time logged"),
        [_("Operator"), _("Entries"), _("Time"), _("Billable time"), _("Billable share"),
         _("Billable value (net)")],
        ["text", "int", "hours", "hours", "percent", "money"],
    )  # fmt: skip
    names = operator_names(totals)
    entries = minutes = billable = 0
    amount = Decimal(0)
    for operator, row in sorted(totals.items(), key=lambda item: names.get(item[0], "")):
        table.rows.append(
            [names.get(operator, f"#{operator}"), row.entries, row.minutes * 60,
             row.billable_minutes * 60, _share(row.billable_minutes, row.minutes), row.amount]
        )  # fmt: skip
        entries, minutes = entries + row.entries, minutes + row.minutes
        billable, amount = billable + row.billable_minutes, amount + row.amount
    table.total = [
        _("Total"),
        entries,
        minutes * 60,
        billable * 60,
        _share(billable, minutes),
        amount,
    ]
    return table


def sla_table(*, period: Period, filters: Filters) -> Table | None:
    """First response and resolution against the SLA targets, for the requests raised in
    the period that have a clock (`sla.sla_durations`): met in time, late, not met yet, and
    the share in time of those decided. None when no request of the period has a clock."""
    from django.db.models import Count, Q

    from modules.helpdesk.sla import sla_durations

    start, end = period.bounds()
    requests = Request.objects.filter(created_at__gte=start, created_at__lt=end)
    for column, key in (
        ("category_id", "category_id"),
        ("client_id", "client_id"),
        ("team_id", "team_id"),
        ("assignee_id", "operator_id"),
        ("source", "source"),
    ):
        if getattr(filters, key):
            requests = requests.filter(**{column: getattr(filters, key)})
    counted = {"clocks": Count("request_id")}
    for kind in ("response", "resolution"):
        counted[f"{kind}_met"] = Count("request_id", filter=Q(**{f"{kind}_in_time": True}))
        counted[f"{kind}_late"] = Count("request_id", filter=Q(**{f"{kind}_in_time": False}))
    figures = sla_durations(requests=requests).aggregate(**counted)
    if not figures["clocks"]:
        return None
    table = Table(
        "sla",
        _("Against SLA"),
        [_("Target"), _("In time"), _("Late"), _("Not yet"), _("Share in time")],
        ["text", "int", "int", "int", "percent"],
    )
    for kind, label in (("response", _("First response")), ("resolution", _("Resolution"))):
        met, late = figures[f"{kind}_met"], figures[f"{kind}_late"]
        table.rows.append(
            [label, met, late, figures["clocks"] - met - late, _share(met, met + late)]
        )
    return table


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
