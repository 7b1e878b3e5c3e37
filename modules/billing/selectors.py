"""Reads of billing. `summary_get` / `summary_list` are what other modules (invoices) use:
plain data, lines with quantity, unit price, net, VAT rate, VAT and gross (summary.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, models
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext

from common.collation import collation_key
from common.formats import quantity_text
from modules.billing.models import Assignment, Package, PeriodClose, Service, Unit, UsageRecord
from modules.billing.money import line_amounts
from modules.billing.periods import Span

# A month / quarter as people write it ("grudzień 2026"), for other modules' messages.
from modules.billing.periods import month_text as month_text
from modules.billing.periods import quarter_text as quarter_text
from modules.billing.summary import (
    SpanSummary,
    Summary,
    SummaryRow,
    fee_descriptions,
    summaries_compute,
    summary_one,
    summary_rows_compute,
    summary_rows_frozen,
)
from modules.billing.vat import REVERSE_CHARGE as REVERSE_CHARGE
from modules.billing.vat import vat_choices, vat_label, vat_percent
from tenants.selectors import office_today

SORTS = ("client", "package", "net", "gross")


def _sort_key(key: str, language: str):
    """The office list's order: names by the office language's alphabet (common.collation:
    "Šíravá" between "Sever" and "Tatra" in Slovak, not after "Váh" by code point), amounts
    as numbers; the client's id breaks ties."""
    if key == "package":
        return lambda s: (
            collation_key(s.package, language),
            collation_key(s.client_name, language),
            s.client_id,
        )
    if key in ("net", "gross"):
        return lambda s: (getattr(s, key), s.client_id)
    return lambda s: (collation_key(s.client_name, language), s.client_id)


def service_list(*, active_only: bool = False) -> QuerySet[Service]:
    # By the name every service of this office has (a Slovak office's have no Polish one).
    qs = Service.objects.order_by(Service.required_name_field(), "pk")
    return qs.filter(active=True) if active_only else qs


def package_list(*, active_only: bool = False) -> QuerySet[Package]:
    qs = Package.objects.all()
    return qs.filter(active=True) if active_only else qs


