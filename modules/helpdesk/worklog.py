"""The work log (T9): operators log time on a request, by a timer or a typed duration, and
billable time reaches the client's settlement exactly once.

Rules (README, "Work log"):
- one running timer per operator: the operator's `WorkTimer` row is locked while a timer
  starts or stops, and the partial unique constraint `hd_worklog_one_running` holds even
  without the lock;
- a timer left running over midnight is **capped** at the midnight that ends the day it was
  started (office time) and marked `capped`: a forgotten timer never bills the night; the
  operator corrects the duration if they really worked on;
- the rate is fixed when the entry is written: the client's terms, else the operator's rate,
  else the catalogue service of `WorkSettings` (its net price); a billable entry needs a
  client and a rate, otherwise it is kept as not billable;
- billable entries become `BillableWork` rows (the path of part 1's billable work, key
  uuid5 of the entry, unique) and usage records (`billing.services.usage_record`, unit hour,
  quantity in hours to 0.01) when the request is accepted (or auto-accepted) or when the
  client's month closes (`billing.hooks`), whichever first; a billed entry cannot change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    BillableWork,
    Request,
    WorkLog,
    WorkRate,
    WorkSettings,
    WorkTimer,
)
from modules.helpdesk.work_selectors import quote_covers_work

# The request's history names logged time under this field (rows.timeline_html): who, how
# long, billable or not; a change shows before and after, a deletion the time removed.
HISTORY_FIELD = "time logged"


def _history_value(entry: WorkLog) -> dict:
    return {"minutes": entry.minutes, "billable": entry.billable}


def _history_add(entry: WorkLog, *, actor, old, new) -> None:
    from modules.helpdesk.services.base import _history

    _history(entry.request, actor=actor, changes={HISTORY_FIELD: [old, new]})


MAX_MINUTES = 24 * 60
LOG_KEYS = uuid.UUID("6f1d3a52-43a9-4a3c-9d5e-2f0c8b7e9a11")
EDIT_FIELDS = ("date", "minutes", "description", "billable")
CENT = Decimal("0.01")


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.full_name or user.email)[:254]


def hours_of(minutes: int) -> Decimal:
    """Minutes as the hours billed: to 0.01 h, half up (50 min = 0.83 h)."""
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def amount_of(minutes: int, rate: Decimal | None) -> Decimal:
    """The net amount of an entry as the settlement computes its line: hours x rate, to the
    cent, half up."""
    if rate is None:
        return Decimal("0.00")
    return (hours_of(minutes) * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# Settings and rates


def work_settings_get() -> WorkSettings:
    return singletons.settings_get(WorkSettings)


def work_settings_update(*, actor, data: dict) -> WorkSettings:
    if "vat_rate" in data:
        from modules.helpdesk.services import vat_codes

        if data["vat_rate"] not in vat_codes().values():
            raise ValidationError({"vat_rate": _("Choose a VAT rate.")})
    row, _changes = singletons.settings_update(
        WorkSettings,
        actor=actor,
        data=data,
        fields=("service", "vat_rate"),
        action="helpdesk.work_settings_changed",
    )
    return row


@transaction.atomic
def rate_set(*, actor, hourly_rate: Decimal | None, user_id: int | None = None, client=None):
    """An operator's (`user_id`) or a client's (`client`) hourly rate; None removes it."""
    if (user_id is None) == (client is None):
        raise ApplicationError(_("Choose an operator or a client."), code="rate_owner")
    lookup = {"user_id": user_id} if user_id is not None else {"client": client}
    row = WorkRate.objects.select_for_update().filter(**lookup).first()
    old = row.hourly_rate if row is not None else None
    if hourly_rate is None:
        if row is not None:
            row.delete()
    else:
        row = row or WorkRate(**lookup)
        row.hourly_rate = hourly_rate
        row.full_clean()
        row.save()
    if old != hourly_rate:
        audit_record(
            action="helpdesk.work_rate_changed",
            actor=actor,
            target=client,
            changes={
                "operator" if user_id is not None else "client": user_id or client.pk,
                "hourly_rate": [audit_value(old), audit_value(hourly_rate)],
            },
        )
    return row


def rate_resolve(*, request: Request, operator_id: int) -> tuple[Decimal | None, str, str]:
    """(rate, source, VAT code) of time logged by `operator_id` on `request`. Precedence:
    the client's terms, the operator's rate, the catalogue service; none for an internal
    request's client part."""
    settings = work_settings_get()
    service = settings.service if settings.service_id and settings.service.active else None
    vat = service.vat_rate if service is not None else settings.vat_rate
    rates = {
        ("client" if row.client_id else "operator"): row.hourly_rate
        for row in WorkRate.objects.filter(
            _client_or_user(client_id=request.client_id, user_id=operator_id)
        )
    }
    if "client" in rates:
        return rates["client"], WorkLog.RateSource.CLIENT, vat
    if "operator" in rates:
        return rates["operator"], WorkLog.RateSource.OPERATOR, vat
    if service is not None:
        return service.net_price, WorkLog.RateSource.SERVICE, vat
    return None, WorkLog.RateSource.NONE, vat


