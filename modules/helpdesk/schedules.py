"""Recurring tasks (T7): a client's schedules that raise a request when an occurrence is due.

Occurrences are dates in the office's time zone, computed by `dateutil.rrule` (no date
arithmetic of our own): every N days; every N weeks on a weekday; every N months on a day of
the month (the 29th-31st fall back to a shorter month's last day: rrule's BYSETPOS=-1 over
28..d) or on the month's last day (BYMONTHDAY=-1).

The hourly task (`tasks.schedules_run_fanout_task`) calls `schedules_run`: every active
schedule whose `next_on` is today or earlier is locked (skip locked: a concurrent run leaves
it alone) and its due occurrences are recorded as `ScheduleRun` rows, unique per (schedule,
date). **Missed runs** (the scheduler down for days): ONE request is raised, for the latest
missed occurrence; its description names the earlier ones, which are recorded as runs without
a request, so none is ever raised later. A doubled or concurrent run raises nothing twice: the
row lock first, the unique constraint second."""

from __future__ import annotations

import datetime as dt

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.helpdesk.models import Request, Schedule, ScheduleRun
from tenants.selectors import office_language, office_today

F = Schedule.Frequency
FIELDS = (
    "frequency",
    "interval",
    "weekday",
    "month_day",
    "starts_on",
    "ends_on",
    "is_active",
    "subject",
    "description",
    "category",
    "priority",
    "assignee_id",
)
AUDIT_ACTIONS = {
    "helpdesk.schedule_created": gettext_lazy("Recurring task added"),
    "helpdesk.schedule_changed": gettext_lazy("Recurring task changed"),
    "helpdesk.schedule_deleted": gettext_lazy("Recurring task removed"),
}
BATCH = 500


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def schedule_rule(schedule: Schedule) -> rrule.rrule:
    kwargs: dict = {"dtstart": _midnight(schedule.starts_on), "interval": schedule.interval}
    if schedule.ends_on:
        kwargs["until"] = _midnight(schedule.ends_on)
    if schedule.frequency == F.DAYS:
        return rrule.rrule(rrule.DAILY, **kwargs)
    if schedule.frequency == F.WEEKS:
        weekday = schedule.weekday if schedule.weekday is not None else schedule.starts_on.weekday()
        return rrule.rrule(rrule.WEEKLY, byweekday=weekday, **kwargs)
    day = schedule.month_day or schedule.starts_on.day
    if day == Schedule.LAST_DAY:
        return rrule.rrule(rrule.MONTHLY, bymonthday=-1, **kwargs)
    if day > 28:  # the 29th-31st: the month's last day when it is shorter
        return rrule.rrule(
            rrule.MONTHLY, bymonthday=tuple(range(28, day + 1)), bysetpos=-1, **kwargs
        )
    return rrule.rrule(rrule.MONTHLY, bymonthday=day, **kwargs)


def occurrences(schedule: Schedule, *, start: dt.date, end: dt.date) -> list[dt.date]:
    """The schedule's dates from `start` to `end`, both included."""
    if end < start:
        return []
    rule = schedule_rule(schedule)
    return [d.date() for d in rule.between(_midnight(start), _midnight(end), inc=True)]


def next_occurrence(schedule: Schedule, *, on_or_after: dt.date) -> dt.date | None:
    found = schedule_rule(schedule).after(_midnight(on_or_after), inc=True)
    return found.date() if found is not None else None


def next_dates(schedule: Schedule, *, count: int = 3) -> list[dt.date]:
    """The next `count` dates still to be raised (what the client card shows)."""
    if not schedule.is_active or schedule.next_on is None:
        return []
    dates: list[dt.date] = []
    for found in schedule_rule(schedule).xafter(_midnight(schedule.next_on), count=count, inc=True):
        dates.append(found.date())
    return dates


# Writes


def _validate(schedule: Schedule) -> None:
    errors: dict[str, str] = {}
    if schedule.frequency == F.WEEKS and schedule.month_day is not None:
        errors["month_day"] = _("A weekly task has a weekday, not a day of the month.")
    if schedule.frequency == F.MONTHS and schedule.weekday is not None:
        errors["weekday"] = _("A monthly task has a day of the month, not a weekday.")
    if schedule.frequency == F.DAYS and (
        schedule.weekday is not None or schedule.month_day is not None
    ):
        errors["frequency"] = _("A task repeated every N days has no weekday or day of the month.")
    if schedule.ends_on is not None and schedule.ends_on < schedule.starts_on:
        errors["ends_on"] = _("The last date cannot be before the first date.")
    if schedule.month_day == 0:
        errors["month_day"] = _("Choose a day from 1 to 31 or the last day of the month.")
    if schedule.assignee_id is not None:
        from modules.helpdesk.selectors import staff_user_ids

        if schedule.assignee_id not in staff_user_ids():
            errors["assignee"] = _("The assignee must be active staff of this office.")
    if errors:
        raise ValidationError(errors)


