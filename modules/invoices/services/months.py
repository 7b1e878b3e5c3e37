"""Drafts from billing's closed months (one per client and month), the month taken as billed:
its reducing lines (a correction usage of -1, a cancelled room booking's reversal) included."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.audit import audit_value
from common.money import money
from modules.audit.services import audit_record_many
from modules.billing import selectors as billing
from modules.billing.models import PeriodClose
from modules.clients.models import Client
from modules.invoices.models import Invoice, InvoiceLine
from modules.invoices.money import REVERSE_CHARGE
from modules.invoices.services.invoices import (
    _acceptance_notify,
    _draft_build,
    _office,
    client_reverse_charged,
    settings_get,
)

ZERO = Decimal("0")


@dataclass
class MonthRun:
    """What a run made: the drafts, and the clients left without one with the reason."""

    created: list[Invoice] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (client name, why)
    closed: int = 0  # clients whose month is closed and bills something
    already: int = 0  # of those, the ones that already had their invoice


def month_lines(summary, *, language: str, descriptions: list | None = None) -> list[dict]:
    """The summary's lines as a draft's, in the invoice's language: units ("godz.", not
    billing's code "hour"), services named in it where the service has a name in it
    (billing.selectors.lines_described), a service's day added as the settlement shows it
    ("Sala Tatry, 12.03.2026" kept; "Kurier" -> "Kurier, 05.03.2026"). A reducing line
    (negative quantity) is netted against the lines of the same name, unit, price and rate:
    a cancelled booking's reversal and its booking make no line at all, a correction of -1
    of 3 couriers makes one line of 2. What no such line absorbs stays a reducing line of
    its own (a correction of the month), which Polish and Slovak invoices may carry while
    the invoice's total is not negative. A line worth nothing (room hours the package
    includes, recorded at 0.00) is left out: the invoice bills money, the settlement shows
    the hours."""
    if descriptions is None:
        descriptions = billing.lines_described([summary], languages={summary.client_id: language})[
            summary.client_id
        ]
    groups: dict[tuple, list] = {}
    days: dict[int, dt.date | None] = {}
    for line, (description, day) in zip(summary.lines, descriptions, strict=True):
        if line.net == 0 and (line.quantity == 0 or line.unit_price == 0):
            continue
        days[id(line)] = day
        key = (description, line.unit, line.unit_price, line.vat_rate)
        groups.setdefault(key, []).append(line)
    result = []
    with translation.override(language):
        for (description, unit, unit_price, vat_rate), lines in groups.items():
            reducing = any(line.quantity < 0 for line in lines)
            # a group without a reducing line keeps a line per usage (as billed, with its ref)
            parts = [lines] if reducing else [[line] for line in lines]
            for part in parts:
                quantity = sum((line.quantity for line in part), ZERO)
                if quantity == 0:
                    continue  # cancelled out
                first = next((line for line in part if line.quantity > 0), part[0])
                text = description
                part_days = {days[id(line)] for line in part}
                if len(part_days) == 1 and None not in part_days:
                    # one day: dated as the settlement shows it (a correction on another
                    # day nets into an undated line)
                    shown = date_format(part_days.pop(), "SHORT_DATE_FORMAT")
                    if shown not in text:
                        text = f"{text}, {shown}"
                result.append(
                    {
                        "description": text,
                        "quantity": quantity,
                        "unit": billing.unit_label(unit, language=language),
                        "unit_price": unit_price,
                        "vat_rate": vat_rate,
                        "ref": first.ref,
                    }
                )
    return result


@transaction.atomic
def invoices_create_from_month(
    *, period: dt.date, actor, client_ids: list[int] | None = None
) -> MonthRun:
    """One draft per client whose month is closed, from billing's frozen summary; clients
    that already have an invoice for the month are skipped (run it twice: nothing new). A
    client whose month totals below zero, or whose lines are refused, gets no draft and a
    line in `skipped`; the other clients' drafts are made all the same."""
    # The closed clients' rows locked first, in id order (billing's own lock on a client's
    # months): a month reopened meanwhile (billing.services.period_reopen) is either seen
    # reopened here, or its reopen waits and then finds this run's draft and is refused.
    list(
        Client.objects.select_for_update()
        .filter(pk__in=PeriodClose.objects.filter(period=period).values("client_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    summaries = [s for s in billing.summary_list(period=period, status="closed") if s.gross != 0]
    if client_ids is not None:
        wanted = set(client_ids)
        summaries = [s for s in summaries if s.client_id in wanted]
    done = set(
        Invoice.objects.filter(period=period, kind=Invoice.Kind.REGULAR).values_list(
            "client_id", flat=True
        )
    )
    clients = Client.objects.in_bulk([s.client_id for s in summaries if s.client_id not in done])
    row = settings_get()
    sale_to = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    run, built, office = MonthRun(), [], _office()
    run.closed = len(summaries)
    run.already = sum(1 for s in summaries if s.client_id in done)
    languages = {
        s.client_id: clients[s.client_id].language or office.language
        for s in summaries
        if s.client_id in clients
    }
    described = billing.lines_described(
        [s for s in summaries if s.client_id in clients], languages=languages
    )
    for summary in summaries:
        client = clients.get(summary.client_id)
        if client is None:
            continue
        if not client_reverse_charged(client) and any(
            line.vat_rate == REVERSE_CHARGE for line in summary.lines
        ):
            # closed as reverse-charged (billing asks our rule), no longer so: its lines
            # have no rate to invoice at
            run.skipped.append(
                (
                    client.name,
                    _(
                        "its month was closed without VAT (reverse charge), but its invoices"
                        " carry VAT now: reopen the month and close it again."
                    ),
                )
            )
            continue
        try:
            invoice, lines = _draft_build(
                acceptance=row.client_acceptance,
                client=client,
                lines=month_lines(
                    summary,
                    language=languages[summary.client_id],
                    descriptions=described[summary.client_id],
                ),
                sale_from=period,
                sale_to=sale_to,
                due_date=None,
                payment_method=Invoice.Payment.TRANSFER,
                notes="",
                period=period,
                reverse_charge=None,
                payment_days=row.payment_days,
            )
        except ValidationError as exc:
            run.skipped.append((client.name, " ".join(exc.messages)))
            continue
        if invoice.gross < 0:
            run.skipped.append(
                (
                    client.name,
                    _(
                        "the month totals %(total)s, below zero: no invoice is made (reduce"
                        " an earlier invoice with a correction instead)."
                    )
                    % {"total": money(invoice.gross, invoice.currency)},
                )
            )
            continue
        if invoice.gross == 0 or not lines:
            continue  # everything cancelled out: nothing to invoice
        built.append((invoice, lines))
    # Set-based: one INSERT of the drafts, one of their lines, one of their audit entries
    # (a draft per transaction cost ~14 round trips each: invoice_run_1k_s).
    run.created = Invoice.objects.bulk_create([invoice for invoice, _lines in built])
    all_lines = []
    for invoice, lines in built:
        for line in lines:
            line.invoice = invoice
        all_lines += lines
    InvoiceLine.objects.bulk_create(all_lines, batch_size=2000)
    audit_record_many(
        action="invoices.draft_created",
        actor=actor,
        targets=[
            (i, {"client": audit_value(i.client), "gross": audit_value(i.gross)})
            for i in run.created
        ],
    )
    if row.client_acceptance:
        for invoice in run.created:
            _acceptance_notify(invoice, actor=actor)
    return run


def invoices_create_from_summaries(
    *, period: dt.date, actor, client_ids: list[int] | None = None
) -> list[Invoice]:
    """invoices_create_from_month's drafts (the demo and callers that need no report)."""
    return invoices_create_from_month(period=period, actor=actor, client_ids=client_ids).created