def _client_or_user(*, client_id: int | None, user_id: int):
    from django.db.models import Q

    query = Q(user_id=user_id)
    if client_id is not None:
        query |= Q(client_id=client_id)
    return query


def _price(entry: WorkLog, request: Request) -> None:
    """Fix the entry's rate (once) and its amount; billable needs a client and a rate."""
    if entry.rate_source == WorkLog.RateSource.NONE and entry.rate is None:
        entry.rate, entry.rate_source, entry.vat_rate = rate_resolve(
            request=request, operator_id=entry.operator_id
        )
    if request.client_id is None or entry.rate is None:
        entry.billable = False
    entry.amount = amount_of(entry.minutes, entry.rate) if entry.billable else Decimal("0.00")


# Timer


def _timer_lock(user) -> None:
    WorkTimer.objects.get_or_create(user=user)
    WorkTimer.objects.select_for_update().get(user=user)


def _midnight_after(started: dt.datetime) -> dt.datetime:
    local = timezone.localtime(started)
    next_day = local.date() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(next_day, dt.time.min))


def _finish(entry: WorkLog, *, now: dt.datetime) -> None:
    end = _midnight_after(entry.started_at)
    entry.capped = now > end
    end = min(now, end)
    seconds = max((end - entry.started_at).total_seconds(), 0)
    entry.minutes = max(1, int((Decimal(seconds) / 60).quantize(Decimal(1), ROUND_HALF_UP)))


def _open_check(request: Request) -> None:
    if request.status == Request.Status.CLOSED:
        raise ApplicationError(_("A closed request cannot be changed."), code="closed")


def _running(*, user) -> WorkLog | None:
    return (
        WorkLog.objects.filter(operator=user, minutes__isnull=True)
        .select_related("request")
        .first()
    )


@transaction.atomic
def worklog_start(*, request: Request, actor, now: dt.datetime | None = None) -> WorkLog:
    """Start the operator's timer on `request`. One runs at a time: a timer still running
    from an earlier day is stopped first (capped at its midnight); one running today is a
    refusal naming its request."""
    now = now or timezone.now()
    _timer_lock(actor)
    request = Request.objects.get(pk=request.pk)
    _open_check(request)
    running = _running(user=actor)
    if running is not None:
        if _midnight_after(running.started_at) <= now:
            _stop(running, actor=actor, now=now)
        else:
            raise ApplicationError(
                _("Your timer is running on %(number)s: stop it first.")
                % {"number": running.request.number},
                code="timer_running",
            )
    entry = WorkLog(
        request=request,
        operator=actor,
        operator_label=_label(actor),
        date=timezone.localtime(now).date(),
        started_at=now,
        billable=request.client_id is not None and not quote_covers_work(request_id=request.pk),
    )
    entry.full_clean()
    entry.save()
    return entry