def assignment_list(*, client_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.select_related("package").filter(client_id=client_id)


def assignment_current(*, client_id: int, day: dt.date) -> Assignment | None:
    return (
        assignment_list(client_id=client_id)
        .filter(starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .order_by("-starts_on")
        .first()
    )


def client_package_fact(client) -> tuple[str, str, str, str]:
    """The client's package today, for the Profile tab of the client's card (clients.hooks):
    "Start (individual terms)", or a dash without one, linked to the page that assigns or
    changes it (it was only under Settlements > the client's month). One query."""
    from django.urls import reverse

    url = reverse("billing:assignment_add", args=[client.pk])
    assignment = assignment_current(client_id=client.pk, day=office_today())
    if assignment is None:
        return gettext("Package"), "—", url, gettext("Assign a package")
    words = assignment.package.name
    if assignment.individual:
        words = f"{words} ({gettext('individual terms')})"
    return gettext("Package"), words, url, gettext("Change the package")


class LimitTerms(NamedTuple):
    included: int  # units a month
    over_price: Decimal | None  # a unit over them (None: the terms price none)


def client_billing_start(*, client_id: int) -> dt.date | None:
    """The first day billing knows of the client: its first package (assignment), usage or
    closed month, whichever is earliest; None for a client with none of them. What the
    client's settlements page offers periods from (a client whose package started on
    7 December 2026 was offered quarters back to 2025). One query (LEAST skips NULLs)."""
    tables = [model._meta.db_table for model in (Assignment, UsageRecord, PeriodClose)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT LEAST((SELECT MIN(starts_on) FROM {tables[0]} WHERE client_id = %s),"
            f" (SELECT MIN(period) FROM {tables[1]} WHERE client_id = %s),"
            f" (SELECT MIN(period) FROM {tables[2]} WHERE client_id = %s))",
            [client_id] * 3,
        )
        return cursor.fetchone()[0]


def limit_terms(*, client_id: int, metric: str, day: dt.date) -> LimitTerms | None:
    """The limit for `metric` (room_hours, scans...) that the client's package or individual
    terms in force on `day` include, or None when they include none (then a usage is paid
    at its own price). The one reading of "the package includes it": usage_record prices
    such a usage 0.00, rooms bills a booking as package hours."""
    current = assignment_current(client_id=client_id, day=day) if metric else None
    if current is None or current.term(f"limit_{metric}") is None:
        return None
    return LimitTerms(current.term(f"limit_{metric}"), current.term(f"over_{metric}"))


def package_client_ids(*, package_id: int, day: dt.date) -> list[int]:
    """The clients whose package on `day` is `package_id`: by the same rule as
    assignment_current (the latest assignment started by `day` and not ended), set-based."""
    current = (
        Assignment.objects.filter(starts_on__lte=day)
        .exclude(ends_on__lt=day)
        .order_by("client_id", "-starts_on")
        .distinct("client_id")
        .values_list("client_id", "package_id")
    )
    return [client_id for client_id, package in current if package == package_id]


def usage_list(*, client_id: int | None = None, period: dt.date | None = None):
    qs = UsageRecord.objects.select_related("service", "client")
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("-date", "-pk")


def usage_source_list(*, source: str, ref: str) -> list[UsageRecord]:
    """The usage another module recorded for one thing of its own: `ref` and the refs
    under it (`booking:7`, `booking:7:extra:2`), oldest first. For modules that keep their
    usage in step with what they bill (rooms: one usage per booking, corrected)."""
    return list(
        UsageRecord.objects.filter(source=source)
        .filter(models.Q(source_ref=ref) | models.Q(source_ref__startswith=f"{ref}:"))
        .order_by("pk")
    )


def period_closed(*, client_id: int, period: dt.date) -> bool:
    return PeriodClose.objects.filter(client_id=client_id, period=period).exists()


def _frozen(client_ids: list[int] | None, period: dt.date) -> dict[int, Summary]:
    qs = PeriodClose.objects.filter(period=period)
    if client_ids is not None:
        qs = qs.filter(client_id__in=client_ids)
    return {
        close.client_id: Summary.from_dict(close.figures)
        for close in qs.only("client_id", "figures")
    }


def summary_get(*, client_id: int, period: dt.date) -> Summary | None:
    """The client's month: as frozen when closed, else computed now (None: no such client)."""
    return summary_one(client_id=client_id, period=period)


def summary_list(
    *,
    period: dt.date,
    package_id: int | None = None,
    status: str = "",
    over_limit: bool = False,
    sort: str = "client",
    query: str = "",
) -> list[Summary]:
    """Every client with something to bill in the month; `status` "open"/"closed"."""
    frozen = _frozen(None, period)
    summaries = summaries_compute(client_ids=None, period=period, skip=frozen.keys())
    summaries.update(frozen)
    return _filtered(
        list(summaries.values()),
        package_id=package_id,
        status=status,
        over_limit=over_limit,
        sort=sort,
        query=query,
    )


def summary_rows(
    *,
    period: dt.date,
    package_id: int | None = None,
    status: str = "",
    over_limit: bool = False,
    sort: str = "client",
    query: str = "",
) -> list[SummaryRow]:
    """The office list of the month: the rows summary_list would give (the same clients,
    totals, package, status and "over a limit"), without the lines: open months totalled
    set-based in the database, closed ones as stored at close. For the screen; the export,
    the API and invoices read summary_list (every line)."""
    frozen = summary_rows_frozen(period=period)
    rows = summary_rows_compute(period=period, skip=frozen.keys())
    rows.update(frozen)
    return _filtered(
        list(rows.values()),
        package_id=package_id,
        status=status,
        over_limit=over_limit,
        sort=sort,
        query=query,
    )


def _filtered(
    rows: list, *, package_id, status: str, over_limit: bool, sort: str, query: str = ""
) -> list:
    """The list's filters (package, open/closed, over a limit, `query`: words all found in
    the client's name, any case) and its order."""
    words = query.casefold().split()
    if words:
        rows = [s for s in rows if all(w in s.client_name.casefold() for w in words)]
    if package_id:
        name = Package.objects.filter(pk=package_id).values_list("name", flat=True).first()
        rows = [s for s in rows if s.package == name]
    if status in ("open", "closed"):
        rows = [s for s in rows if s.closed == (status == "closed")]
    if over_limit:
        rows = [s for s in rows if s.over_limit]
    language = getattr(connection.tenant, "language", "") or "pl"
    rows.sort(key=_sort_key(sort.lstrip("-"), language), reverse=sort.startswith("-"))
    return rows


def lines_described(
    summaries: list[Summary], *, languages: dict[int, str]
) -> dict[int, list[tuple[str, dt.date | None]]]:
    """(description, day) of each summary's lines in its client's language (`languages`:
    client id -> an invoice's language), not in the language of whoever computed or
    closed the month: a service's line is named in that language when the service has a
    name in it (billing's pl/sk/en names as the month stored them at close - a service
    renamed later does not reach a closed month -; in a month closed before lines stored
    them, the service's current names; else the office's), with the usage's own note and
    the late mark; a usage recorded with a text (UsageRecord.text: rooms' booking, extra
    and cancellation fee) is written from it in that language (the day in its format, the
    hours with its unit word); another usage without a service is its own text (as
    recorded) with the late mark in that language; an overage line is written in it from
    its limit; a package fee and a mail cost from what the month stored at close
    (Line.text: the package's name then, the item's number and note; summary.line_text).
    A package fee of a month closed before its lines stored that (and not given it by
    migration 0004) is named from the month's assignments, with the package's current name
    (summary.fee_descriptions); such a mail cost keeps its text. `day` is the usage's date
    for a service's line (the settlement prints it beside the name), else None. One query
    for the usages, plus one per period and language for old package lines, whatever the
    summaries."""
    from django.utils.formats import date_format

    from modules.billing.models import METRICS, service_name_pick
    from modules.billing.summary import line_text

    usage_ids = [
        int(line.ref[6:])
        for summary in summaries
        for line in summary.lines
        if line.ref.startswith("usage:")
    ]
    usages = {
        u.pk: u
        for u in UsageRecord.objects.filter(pk__in=usage_ids)
        .select_related("service")
        .only(
            "pk",
            "service_id",
            "description",
            "text",
            "date",
            "late",
            "service__name_pl",
            "service__name_sk",
            "service__name_en",
        )
    }
    fees: dict[tuple, dict[str, str]] = {}  # (period, language) -> {ref: description}
    wanted: dict[tuple, list[int]] = {}
    for summary in summaries:
        if any(line.kind == "package" and not line.text for line in summary.lines):
            wanted.setdefault((summary.period, languages[summary.client_id]), []).append(
                summary.client_id
            )
    for (period, language), client_ids in wanted.items():
        with translation.override(language):
            fees[(period, language)] = fee_descriptions(client_ids=client_ids, period=period)
    result = {}
    for summary in summaries:
        language = languages[summary.client_id]
        limits = {limit.metric: limit for limit in summary.limits}
        package_texts = fees.get((summary.period, language), {})
        texts = []
        with translation.override(language):
            labels = {name: str(label) for name, label in METRICS}
            for line in summary.lines:
                text, day = line.description, None
                usage = usages.get(int(line.ref[6:])) if line.ref.startswith("usage:") else None
                if usage is not None:
                    if line.text or usage.text:
                        # what the month stored (a service's names then), else what the
                        # usage was recorded with (a room booking, its extra, its fee)
                        text = line_text(line.text or usage.text)
                        if usage.service_id is not None:
                            day = usage.date
                    elif usage.service_id is None:
                        text = usage.description
                    else:
                        names = {c: getattr(usage.service, f"name_{c}") for c in ("pl", "sk", "en")}
                        text, day = service_name_pick(names, language), usage.date
                        if usage.description and usage.description not in names.values():
                            text = f"{text}: {usage.description}"
                    if usage.late:
                        text += " " + gettext(
                            "(late: dated %(date)s, its month was already closed)"
                        ) % {"date": date_format(usage.date, "SHORT_DATE_FORMAT")}
                elif line.text:
                    text = line_text(line.text)
                elif line.kind == "package" and line.ref in package_texts:
                    text = package_texts[line.ref]
                elif line.ref.startswith("metric:") and line.ref[7:] in limits:
                    limit = limits[line.ref[7:]]
                    text = gettext(
                        "Over the limit: %(what)s (%(used)s used, %(included)s included)"
                    ) % {
                        "what": labels.get(limit.metric, limit.label),
                        "used": quantity_text(limit.used),
                        "included": limit.included,
                    }
                texts.append((text, day))
        result[summary.client_id] = texts
    return result


def usage_text_words(text: dict) -> str:
    """A usage's `text` (summary.USAGE_TEXT_KINDS) in the active language, in the words the
    settlement and the invoice print it with (summary.line_text): the module recording it
    writes its description with them, so the hours' unit has one owner (rooms' "Miestnosť
    Dunaj, 10.03.2027 10:00–12:00 (2 hod.)", billing's "hod." of an hour; rooms wrote "h")."""
    from modules.billing.summary import line_text

    return line_text(text)


# The VAT rates and the line rounding rule, for the invoices module (one owner: vat.py and
# money.py here; invoices must not keep a second table of rates or a second rounding).
def unit_label(code: str, *, language: str) -> str:
    """A unit's name on a document in `language` ("godz." for "hour" in Polish); a unit
    that is not one of billing's (typed by hand on an invoice) stays as it is."""
    if code not in Unit.values:
        return code
    with translation.override(language):
        return str(Unit(code).label)


def vat_rate_choices(*, country: str) -> list[tuple[str, str]]:
    return vat_choices(country)


def vat_rate_percent(code: str) -> Decimal:
    return vat_percent(code)


def vat_rate_label(code: str) -> str:
    return vat_label(code)


def line_amounts_get(*, quantity: Decimal, unit_price: Decimal, vat_rate: str) -> tuple:
    return line_amounts(quantity, unit_price, vat_rate)


def summary_span_get(*, client_id: int, span: Span) -> SpanSummary | None:
    """The client's quarter or range: each month as summary_get gives it (closed months as
    frozen), summed (None: no such client). Months with nothing to bill are left out."""
    months = []
    for period in span.months:
        summary = summary_get(client_id=client_id, period=period)
        if summary is None:
            return None
        if summary.lines or summary.closed or summary.limits:
            months.append(summary)
    row = _span_row(summary, span)  # the client's name and currency from the last month
    row.months = months
    return row


def _span_row(summary: Summary, span: Span) -> SpanSummary:
    return SpanSummary(
        client_id=summary.client_id,
        client_name=summary.client_name,
        start=span.start,
        end=span.end,
        currency=summary.currency,
        month_count=len(span.months),
    )


def summary_span_list(
    *,
    span: Span,
    package_id: int | None = None,
    status: str = "",
    over_limit: bool = False,
    sort: str = "client",
    query: str = "",
) -> list[SpanSummary]:
    """Every client with something to bill in the span, each the sum of its months as
    `summary_list` gives them (filters read the span: its last package, closed when every
    month is closed, over a limit in any month)."""
    return _span_list(summary_list, span, package_id, status, over_limit, sort, query)


def summary_span_rows(
    *,
    span: Span,
    package_id: int | None = None,
    status: str = "",
    over_limit: bool = False,
    sort: str = "client",
    query: str = "",
) -> list[SpanSummary]:
    """The office list of a quarter or range: summary_span_list's clients and totals from
    each month's rows (summary_rows), without the lines."""
    return _span_list(summary_rows, span, package_id, status, over_limit, sort, query)


def _span_list(
    month_rows, span, package_id, status, over_limit, sort, query=""
) -> list[SpanSummary]:
    by_client: dict[int, SpanSummary] = {}
    for period in span.months:
        for summary in month_rows(period=period):
            row = by_client.get(summary.client_id)
            if row is None:
                row = by_client[summary.client_id] = _span_row(summary, span)
            row.months.append(summary)
    return _filtered(
        list(by_client.values()),
        package_id=package_id,
        status=status,
        over_limit=over_limit,
        sort=sort,
        query=query,
    )


def vat_note(*, client_id: int, shown) -> str | None:
    """The note above a settlement's lines on how the client's VAT is invoiced
    (hooks.client_vat_note: invoices' reverse-charge words), and, when the figures shown
    (`shown`: a Summary or SpanSummary) still carry VAT for such a client - a month closed
    before its settlement followed reverse charge (2026-12-07): its frozen figures keep the
    services' rates -, that this VAT is not charged."""
    from modules.billing.hooks import client_vat_note

    note = client_vat_note(client_id)
    if note and shown is not None and shown.vat:
        note = " ".join(
            (
                note,
                gettext(
                    "This month was closed before its settlement followed this: the VAT below"
                    " is not charged, and the net amount is what is paid."
                ),
            )
        )
    return note


def close_all_left(*, period, rows: list | None = None) -> bool:
    """Whether "close the month for every client" has a client left to close (the list
    offers it only then: it was offered when every client was closed already). `rows`: the
    month's unfiltered office list (summary_rows), whose clients are the billable ones: read
    from them without a query while one is open; else close_all_counts."""
    if rows is None:
        return close_all_counts(period)[0] > 0
    from modules.billing.hooks import period_close_pending

    closed = set()
    for row in rows:
        if not row.closed:
            return True
        closed.add(row.client_id)
    # every client with something to bill is closed: a module's usage still to record
    # (helpdesk) would make "close every client" close its client too
    return bool(period_close_pending(period) - closed)


def close_all_counts(period) -> tuple[int, int]:
    """What "close the month for every client" would do: (clients it would close, clients
    already closed), the same clients `services.period_close_all` takes."""
    from modules.billing.hooks import period_close_pending
    from modules.billing.summary import billable_client_ids

    ids = billable_client_ids(period) | period_close_pending(period)
    closed = set(
        PeriodClose.objects.filter(period=period, client_id__in=ids).values_list(
            "client_id", flat=True
        )
    )
    return len(ids - closed), len(closed)
