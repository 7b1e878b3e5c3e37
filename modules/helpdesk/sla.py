"""SLAs: targets for the first response and the resolution of a request, in business hours.

**Business time** is the office's SLA hours (Administration > Helpdesk SLA: start, end,
working days; Monday to Friday by default) in its time zone, without the public holidays of
its country (PL or SK, the `holidays` package). One calendar, two functions:
`business_seconds(start, end)` and `business_add(start, seconds)`.

**Policies** (`SlaPolicy`) name any of a priority, a category and a client (empty: any); a
policy applies when every field it names matches. **The most specific wins**: a client
match weighs 4, a category 2, a priority 1, the highest sum wins (ties: the oldest policy).
A request no policy applies to has no clock.

**Clocks** (`SlaClock`, one per request with a policy) start when the request is raised. The
clock pauses while the request waits for the client, an approval or a quote acceptance (and
while it is resolved: a reopened request resumes it); `paused_seconds` adds up the business
time paused. The first response is the first public reply of staff, or the staff sending
the request to the client, a quote, resolving or declining it. The resolution is met when the
request is resolved, accepted, closed or rejected. Due dates and the at-risk moments (the
office's share of the target, 80 % by default) are stored, so the queue compares dates.

Alerts: `sla_alerts_send` (every ten minutes, idempotent) sends `helpdesk.sla_alert` to the
assignee and the office's helpdesk supervisors once per threshold (at risk, breached) and
clock (first response, resolution); `*_alert` remembers what was sent.

For reports: `sla_durations` (a selector) gives each request's business seconds to the
first response and to the resolution beside its targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import singletons
from common.audit import audit_diff
from modules.helpdesk.models import Request, SlaClock, SlaPolicy, SlaSettings
from tenants.selectors import office_zone

S = Request.Status
PAUSED = {S.WAITING_CLIENT, S.WAITING_APPROVAL, S.WAITING_QUOTE, S.RESOLVED}
MET = {S.RESOLVED, S.ACCEPTED, S.CLOSED, S.REJECTED}
RESPONDING = {"ask_client", "send_quote", "resolve", "decline"}
NONE, AT_RISK, BREACHED = 0, 1, 2
SETTINGS_FIELDS = ("opens", "closes", "workdays", "at_risk_percent")
POLICY_FIELDS = (
    "name",
    "priority",
    "category",
    "client",
    "first_response_minutes",
    "resolution_minutes",
    "is_active",
)
AUDIT_ACTIONS = {
    "helpdesk.sla_settings_changed": gettext_lazy("SLA business hours changed"),
    "helpdesk.sla_policy_created": gettext_lazy("SLA policy added"),
    "helpdesk.sla_policy_changed": gettext_lazy("SLA policy changed"),
    "helpdesk.sla_policy_deleted": gettext_lazy("SLA policy removed"),
}
MAX_DAYS = 3660  # the calendar never looks further than ten years


# The calendar


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    opens: dt.time
    closes: dt.time
    workdays: frozenset[int]
    country: str

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """The business hours of a day as UTC instants, None on a day off."""
        if day.weekday() not in self.workdays or day in _holidays(self.country, day.year):
            return None
        return _aware(day, self.opens, self.zone), _aware(day, self.closes, self.zone)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    if not country:
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


def _aware(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """A wall-clock time of the office as an instant (a skipped time moves forward)."""
    moment = dt.datetime.combine(day, time).replace(tzinfo=zone)
    return moment.astimezone(dt.UTC).astimezone(zone).astimezone(dt.UTC)


def settings_get() -> SlaSettings:
    return singletons.settings_get(SlaSettings)


def settings_update(*, actor, data: dict) -> SlaSettings:
    row, _changes = singletons.settings_update(
        SlaSettings,
        actor=actor,
        data=data,
        fields=SETTINGS_FIELDS,
        action="helpdesk.sla_settings_changed",
    )
    return row


def calendar_get(settings: SlaSettings | None = None) -> Calendar:
    settings = settings or settings_get()
    tenant = getattr(connection, "tenant", None)
    return Calendar(
        zone=office_zone(tenant),
        opens=settings.opens,
        closes=settings.closes,
        workdays=frozenset(settings.workdays or (0, 1, 2, 3, 4)),
        country=getattr(tenant, "country", "") or "",
    )


def business_seconds(start: dt.datetime, end: dt.datetime, calendar: Calendar) -> int:
    """Business seconds between two instants (0 when end is not after start)."""
    if end <= start:
        return 0
    total = 0.0
    day = start.astimezone(calendar.zone).date()
    last = end.astimezone(calendar.zone).date()
    while day <= last:
        window = calendar.window(day)
        if window is not None:
            low, high = max(window[0], start), min(window[1], end)
            if high > low:
                total += (high - low).total_seconds()
        day += dt.timedelta(days=1)
    return int(total)


def business_add(start: dt.datetime, seconds: int, calendar: Calendar) -> dt.datetime:
    """The instant `seconds` of business time after `start`."""
    left = float(seconds)
    day = start.astimezone(calendar.zone).date()
    for _n in range(MAX_DAYS):
        window = calendar.window(day)
        if window is not None:
            low = max(window[0], start)
            if window[1] > low:
                available = (window[1] - low).total_seconds()
                if left <= available:
                    return low + dt.timedelta(seconds=left)
                left -= available
        day += dt.timedelta(days=1)
    raise ValueError("no business hours in ten years")


# Policies


def policy_for(request: Request) -> SlaPolicy | None:
    """The most specific active policy matching the request (client 4, category 2, priority
    1)."""
    candidates = SlaPolicy.objects.filter(
        Q(is_active=True),
        Q(client__isnull=True) | Q(client_id=request.client_id),
        Q(category__isnull=True) | Q(category_id=request.category_id),
        Q(priority="") | Q(priority=request.priority),
    ).order_by("created_at", "pk")

    def weight(policy: SlaPolicy) -> int:
        return 4 * bool(policy.client_id) + 2 * bool(policy.category_id) + bool(policy.priority)

    best = None
    for policy in candidates:
        if best is None or weight(policy) > weight(best):
            best = policy
    return best


@transaction.atomic
def sla_policy_create(*, actor, data: dict) -> SlaPolicy:
    from modules.audit.services import audit_record

    policy = SlaPolicy(**data)
    policy.full_clean()
    policy.save()
    audit_record(
        action="helpdesk.sla_policy_created",
        actor=actor,
        target=policy,
        changes={
            "name": [None, policy.name],
            "first_response_minutes": [None, policy.first_response_minutes],
            "resolution_minutes": [None, policy.resolution_minutes],
        },
    )
    return policy


@transaction.atomic
def sla_policy_update(*, actor, policy: SlaPolicy, data: dict) -> SlaPolicy:
    """Change a policy, or deactivate it (`is_active`). Requests raised from now on follow
    the new terms; running clocks keep the targets they started with (as on removal)."""
    from modules.audit.services import audit_record

    policy = SlaPolicy.objects.select_for_update().get(pk=policy.pk)
    changes = audit_diff(policy, data, POLICY_FIELDS)
    if not changes:
        return policy
    policy.full_clean()
    policy.save()
    audit_record(action="helpdesk.sla_policy_changed", actor=actor, target=policy, changes=changes)
    return policy


@transaction.atomic
def sla_policy_delete(*, actor, policy: SlaPolicy) -> None:
    """Remove a policy; running clocks keep their targets."""
    from modules.audit.services import audit_record

    audit_record(
        action="helpdesk.sla_policy_deleted",
        actor=actor,
        target=policy,
        changes={"name": [policy.name, None]},
    )
    policy.delete()


# Clocks (called by services.py in the request's transaction)


def _plan(clock: SlaClock, calendar: Calendar, percent: int) -> None:
    """Due and at-risk moments of a running clock."""
    for kind in ("response", "resolution"):
        target = getattr(clock, f"{kind}_target")
        setattr(
            clock,
            f"{kind}_due",
            business_add(clock.started_at, target + clock.paused_seconds, calendar),
        )
        setattr(
            clock,
            f"{kind}_risk_at",
            business_add(
                clock.started_at, target * percent // 100 + clock.paused_seconds, calendar
            ),
        )


def sla_start(*, request: Request, now: dt.datetime | None = None) -> SlaClock | None:
    """A new request's clock, when a policy applies (paused at once if it waits)."""
    policy = policy_for(request)
    if policy is None:
        return None
    settings = settings_get()
    now = now or timezone.now()
    clock = SlaClock(
        request=request,
        policy=policy,
        started_at=now,
        response_target=policy.first_response_minutes * 60,
        resolution_target=policy.resolution_minutes * 60,
    )
    _plan(clock, calendar_get(settings), settings.at_risk_percent)
    if request.status in PAUSED:
        clock.paused_since = now
    clock.save()
    return clock