def _stop(entry: WorkLog, *, actor, now: dt.datetime, description: str = "", billable=None):
    _finish(entry, now=now)
    if description.strip():
        entry.description = description.strip()
    if billable is not None:
        entry.billable = billable
    _price(entry, entry.request)
    entry.version += 1
    entry.full_clean()
    entry.save()
    _history_add(entry, actor=actor, old=None, new=_history_value(entry))
    audit_record(
        action="helpdesk.work_logged",
        actor=actor,
        target=entry.request,
        changes={
            "entry": entry.pk,
            "minutes": entry.minutes,
            "billable": entry.billable,
            **({"capped": True} if entry.capped else {}),
        },
    )
    return entry


@transaction.atomic
def worklog_stop(
    *, actor, now: dt.datetime | None = None, description: str = "", billable: bool | None = None
) -> WorkLog:
    """Stop the operator's running timer: its minutes (rounded, at least one), rate and
    amount are fixed. Capped at midnight when left running past the end of its day."""
    _timer_lock(actor)
    entry = _running(user=actor)
    if entry is None:
        raise ApplicationError(_("No timer of yours is running."), code="no_timer")
    return _stop(
        entry, actor=actor, now=now or timezone.now(), description=description, billable=billable
    )


# Typed entries, edits


def _minutes_check(minutes) -> None:
    if minutes is None or minutes <= 0:
        raise ValidationError({"minutes": _("Enter a duration longer than zero.")})
    if minutes > MAX_MINUTES:
        raise ValidationError({"minutes": _("One entry can hold at most 24 hours.")})


def _date_check(date: dt.date) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": _("Time cannot be logged for a future day.")})


@transaction.atomic
def worklog_add(
    *,
    request: Request,
    actor,
    date: dt.date,
    minutes: int,
    description: str = "",
    billable: bool = True,
) -> WorkLog:
    """A typed duration (1 minute to 24 hours) on a day that is not in the future."""
    request = Request.objects.get(pk=request.pk)
    _open_check(request)
    _minutes_check(minutes)
    _date_check(date)
    entry = WorkLog(
        request=request,
        operator=actor,
        operator_label=_label(actor),
        date=date,
        minutes=minutes,
        description=description.strip(),
        billable=billable,
    )
    _price(entry, request)
    entry.full_clean()
    entry.save()
    _history_add(entry, actor=actor, old=None, new=_history_value(entry))
    audit_record(
        action="helpdesk.work_logged",
        actor=actor,
        target=request,
        changes={"entry": entry.pk, "minutes": minutes, "billable": entry.billable},
    )
    return entry


def _locked_entry(entry: WorkLog, version: int | None) -> WorkLog:
    locked = WorkLog.objects.select_for_update().select_related("request").get(pk=entry.pk)
    if locked.work_id is not None:
        raise ApplicationError(
            _(
                "This time is already in the client's settlement: it can no longer be "
                "changed or deleted. Log a correction on the request instead."
            ),
            code="billed",
        )
    if locked.running:
        raise ApplicationError(_("Stop the timer first."), code="running")
    if version is not None and version != locked.version:
        raise ApplicationError(
            _(
                "Someone else changed this entry while you were editing it. Reload the page "
                "and make your change again."
            ),
            code="stale",
        )
    return locked


@transaction.atomic
def worklog_update(*, entry: WorkLog, actor, data: dict, version: int | None = None) -> WorkLog:
    """Change an entry not billed yet (date, minutes, description, billable); its rate stays
    the one fixed when it was written."""
    locked = _locked_entry(entry, version)
    before = _history_value(locked)
    changes = {}
    for field in EDIT_FIELDS:
        if field in data and data[field] != getattr(locked, field):
            changes[field] = [audit_value(getattr(locked, field)), audit_value(data[field])]
            setattr(locked, field, data[field])
    if not changes:
        return locked
    _minutes_check(locked.minutes)
    _date_check(locked.date)
    if "description" in changes:
        locked.description = locked.description.strip()
    _price(locked, locked.request)
    locked.version += 1
    locked.full_clean()
    locked.save()
    if _history_value(locked) != before:
        _history_add(locked, actor=actor, old=before, new=_history_value(locked))
    audit_record(
        action="helpdesk.work_log_changed",
        actor=actor,
        target=locked.request,
        changes={"entry": locked.pk, **changes},
    )
    return locked


