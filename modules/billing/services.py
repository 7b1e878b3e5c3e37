"""All writes of billing: the catalogue, packages, assignments, usage (`usage_record`, the
one way any module records a billable usage) and closing a period."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import singletons
from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.billing import selectors
from modules.billing.hooks import (
    period_close_pending,
    period_close_record,
    period_reopen_refusal,
)
from modules.billing.models import (
    Assignment,
    BillingSettings,
    Package,
    PeriodClose,
    Service,
    UsageRecord,
)
from modules.billing.periods import month_next, month_start, month_text
from modules.billing.summary import USAGE_TEXT_KINDS, billable_client_ids, summaries_compute
from modules.billing.vat import vat_choices, vat_standard
from modules.clients.models import Client
from modules.office.hooks import GeneralSwitch

logger = logging.getLogger("vireo.billing")

SERVICE_FIELDS = (
    "name_pl",
    "name_sk",
    "name_en",
    "unit",
    "net_price",
    "vat_rate",
    "metric",
    "active",
)
PACKAGE_FIELDS = (
    "name",
    "frequency",
    "contract_months",
    "notice_months",
    "vat_rate",
    "active",
    *Package.TERM_FIELDS,
)


def settings_get() -> BillingSettings:
    return singletons.settings_get(BillingSettings)


def settings_update(*, actor, data: dict) -> BillingSettings:
    row, _changes = singletons.settings_update(
        BillingSettings,
        actor=actor,
        data=data,
        fields=("summaries_for_clients", "mail_cost_vat_rate"),
        action="billing.settings_changed",
    )
    return row


def portal_summaries_visible(request) -> bool:
    """The client panel's *Billing* entry (common.navigation `visible`): only while P3 is on.
    Read once per request (the view may ask again)."""
    cached = getattr(request, "_billing_summaries_on", None)
    if cached is None:
        cached = settings_get().summaries_for_clients
        request._billing_summaries_on = cached
    return cached


def client_summary_allowed(*, membership, client_id: int) -> bool:
    """Who reads a client's summary: staff any client's; a client user only their own
    company's, and only while the office shows summaries in the client panel (P3)."""
    if membership.is_staff_role:
        return True
    return client_id == membership.client_id and settings_get().summaries_for_clients


def general_switch() -> GeneralSwitch:
    """P3's switch in Administration > General (office.hooks)."""
    return GeneralSwitch(
        "summaries_for_clients",
        gettext_lazy("Show billing summaries in the client panel"),
        20,
        get=lambda: settings_get().summaries_for_clients,
        set=lambda *, actor, value: settings_update(
            actor=actor, data={"summaries_for_clients": value}
        ),
    )


def _save_new(instance, *, actor, action: str, fields) -> None:
    instance.full_clean()
    instance.save()
    audit_record(
        action=action,
        actor=actor,
        target=instance,
        changes={f: audit_value(getattr(instance, f)) for f in fields},
    )


def _save_changed(instance, *, actor, action: str, data: dict, fields) -> dict:
    changes = audit_diff(instance, data, fields)
    if changes:
        instance.full_clean()
        instance.save()
        audit_record(action=action, actor=actor, target=instance, changes=changes)
    return changes


@transaction.atomic
def service_create(*, actor, data: dict) -> Service:
    service = Service(**{k: v for k, v in data.items() if k in SERVICE_FIELDS})
    _save_new(service, actor=actor, action="billing.service_created", fields=SERVICE_FIELDS)
    return service