def _clock(request: Request) -> SlaClock | None:
    return SlaClock.objects.select_for_update().filter(request_id=request.pk).first()


def sla_responded(*, request: Request, now: dt.datetime | None = None) -> None:
    """The first response by staff (a public reply, or a transition that answers)."""
    clock = _clock(request)
    if clock is None or clock.responded_at is not None:
        return
    now = now or timezone.now()
    calendar = calendar_get()
    clock.responded_at = now
    until = clock.paused_since or now
    clock.response_seconds = max(
        0, business_seconds(clock.started_at, until, calendar) - clock.paused_seconds
    )
    clock.save(update_fields=["responded_at", "response_seconds"])
    from modules.helpdesk.notifying import sla_alerts_resolve

    sla_alerts_resolve(request.pk, "response")  # answered: its at-risk/breached alerts are read


def sla_status(
    *, request: Request, action: str, before: str, now: dt.datetime | None = None
) -> None:
    """A status change: pause, resume, met or reopened."""
    clock = _clock(request)
    if clock is None:
        return
    now = now or timezone.now()
    settings = settings_get()
    calendar = calendar_get(settings)
    if action in RESPONDING:
        sla_responded(request=request, now=now)
        clock.refresh_from_db()
    after = request.status
    fields = set()
    if after in MET and clock.resolved_at is None:
        clock.resolved_at = now
        until = clock.paused_since or now
        clock.resolution_seconds = max(
            0, business_seconds(clock.started_at, until, calendar) - clock.paused_seconds
        )
        fields |= {"resolved_at", "resolution_seconds"}
        from modules.helpdesk.notifying import sla_alerts_resolve

        # resolved, accepted, closed or rejected: nothing is left to chase on either target
        sla_alerts_resolve(request.pk, "response", "resolution")
    elif after not in MET and clock.resolved_at is not None:  # reopened
        clock.resolved_at = None
        clock.resolution_seconds = None
        fields |= {"resolved_at", "resolution_seconds"}
    if after in PAUSED and clock.paused_since is None:
        clock.paused_since = now
        fields.add("paused_since")
    elif after not in PAUSED and clock.paused_since is not None and after not in MET:
        clock.paused_seconds += business_seconds(clock.paused_since, now, calendar)
        clock.paused_since = None
        _plan(clock, calendar, settings.at_risk_percent)
        fields |= {
            "paused_since",
            "paused_seconds",
            "response_due",
            "response_risk_at",
            "resolution_due",
            "resolution_risk_at",
        }
    if fields:
        clock.save(update_fields=sorted(fields))