def _plan(schedule: Schedule, *, today: dt.date) -> None:
    """The next date to raise: the first occurrence from today on and after the last date
    run (past dates of a new or changed schedule are not raised retroactively)."""
    start = max(today, schedule.starts_on)
    if schedule.pk:
        last = schedule.runs.aggregate(last=Max("occurs_on"))["last"]
        if last is not None:
            start = max(start, last + dt.timedelta(days=1))
    schedule.next_on = next_occurrence(schedule, on_or_after=start)


@transaction.atomic
def schedule_save(
    *, actor, client, data: dict, schedule: Schedule | None = None, now=None
) -> Schedule:
    """Add a client's recurring task, or change one (`schedule`)."""
    creating = schedule is None
    if creating:
        schedule = Schedule(client=client, created_by=actor if actor else None)
        changes = {}
    else:
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk, client=client)
        changes = audit_diff(schedule, data, FIELDS)
    for field, value in data.items():
        if field not in FIELDS:
            raise ApplicationError(_("Unknown field."), code="unknown_field")
        setattr(schedule, field, value)
    # The date order is _validate's (named on its field); the check constraint stays below it.
    schedule.full_clean(exclude=["next_on", "client", "created_by"], validate_constraints=False)
    _validate(schedule)
    _plan(schedule, today=office_today(now))
    schedule.save()
    if creating:
        changes = {
            field: [None, audit_value(getattr(schedule, field))]
            for field in FIELDS
            if getattr(schedule, field) not in (None, "")
        }
    if changes or creating:
        audit_record(
            action="helpdesk.schedule_created" if creating else "helpdesk.schedule_changed",
            actor=actor,
            target=schedule,
            changes={**changes, "client": [None, client.name]} if creating else changes,
        )
    return schedule


@transaction.atomic
def schedule_delete(*, actor, schedule: Schedule) -> None:
    """Remove a recurring task; the requests it raised stay."""
    locked = Schedule.objects.select_for_update().get(pk=schedule.pk)
    audit_record(
        action="helpdesk.schedule_deleted",
        actor=actor,
        target=locked,
        changes={"subject": [locked.subject, None], "client": [locked.client.name, None]},
    )
    locked.delete()


def schedules_run(*, now: dt.datetime | None = None) -> int:
    """Raise the requests of every due schedule (hourly; idempotent). Returns how many."""
    today = office_today(now)
    due = list(
        Schedule.objects.filter(is_active=True, next_on__lte=today)
        .order_by("next_on", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(_schedule_run(pk, today=today) for pk in due)


def _missed_note(missed: list[dt.date]) -> str:
    with translation.override(office_language()):
        dates = ", ".join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in missed)
        return _("Also due while scheduled tasks were not running: %(dates)s.") % {"dates": dates}


@transaction.atomic
def _schedule_run(pk: int, *, today: dt.date) -> int:
    schedule = (
        Schedule.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("client", "category")
        .filter(pk=pk, is_active=True, next_on__lte=today)
        .first()
    )
    if schedule is None:  # a concurrent run holds it, or has raised it meanwhile
        return 0
    due = occurrences(schedule, start=schedule.next_on, end=today)
    following = today + dt.timedelta(days=1)
    if schedule.ends_on is None or following <= schedule.ends_on:
        schedule.next_on = next_occurrence(schedule, on_or_after=following)
    else:
        schedule.next_on = None
    schedule.save(update_fields=["next_on", "updated_at"])
    if not due:
        return 0
    latest, missed = due[-1], due[:-1]
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(schedule=schedule, occurs_on=latest)
    except IntegrityError:
        return 0  # raised already (the schedule was changed back to a date it had run on)
    ScheduleRun.objects.bulk_create(
        [ScheduleRun(schedule=schedule, occurs_on=day) for day in missed], ignore_conflicts=True
    )
    description = schedule.description
    if missed:
        description = f"{description}\n\n{_missed_note(missed)}".strip()
    run.request = _raise(schedule, description=description)
    run.save(update_fields=["request"])
    return 1


def _raise(schedule: Schedule, *, description: str) -> Request:
    from modules.helpdesk.services import request_create

    data = {
        "actor": None,
        "subject": schedule.subject,
        "description": description,
        "client": schedule.client,
        "source": Request.Source.SCHEDULE,
        "category": schedule.category,
        "priority": schedule.priority,
    }
    if schedule.assignee_id:
        try:
            with transaction.atomic():
                return request_create(**data, assignee_id=schedule.assignee_id)
        except (ApplicationError, ValidationError):
            pass  # the assignee left (or is not in the category's team): raised unassigned
    return request_create(**data)