@transaction.atomic
def service_update(*, service: Service, actor, data: dict) -> Service:
    """Change a service (its row locked: two admins saving at once do not lose a change);
    only what differs is saved and audited ({field: [old, new]}). `active` False
    deactivates it: usage already recorded keeps it (history, old summaries), no new usage
    can be recorded with it."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    _save_changed(
        service, actor=actor, action="billing.service_changed", data=data, fields=SERVICE_FIELDS
    )
    return service


@transaction.atomic
def package_create(*, actor, data: dict) -> Package:
    package = Package(**{k: v for k, v in data.items() if k in PACKAGE_FIELDS})
    _save_new(package, actor=actor, action="billing.package_created", fields=PACKAGE_FIELDS)
    return package


@transaction.atomic
def package_update(*, package: Package, actor, data: dict) -> Package:
    """Change a package (row locked, audited as a diff). Its new terms apply to every open
    month of the clients on it; closed months keep their frozen figures. `active` False
    deactivates it: the clients on it keep it (and their history), it cannot be newly
    assigned."""
    package = Package.objects.select_for_update().get(pk=package.pk)
    _save_changed(
        package, actor=actor, action="billing.package_changed", data=data, fields=PACKAGE_FIELDS
    )
    return package


def _client_lock(client_id: int) -> Client:
    # One client's billing changes one at a time (assignments, closes, late usage).
    return Client.objects.select_for_update().only("pk", "name").get(pk=client_id)


def _closed_periods(client_id: int) -> set[dt.date]:
    return set(PeriodClose.objects.filter(client_id=client_id).values_list("period", flat=True))


@transaction.atomic
def assignment_set(
    *,
    client: Client,
    package: Package,
    starts_on: dt.date,
    actor,
    terms: dict | None = None,
    note: str = "",
) -> Assignment:
    """The client's package from `starts_on` (history kept): the assignment in force then
    ends the day before; a month already closed cannot change."""
    _client_lock(client.pk)
    if not Package.objects.filter(pk=package.pk, active=True).exists():
        raise ApplicationError(
            _("The package %(name)s is deactivated: it cannot be assigned any more.")
            % {"name": package.name},
            code="inactive",
        )
    if month_start(starts_on) in _closed_periods(client.pk):
        raise ApplicationError(
            _("%(month)s is closed for this client: its package can no longer change.")
            % {"month": month_text(starts_on)},
            code="period_closed",
        )
    if Assignment.objects.filter(client=client, starts_on__gte=starts_on).exists():
        raise ApplicationError(
            _("This client already has a package change on or after that date."),
            code="later_change",
        )
    previous = (
        Assignment.objects.filter(client=client, starts_on__lt=starts_on)
        .exclude(ends_on__lt=starts_on)
        .first()
    )
    if previous is not None:
        previous.ends_on = starts_on - dt.timedelta(days=1)
        previous.save(update_fields=["ends_on", "updated_at"])
    assignment = Assignment(
        client=client,
        package=package,
        starts_on=starts_on,
        note=note,
        created_by=actor,
        **{k: v for k, v in (terms or {}).items() if k in Assignment.TERM_FIELDS},
    )
    assignment.full_clean()
    assignment.save()
    audit_record(
        action="billing.package_assigned",
        actor=actor,
        target=client,
        changes={
            "package": [previous.package.name if previous else None, package.name],
            "starts_on": audit_value(starts_on),
            **{k: audit_value(v) for k, v in (terms or {}).items() if v is not None},
        },
    )
    return assignment


@transaction.atomic
def usage_record(
    *,
    client: Client,
    date: dt.date,
    quantity: Decimal,
    actor=None,
    service: Service | None = None,
    description: str = "",
    text: dict | None = None,
    unit_price: Decimal | None = None,
    vat_rate: str | None = None,
    unit: str | None = None,
    metric: str | None = None,
    note: str = "",
    reason: str = "",
    source: str = UsageRecord.Source.STAFF,
    source_ref: str = "",
) -> UsageRecord:
    """Record a billable usage (A1). Staff from the card and the quick entry; rooms and the
    helpdesk through this same call. The price, unit, VAT rate and limit come from the
    service unless given. A service that counts against a limit the client's package (or
    terms) in force on `date` includes is priced 0.00 unless a price is given: the package
    holds those units, and what is over the limit the month's overage line prices at the
    package's price (summary.py), as rooms records a booking within package hours. It counts
    in the month of `date`; when that month is already closed for the client it goes to the
    next open month, marked late. `text` (a kind and its parameters, USAGE_TEXT_KINDS:
    rooms' booking, extra, cancellation fee) names the usage in any language beside
    `description`, its text in the office's language: the summary and invoices write it in
    their reader's language (summary.line_text)."""
    if text is not None and text.get("kind") not in USAGE_TEXT_KINDS:
        raise ValueError(f"usage text of an unknown kind: {text!r}")
    if service is None and not description.strip():
        raise ValidationError({"description": _("Describe the usage or choose a service.")})
    if unit_price is None and service is None:
        raise ValidationError({"unit_price": _("Enter a price.")})
    country = getattr(connection.tenant, "country", "") or "PL"
    if vat_rate and vat_rate not in {code for code, _label in vat_choices(country)}:
        raise ValidationError({"vat_rate": _("This VAT rate is not used in the office's country.")})
    if service is not None and not Service.objects.filter(pk=service.pk, active=True).exists():
        raise ValidationError(
            {"service": _("This service is deactivated: new usage cannot be recorded with it.")}
        )
    _client_lock(client.pk)
    if (
        unit_price is None
        and service is not None
        and selectors.limit_terms(client_id=client.pk, metric=service.metric, day=date)
    ):
        unit_price = Decimal("0.00")
    closed = _closed_periods(client.pk)
    period, late = month_start(date), False
    while period in closed:
        period, late = month_next(period), True
    record = UsageRecord(
        client=client,
        service=service,
        description=description.strip(),
        text=text,
        date=date,
        period=period,
        late=late,
        quantity=quantity,
        unit=unit or (service.unit if service else UsageRecord._meta.get_field("unit").default),
        unit_price=unit_price if unit_price is not None else service.net_price,
        # given (an ad-hoc usage's choice), the service's, else the country's standard rate
        vat_rate=vat_rate or (service.vat_rate if service else vat_standard(country)),
        metric=metric if metric is not None else (service.metric if service else ""),
        note=note.strip(),
        reason=reason.strip(),
        source=source,
        source_ref=source_ref,
        created_by=actor,
    )
    record.full_clean()
    record.save()
    audit_record(
        action="billing.usage_recorded",
        actor=actor,
        target=client,
        changes={
            "usage": record.pk,
            "description": record.description or str(service),
            "quantity": audit_value(record.quantity),
            "unit_price": audit_value(record.unit_price),
            "period": audit_value(period),
            **({"late": True} if late else {}),
        },
    )
    return record


@transaction.atomic
def usage_delete(*, record: UsageRecord, actor) -> None:
    _client_lock(record.client_id)
    if record.period in _closed_periods(record.client_id):
        raise ApplicationError(
            _(
                "%(month)s is closed for this client: its figures can no longer change. "
                "Record a correction instead."
            )
            % {"month": month_text(record.period)},
            code="period_closed",
        )
    audit_record(
        action="billing.usage_deleted",
        actor=actor,
        target=record.client,
        changes={"usage": record.pk, "quantity": audit_value(record.quantity)},
    )
    record.delete()


@transaction.atomic
def period_close(*, client: Client, period: dt.date, actor) -> PeriodClose:
    """Freeze the client's month (what is invoiced cannot change). The client's row lock
    makes a second, concurrent close wait and then find the first; the unique constraint
    holds even without it."""
    period = month_start(period)
    _client_lock(client.pk)
    if period > month_start(timezone.localdate()):
        raise ApplicationError(_("A future month cannot be closed."), code="future")
    if PeriodClose.objects.filter(client=client, period=period).exists():
        raise ApplicationError(
            _("%(month)s is already closed for this client.") % {"month": month_text(period)},
            code="already_closed",
        )
    period_close_record([client.pk], period, actor)
    summary = summaries_compute(client_ids=[client.pk], period=period)[client.pk]
    summary.closed_at = timezone.now().isoformat()
    try:
        with transaction.atomic():
            close = PeriodClose.objects.create(
                client=client,
                period=period,
                figures=summary.as_dict(),
                closed_by=actor,
                **PeriodClose.row_fields(summary),
            )
    except IntegrityError as exc:
        raise ApplicationError(
            _("%(month)s is already closed for this client.") % {"month": month_text(period)},
            code="already_closed",
        ) from exc
    audit_record(
        action="billing.period_closed",
        actor=actor,
        target=client,
        changes={
            "period": audit_value(period),
            "net": str(summary.net),
            "gross": str(summary.gross),
        },
    )
    return close


@transaction.atomic
def period_reopen(*, client: Client, period: dt.date, actor) -> None:
    """Undo a mistaken close: the month is computed again from its usage and package, as
    before the close. Under the client's row lock (a close, a usage or another reopen of the
    same client waits). Refused when something was made from the frozen figures: a module's
    guard (invoices: a draft or an invoice of that client and month) says so; what the close
    froze would otherwise differ from what was invoiced. Usage recorded late into the next
    month while this one was closed stays there (its record says so)."""
    period = month_start(period)
    _client_lock(client.pk)
    close = PeriodClose.objects.filter(client=client, period=period).first()
    if close is None:
        raise ApplicationError(
            _("%(month)s is not closed for this client.") % {"month": month_text(period)},
            code="not_closed",
        )
    refusal = period_reopen_refusal(client.pk, period)
    if refusal:
        raise ApplicationError(refusal, code="invoiced")
    close.delete()
    audit_record(
        action="billing.period_reopened",
        actor=actor,
        target=client,
        changes={
            "period": audit_value(period),
            "net": str(close.net),
            "gross": str(close.gross),
        },
    )


@dataclass
class CloseAllResult:
    closed: int = 0
    already_closed: int = 0
    failed: int = 0
    failed_clients: list[int] | None = None


CLOSE_BATCH = 500


def period_close_all(*, period: dt.date, actor, batch_size: int = CLOSE_BATCH) -> CloseAllResult:
    """Close the month for every client with something to bill in it (a package, a usage or
    a mail cost), in batches of `batch_size` clients, each batch one transaction: its
    clients' rows locked (in id order, so two runs cannot deadlock), the ones already closed
    counted and left alone, the rest computed together and frozen. Idempotent (a second run
    counts every client as already closed) and safe beside a per-client close, a usage being
    recorded or another run (the same row locks; `billing_close_once` besides). A batch that
    fails is retried client by client (`period_close`), so one client's failure is counted
    and logged, never the office's. Not one transaction for the office: 20,000 row locks
    held for the whole run would hold up every usage recorded meanwhile."""
    period = month_start(period)
    if period > month_start(timezone.localdate()):
        raise ApplicationError(_("A future month cannot be closed."), code="future")
    ids = sorted(billable_client_ids(period) | period_close_pending(period))
    result = CloseAllResult(failed_clients=[])
    for index in range(0, len(ids), batch_size):
        batch = ids[index : index + batch_size]
        try:
            closed, already = _close_batch(batch, period, actor)
        except (ApplicationError, DatabaseError, ValidationError, ArithmeticError) as exc:
            logger.warning("billing close batch failed, closing one by one: %s", exc)
            closed, already = 0, 0
            for client_id in batch:
                outcome = _close_one(client_id, period, actor)
                if outcome == "closed":
                    closed += 1
                elif outcome == "already_closed":
                    already += 1
                else:
                    result.failed += 1
                    result.failed_clients.append(client_id)
        result.closed += closed
        result.already_closed += already
    with transaction.atomic():
        audit_record(
            action="billing.periods_closed",
            actor=actor,
            changes={
                "period": audit_value(period),
                "closed": result.closed,
                "already_closed": result.already_closed,
                "failed": result.failed,
            },
        )
    return result


@transaction.atomic
def _close_batch(client_ids: list[int], period: dt.date, actor) -> tuple[int, int]:
    locked = list(
        Client.objects.select_for_update()
        .filter(pk__in=client_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = set(
        PeriodClose.objects.filter(period=period, client_id__in=locked).values_list(
            "client_id", flat=True
        )
    )
    todo = [client_id for client_id in locked if client_id not in done]
    period_close_record(todo, period, actor)
    summaries = summaries_compute(client_ids=todo, period=period) if todo else {}
    closed_at = timezone.now().isoformat()
    rows = []
    for client_id in todo:
        summary = summaries[client_id]
        summary.closed_at = closed_at
        rows.append(
            PeriodClose(
                client_id=client_id,
                period=period,
                figures=summary.as_dict(),
                closed_by=actor,
                **PeriodClose.row_fields(summary),
            )
        )
    PeriodClose.objects.bulk_create(rows, batch_size=500)
    return len(rows), len(done)


def _close_one(client_id: int, period: dt.date, actor) -> str:
    client = Client.objects.filter(pk=client_id).only("pk", "name").first()
    if client is None:
        return "failed"
    try:
        period_close(client=client, period=period, actor=actor)
    except ApplicationError as exc:
        if exc.code == "already_closed":
            return "already_closed"
        logger.warning("billing close failed for client %s: %s", client_id, exc.message)
        return "failed"
    except (DatabaseError, ValidationError, ArithmeticError, KeyError):
        logger.exception("billing close failed for client %s", client_id)
        return "failed"
    return "closed"