# What the queue reads


def _stopped(kind: str, now: dt.datetime):
    met = "responded_at" if kind == "response" else "resolved_at"
    return Coalesce(F(f"sla__{met}"), F("sla__paused_since"), Value(now))


def breached_q(now: dt.datetime) -> Q:
    return Q(sla__response_due__lt=_stopped("response", now)) | Q(
        sla__resolution_due__lt=_stopped("resolution", now)
    )


def at_risk_q(now: dt.datetime) -> Q:
    """At risk and not breached, on a clock still to be met."""
    response = Q(
        sla__responded_at__isnull=True, sla__response_risk_at__lte=_stopped("response", now)
    )
    resolution = Q(
        sla__resolved_at__isnull=True, sla__resolution_risk_at__lte=_stopped("resolution", now)
    )
    return (response | resolution) & ~breached_q(now)


def clock_state(clock: SlaClock | None, now: dt.datetime) -> str:
    """ "breached", "at_risk" or "" for one row (the queue's badge; dates only)."""
    if clock is None:
        return ""
    states = set()
    for kind, met in (("response", clock.responded_at), ("resolution", clock.resolved_at)):
        stopped = met or clock.paused_since or now
        if getattr(clock, f"{kind}_due") < stopped:
            states.add("breached")
        elif met is None and getattr(clock, f"{kind}_risk_at") <= stopped:
            states.add("at_risk")
    if "breached" in states:
        return "breached"
    return "at_risk" if states else ""