@transaction.atomic
def worklog_delete(*, entry: WorkLog, actor, version: int | None = None) -> None:
    locked = _locked_entry(entry, version)
    _history_add(locked, actor=actor, old=_history_value(locked), new=None)
    audit_record(
        action="helpdesk.work_log_deleted",
        actor=actor,
        target=locked.request,
        changes={"entry": locked.pk, "minutes": [locked.minutes, None]},
    )
    locked.delete()


# Billing


def _bill(entries: list[WorkLog], *, actor) -> int:
    """Carry locked, unbilled, billable entries into the settlement: one BillableWork (key
    uuid5 of the entry: unique, so a second path can never bill it again) and one usage
    record each, dated the entry's day (a closed month sends it to the next open one)."""
    from modules.billing.models import UsageRecord
    from modules.billing.services import usage_record

    billed = 0
    for entry in entries:
        request = entry.request
        key = uuid.uuid5(LOG_KEYS, f"worklog:{entry.pk}")
        if BillableWork.objects.filter(key=key).exists():
            continue
        hours = hours_of(entry.minutes)
        text = entry.description or _("Work logged")
        work = BillableWork(
            request=request,
            description=f"{text} ({entry.operator_label or entry.operator_id})"[:200],
            quantity=hours,
            unit_price=entry.rate,
            vat_rate=entry.vat_rate,
            key=key,
            created_by_id=entry.operator_id,
        )
        work.full_clean()
        work.save()
        usage = usage_record(
            client=request.client,
            date=entry.date,
            quantity=hours,
            description=f"{request.number}: {text}"[:300],
            unit_price=entry.rate,
            vat_rate=entry.vat_rate,
            unit="hour",
            source=UsageRecord.Source.HELPDESK,
            source_ref=f"hd-work:{work.pk}",
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
        work.usage_id = usage.pk
        work.save(update_fields=["usage_id"])
        entry.work = work
        entry.save(update_fields=["work", "updated_at"])
        billed += 1
    return billed


def _unbilled():
    return WorkLog.objects.filter(
        billable=True,
        work__isnull=True,
        minutes__isnull=False,
        rate__isnull=False,
        request__client__isnull=False,
    )


@transaction.atomic
def worklog_bill_request(*, request: Request, actor) -> int:
    """The request is accepted: its billable time not billed yet goes to the settlement.
    The client's row is locked first, as billing's close locks it before calling
    `worklog_bill_period`: an acceptance and a close at the same moment take turns instead
    of deadlocking, and the second finds the entries billed."""
    from modules.clients.models import Client

    list(Client.objects.select_for_update().filter(pk=request.client_id).values_list("pk"))
    entries = list(
        _unbilled()
        .filter(request_id=request.pk)
        .select_for_update(of=("self",))
        .select_related("request", "request__client")
        .order_by("date", "pk")
    )
    return _bill(entries, actor=actor)


def _month_last(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def worklog_pending_clients(period: dt.date) -> set[int]:
    """billing.hooks: clients with billable time not billed yet, logged up to the month's end."""
    return set(
        _unbilled()
        .filter(date__lte=_month_last(period))
        .values_list("request__client_id", flat=True)
        .distinct()
    )


@transaction.atomic
def worklog_bill_period(client_ids: list[int], period: dt.date, actor) -> int:
    """billing.hooks: the clients' month closes (their rows are locked by billing): their
    billable time not billed yet, logged up to the month's end, goes into it.

    The entries and their requests are locked with SKIP LOCKED: a request someone holds at
    this moment (being accepted, edited) is left out rather than waited for, since its
    holder may be waiting for this client's row (an acceptance locks the request, then the
    client): no deadlock. Its time is then billed by that acceptance or by the next close
    (marked late), still exactly once."""
    entries = list(
        _unbilled()
        .filter(request__client_id__in=list(client_ids), date__lte=_month_last(period))
        .select_for_update(of=("self", "request"), skip_locked=True)
        .select_related("request", "request__client")
        .order_by("date", "pk")
    )
    return _bill(entries, actor=actor)