@dataclass(frozen=True)
class TargetView:
    """One target of a request's clock as the staff request page shows it.
    state: "met" (in time), "late" (met after its target), "breached" (not met, past due),
    "at_risk", "paused" (waiting; the due moves when work resumes) or "running".
    `due`: while running, or the due passed when breached (else None); `at`: when met, or
    since when paused."""

    kind: str
    label: str
    hours: float  # the target in business hours
    state: str
    due: dt.datetime | None
    at: dt.datetime | None


def clock_targets(clock: SlaClock | None, now: dt.datetime) -> list[TargetView]:
    """The request page's SLA box: each target with its state, from the stored moments
    only (no calendar, no query; the same comparisons as the queue's badge)."""
    if clock is None:
        return []
    views = []
    for kind, label, met, seconds, target in (
        ("response", _("First response"), clock.responded_at, clock.response_seconds,
         clock.response_target),
        ("resolution", _("Resolution"), clock.resolved_at, clock.resolution_seconds,
         clock.resolution_target),
    ):  # fmt: skip
        due, risk = getattr(clock, f"{kind}_due"), getattr(clock, f"{kind}_risk_at")
        if met is not None:
            late = seconds > target if seconds is not None else due < met
            state, shown_due, at = ("late" if late else "met"), None, met
        elif clock.paused_since is not None:
            if due < clock.paused_since:  # breached before the pause: its due stays valid
                state, shown_due, at = "breached", due, clock.paused_since
            else:
                state, shown_due, at = "paused", None, clock.paused_since
        elif due < now:
            state, shown_due, at = "breached", due, None
        elif risk <= now:
            state, shown_due, at = "at_risk", due, None
        else:
            state, shown_due, at = "running", due, None
        views.append(TargetView(kind, label, round(target / 3600, 2), state, shown_due, at))
    return views


# The date a request is due: ONE rule for every screen (the queue's column and "overdue",
# the request page). A date staff set by hand (what the office promised the client) wins;
# without one, the day of the SLA's resolution deadline in the office's time zone. Before
# 2026-12-07 the page showed the typed date beside the SLA's deadline, two dates that need
# not agree (the demo typed due dates a day before its SLA deadlines).


def due_on(request: Request) -> dt.date | None:
    """`request` with its clock joined (`request_get`, `request_queue`: no query)."""
    if request.due_date is not None:
        return request.due_date
    clock = getattr(request, "sla", None)
    if clock is None:
        return None
    return clock.resolution_due.astimezone(office_zone()).date()


def due_on_expression():
    """due_on in SQL (queue filters): the deadline's date in the office's zone, not UTC's
    (23:30 UTC on the 10th is the 11th in Warsaw)."""
    return Coalesce("due_date", TruncDate("sla__resolution_due", tzinfo=office_zone()))


def sla_filter(qs: QuerySet, state: str, now: dt.datetime) -> QuerySet:
    if state == "breached":
        return qs.filter(breached_q(now))
    if state == "at_risk":
        return qs.filter(at_risk_q(now))
    return qs


# Alerts


def supervisor_ids() -> set[int]:
    """Active staff with the supervisor level (owners and admins without an access row)."""
    from accounts.models import Membership
    from modules.helpdesk.models import Access
    from modules.helpdesk.selectors import staff_user_ids

    staff = staff_user_ids()
    rows = dict(
        Access.objects.filter(user_id__in=staff, client__isnull=True).values_list(
            "user_id", "level"
        )
    )
    admins = set(
        Membership.objects.filter(office_id=connection.tenant.pk, user_id__in=staff, is_active=True)
        .filter(role__in=("owner", "admin"))
        .values_list("user_id", flat=True)
    )
    return {
        uid
        for uid in staff
        if rows.get(uid) == Access.Level.SUPERVISOR or (uid not in rows and uid in admins)
    }


def sla_alerts_send(*, now: dt.datetime | None = None) -> int:
    """At-risk and breached alerts, once per threshold per clock (idempotent). Returns how
    many alerts were sent."""
    now = now or timezone.now()
    due = (
        Q(responded_at__isnull=True, paused_since__isnull=True)
        & (
            Q(response_alert__lt=AT_RISK, response_risk_at__lte=now)
            | Q(response_alert__lt=BREACHED, response_due__lt=now)
        )
    ) | (
        Q(resolved_at__isnull=True, paused_since__isnull=True)
        & (
            Q(resolution_alert__lt=AT_RISK, resolution_risk_at__lte=now)
            | Q(resolution_alert__lt=BREACHED, resolution_due__lt=now)
        )
    )
    ids = list(SlaClock.objects.filter(due).values_list("pk", flat=True)[:500])
    return sum(_alert(pk, now=now) for pk in ids)


@transaction.atomic
def _alert(pk: int, *, now: dt.datetime) -> int:
    clock = (
        SlaClock.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("request", "request__client")
        .filter(pk=pk, paused_since__isnull=True)
        .first()
    )
    if clock is None:
        return 0
    sent = 0
    for kind, met in (("response", clock.responded_at), ("resolution", clock.resolved_at)):
        if met is not None:
            continue
        level = NONE
        if getattr(clock, f"{kind}_due") < now:
            level = BREACHED
        elif getattr(clock, f"{kind}_risk_at") <= now:
            level = AT_RISK
        if level > getattr(clock, f"{kind}_alert"):
            setattr(clock, f"{kind}_alert", level)
            _notify(clock, kind=kind, level=level)
            sent += 1
    clock.save(update_fields=["response_alert", "resolution_alert"])
    return sent


def _notify(clock: SlaClock, *, kind: str, level: int) -> None:
    from modules.helpdesk.notifying import _context, _staff_channels, sla_alert_subject
    from modules.notifications.services import notify

    request = clock.request
    ids = supervisor_ids() | ({request.assignee_id} if request.assignee_id else set())
    staff = _staff_channels(ids, event="helpdesk.sla_alert")
    due = getattr(clock, f"{kind}_due").astimezone(office_zone())
    context = _context(request, portal=False)

    def localise(language: str) -> dict:
        # In each recipient's language (notify calls this under it), not the worker's; the
        # due time in the office's time zone as that language writes it (06.12.2026 10:30).
        return {
            "sla_target": _("first response") if kind == "response" else _("resolution"),
            "sla_state": _("breached") if level == BREACHED else _("at risk"),
            "sla_due": date_format(due, "SHORT_DATETIME_FORMAT"),
        }

    if staff:
        notify(
            event="helpdesk.sla_alert",
            client_id=request.client_id,
            context=context,
            staff=staff,
            localise=localise,
            # read for everyone once the target is met (sla_responded / sla_status)
            alert_subject=sla_alert_subject(request.pk, kind),
        )


# For reports (hd-reports)


def sla_durations(*, requests: QuerySet[Request] | None = None) -> QuerySet:
    """Per request with a clock: business seconds to the first response and to the
    resolution (None while not met) beside the targets, and whether each was met in time.
    Rows: dicts with request_id, policy_id, response_seconds, response_target,
    response_in_time, resolution_seconds, resolution_target, resolution_in_time."""
    qs = SlaClock.objects.all()
    if requests is not None:
        qs = qs.filter(request__in=requests)
    from django.db.models import BooleanField, Case, When

    def in_time(kind: str):
        return Case(
            When(**{f"{kind}_seconds__isnull": True}, then=Value(None)),
            When(**{f"{kind}_seconds__lte": F(f"{kind}_target")}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )

    return qs.annotate(
        response_in_time=in_time("response"), resolution_in_time=in_time("resolution")
    ).values(
        "request_id",
        "policy_id",
        "response_seconds",
        "response_target",
        "response_in_time",
        "resolution_seconds",
        "resolution_target",
        "resolution_in_time",
    )
