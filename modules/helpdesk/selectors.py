"""Reads of the helpdesk. What a person sees is decided here (T12): supervisors and
read-only staff every request, agents theirs (assigned to them, raised by them, watched)
and the unassigned ones, a client's manager the company's, a requester their own and the
company's that no colleague raised (`_requester_sees`: staff opened them for the company, or
the person receives the company's helpdesk e-mails). A client never gets an internal note
or a quote's internal cost from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from common.collation import name_ordering
from modules.helpdesk.models import (
    Access,
    Attachment,
    BillableWork,
    CannedReply,
    Category,
    CategoryField,
    Change,
    Quote,
    Reply,
    Request,
    StaffNotice,
    Team,
    TeamMember,
    Watcher,
)
from modules.helpdesk.policies import access_level
from tenants.selectors import office_today

PAGE_SIZE = 50
S = Request.Status
CLOSED_STATES = (S.ACCEPTED, S.CLOSED, S.REJECTED)
SAVED_FILTERS = ("mine", "unassigned", "waiting_for_me", "overdue", "open", "all")


def request_list(*, membership, level: str | None = None) -> QuerySet[Request]:
    if membership is None:
        return Request.objects.none()
    level = level or access_level(membership)
    qs = Request.objects.all()
    if level in (Access.Level.SUPERVISOR, Access.Level.READ_ONLY):
        return qs
    if level == Access.Level.AGENT:
        watched = Watcher.objects.filter(request=OuterRef("pk"), user_id=membership.user_id)
        in_team = TeamMember.objects.filter(team_id=OuterRef("team_id"), user_id=membership.user_id)
        return qs.filter(
            Q(assignee_id=membership.user_id)
            | Q(assignee__isnull=True)
            | Q(requester_id=membership.user_id)
            | Exists(watched)
            | Exists(in_team)
        )
    if level == Access.Level.MANAGER:
        return qs.filter(client_id=membership.client_id)
    if level == Access.Level.REQUESTER:
        return qs.filter(client_id=membership.client_id).filter(_requester_sees(membership))
    return Request.objects.none()


# The client e-mails about a company's requests (events.py): whoever receives one of them
# is told about every request of the company, so they open every one in the panel.
CLIENT_EMAIL_EVENTS = (
    "helpdesk.reply",
    "helpdesk.status",
    "helpdesk.quote_sent",
    "helpdesk.resolved",
)


def _requester_sees(membership) -> Q:
    """Which of the company's requests a client user with the requester level sees (T12):
    - their own (they are its requester);
    - the company's requests no client user of the company raised: opened for the company
      by staff, from a mail item, a schedule or an e-mail from the company's address. Only
      what a colleague raised (in the panel, or by e-mail from their own address) stays
      between that colleague and the company's managers;
    - every request of the company when their address receives the company's helpdesk
      e-mails (`CLIENT_EMAIL_EVENTS`): the e-mails link to requests they must be able to
      open;
    - the requests waiting for approval when their address receives the company's
      `helpdesk.approval_needed` e-mail (T2: they approve in the panel too).
    One SQL condition (EXISTS subqueries): no query of its own."""
    from django.db import connection

    from accounts.models import Membership, Role

    raised_by_colleague = Membership.objects.filter(
        user_id=OuterRef("requester_id"),
        office_id=connection.tenant.pk,
        client_id=membership.client_id,
        role=Role.CLIENT,
    )
    sees = Q(requester_id=membership.user_id) | ~Exists(raised_by_colleague)
    email = (membership.user.email or "").strip()
    if email:
        recipient = _email_recipients(email=email, client_id=membership.client_id)
        sees |= Exists(recipient.filter(events__overlap=list(CLIENT_EMAIL_EVENTS)))
        approval = recipient.filter(events__contains=["helpdesk.approval_needed"])
        sees |= Q(Exists(approval), status=S.WAITING_APPROVAL)
    return sees


def _email_recipients(*, email: str, client_id: int):
    from modules.notifications.hooks import EMAIL
    from modules.notifications.models import NotificationRecipient

    return NotificationRecipient.objects.filter(
        client_id=client_id, channel=EMAIL, is_active=True, address__iexact=email
    )


def request_get(*, membership, request_id: int, level: str | None = None) -> Request | None:
    """One request the person may see, with `watching` (do they watch it)."""
    if membership is None:
        return None
    watched = Watcher.objects.filter(request=OuterRef("pk"), user_id=membership.user_id)
    return (
        request_list(membership=membership, level=level)
        .select_related("client", "category", "mail_item", "team", "sla__policy", "requester")
        .annotate(watching=Exists(watched))
        .filter(pk=request_id)
        .first()
    )


@dataclass
class QueueFilters:
    saved: str = "open"
    status: str = ""
    client_id: int | None = None
    category_id: int | None = None
    priority: str = ""
    team_id: int | None = None
    custom: dict | None = None  # {field id: typed value}, matched by JSONB containment
    sla: str = ""  # "at_risk" or "breached" (sla.py)


def request_queue(
    *, membership, level: str, filters: QueueFilters, page: int = 1, now=None
) -> dict:
    """A page of the staff queue (no COUNT): newest first. Overdue = due (sla.due_on: the
    typed date, else the SLA's resolution deadline) before the office's today."""
    from modules.helpdesk.sla import clock_state, due_on, due_on_expression, sla_filter

    qs = request_list(membership=membership, level=level).select_related("client", "team", "sla")
    user_id = membership.user_id
    now = now or timezone.now()
    today = office_today(now)
    if filters.saved == "mine":
        qs = qs.filter(assignee_id=user_id).exclude(status__in=CLOSED_STATES)
    elif filters.saved == "unassigned":
        qs = qs.filter(assignee__isnull=True).exclude(status__in=CLOSED_STATES)
    elif filters.saved == "waiting_for_me":
        qs = qs.filter(
            Q(assignee_id=user_id) | Q(assignee__isnull=True),
            status__in=(S.NEW, S.APPROVED, S.IN_PROGRESS, S.REOPENED),
        )
    elif filters.saved == "overdue":
        qs = (
            qs.annotate(due_on=due_on_expression())
            .filter(due_on__lt=today)
            .exclude(status__in=(*CLOSED_STATES, S.RESOLVED))
        )
    elif filters.saved == "open":
        qs = qs.exclude(status__in=CLOSED_STATES)
    if filters.status in S.values:
        qs = qs.filter(status=filters.status)
    if filters.client_id:
        qs = qs.filter(client_id=filters.client_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.priority in Request.Priority.values:
        qs = qs.filter(priority=filters.priority)
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    if filters.custom:
        qs = qs.filter(fields__contains={str(k): v for k, v in filters.custom.items()})
    if filters.sla:
        qs = sla_filter(qs, filters.sla, now)
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs.order_by("-created_at", "-pk")[offset : offset + PAGE_SIZE + 1])
    for row in rows:
        row.due_on = due_on(row)
        row.overdue = bool(
            row.due_on and row.due_on < today and row.status not in (*CLOSED_STATES, S.RESOLVED)
        )
        row.sla_state = clock_state(getattr(row, "sla", None), now)
    return {
        "rows": rows[:PAGE_SIZE],
        "number": page,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": page > 1,
    }


def replies_for(*, request: Request, staff: bool) -> list[Reply]:
    """The discussion; internal notes only for staff (the filter is here, not in templates)."""
    qs = Reply.objects.filter(request=request)
    if not staff:
        qs = qs.filter(internal=False)
    attachments = Attachment.objects.order_by("created_at", "pk")
    return list(qs.prefetch_related(Prefetch("attachments", queryset=attachments)))


def discussion_for(*, request: Request, staff: bool) -> tuple[list[Reply], list[Attachment]]:
    """The discussion and the request's own attachments in two queries: every attachment of
    the request is read once and handed to its reply (internal notes' files only to staff)."""
    qs = Reply.objects.filter(request=request)
    if not staff:
        qs = qs.filter(internal=False)
    replies = list(qs.order_by("created_at", "pk"))
    by_reply: dict[int, list[Attachment]] = {reply.pk: [] for reply in replies}
    own = []
    for file in Attachment.objects.filter(request=request).order_by("created_at", "pk"):
        if file.reply_id is None:
            own.append(file)
        elif file.reply_id in by_reply:
            by_reply[file.reply_id].append(file)
    for reply in replies:
        reply.files = by_reply[reply.pk]
    return replies, own


def attachment_get(*, membership, attachment_id: int, staff: bool) -> Attachment | None:
    qs = Attachment.objects.filter(
        pk=attachment_id, request__in=request_list(membership=membership)
    )
    if not staff:
        qs = qs.filter(Q(reply__isnull=True) | Q(reply__internal=False))
    return qs.first()


def history_for(*, request: Request) -> list[Change]:
    return list(Change.objects.filter(request=request).order_by("created_at", "pk"))


def quotes_for(*, request: Request) -> list[Quote]:
    """The request's quotes, each with its `number` on the request (1, 2, ... in the order
    they were made): the one number the pages, the history and the e-mails show."""
    from modules.billing.selectors import vat_rate_label

    quotes = list(Quote.objects.filter(request=request).prefetch_related("lines"))
    for number, quote in enumerate(quotes, start=1):
        quote.number = number
        for line in quote.lines.all():  # the rate as the office writes VAT rates: "23%"
            line.vat_label = vat_rate_label(f"{line.vat_rate.normalize():f}")
    return quotes


def quote_numbers(*, request_id: int) -> dict[int, int]:
    """{quote id: its number on the request} (quotes_for's numbering)."""
    ids = Quote.objects.filter(request_id=request_id).values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(ids, start=1)}


def quote_number(*, quote: Quote) -> int:
    return quote_numbers(request_id=quote.request_id).get(quote.pk, 1)


def work_for(*, request: Request) -> list[BillableWork]:
    return list(BillableWork.objects.filter(request=request).order_by("created_at", "pk"))


def paid_work_for_client(*, request: Request) -> list[BillableWork]:
    """The paid work staff recorded on the request ("Record billable work": beyond the
    quote), as the client's request page lists it, each with its net `amount`; the logged
    time that reached the settlement is listed by the work log's own table, not again."""
    from modules.helpdesk.models import WorkLog

    logged = WorkLog.objects.filter(request=request, work__isnull=False).values("work_id")
    rows = list(
        BillableWork.objects.filter(request=request)
        .exclude(pk__in=logged)
        .order_by("created_at", "pk")
    )
    for row in rows:
        row.amount = (row.quantity * row.unit_price).quantize(Decimal("0.01"))
    return rows


def quote_get(*, membership, quote_id: int) -> Quote | None:
    return (
        Quote.objects.filter(pk=quote_id, request__in=request_list(membership=membership))
        .select_related("request")
        .first()
    )


def category_list(*, active_only: bool = True) -> list[Category]:
    qs = Category.objects.select_related("parent", "team")
    if active_only:
        qs = qs.filter(is_active=True)
    return sorted(qs, key=lambda c: str(c).lower())


def requests_for_mail_item(*, item_id: int) -> list[Request]:
    return list(Request.objects.filter(mail_item_id=item_id).order_by("-created_at", "-pk")[:20])


def client_requests(*, client_id: int, limit: int = 25) -> list[Request]:
    return list(Request.objects.filter(client_id=client_id).order_by("-created_at", "-pk")[:limit])


def client_approver_exists(*, client_id: int) -> bool:
    """Whether anybody can approve the company's request (T2): an active client user of the
    company with the manager level (the panel), or a recipient of the company's
    `helpdesk.approval_needed` e-mail (its personal link)."""
    from django.db import connection

    from accounts.models import Membership
    from modules.notifications.hooks import EMAIL
    from modules.notifications.selectors import client_event_reaches

    managers = Access.objects.filter(client_id=client_id, level=Access.Level.MANAGER)
    if Membership.objects.filter(
        user_id__in=list(managers.values_list("user_id", flat=True)),
        office_id=connection.tenant.pk,
        client_id=client_id,
        role="client",
        is_active=True,
    ).exists():
        return True
    return client_event_reaches(
        client_id=client_id, event="helpdesk.approval_needed", channel=EMAIL
    )


@dataclass(frozen=True)
class StatusEmailReach:
    """Who of a client gets the e-mail a staff status change sends (close, decline...):
    `status` somebody receives `helpdesk.status` (the change alone), `reply` somebody
    receives `helpdesk.reply` (a change with a comment goes as that reply to them, and as
    the plain status e-mail, without the comment, to those who receive only status changes:
    notifying.status_changed_notify)."""

    status: bool
    reply: bool

    @property
    def always(self) -> bool:
        return self.status and self.reply

    @property
    def never(self) -> bool:
        return not (self.status or self.reply)


def status_email_reach(*, client_ids) -> dict[int, StatusEmailReach]:
    """Per client, whether the status change's e-mail reaches anybody, as notify() picks
    its recipients (notifications' `clients_events_reached`): the Close and Decline
    questions say "an e-mail goes" only when it does."""
    from modules.notifications.hooks import EMAIL
    from modules.notifications.selectors import clients_events_reached

    reached = clients_events_reached(
        client_ids=client_ids, events=("helpdesk.status", "helpdesk.reply"), channel=EMAIL
    )
    return {
        client_id: StatusEmailReach(
            status="helpdesk.status" in events, reply="helpdesk.reply" in events
        )
        for client_id, events in reached.items()
    }


def approval_email_recipient(*, email: str, client_id: int) -> bool:
    """Whether `email` receives the company's `helpdesk.approval_needed` e-mail: that person
    approves through its personal link, so they approve in the panel too when signed in with
    that address (T2; one rule for both ways)."""
    if not email:
        return False
    return (
        _email_recipients(email=email, client_id=client_id)
        .filter(events__contains=["helpdesk.approval_needed"])
        .exists()
    )


# What a client user is asked to do: reply, decide a quote, accept the result; a manager
# (the approver) also approves.
AWAITING_CLIENT = (S.WAITING_CLIENT, S.WAITING_QUOTE, S.RESOLVED)


def client_awaiting(*, membership) -> dict:
    """The panel tile's figures: of the requests the person sees in the panel's list
    (`request_list`, the one rule), those waiting for them and how many are open at all.
    An approver (a manager, or the recipient of the company's approval e-mail) is also
    waited for on approvals. Two queries: the person's level, then the figures."""
    from django.db.models import Count

    level = access_level(membership)
    awaiting = Q(status__in=AWAITING_CLIENT)
    if level == Access.Level.MANAGER:
        awaiting |= Q(status=S.WAITING_APPROVAL)
    elif membership.user.email:
        approval = _email_recipients(email=membership.user.email, client_id=membership.client_id)
        approval = approval.filter(events__contains=["helpdesk.approval_needed"])
        awaiting |= Q(Exists(approval), status=S.WAITING_APPROVAL)
    return request_list(membership=membership, level=level).aggregate(
        awaiting=Count("pk", filter=awaiting),
        open=Count("pk", filter=~Q(status__in=CLOSED_STATES)),
    )


def staff_open_figures(*, membership) -> dict:
    """The staff dashboard tile's figures in one query over what the person sees in the
    queue: open requests, the unassigned ones and those assigned to them (the saved filters
    "open", "unassigned" and "mine"), and the open ones whose SLA is at risk or breached
    (the queue's SLA filter, sla.py)."""
    from django.db.models import Count

    from modules.helpdesk.sla import at_risk_q, breached_q

    now = timezone.now()
    open_q = ~Q(status__in=CLOSED_STATES)
    return request_list(membership=membership).aggregate(
        open=Count("pk", filter=open_q),
        unassigned=Count("pk", filter=open_q & Q(assignee__isnull=True)),
        mine=Count("pk", filter=open_q & Q(assignee_id=membership.user_id)),
        at_risk=Count("pk", filter=open_q & at_risk_q(now)),
        breached=Count("pk", filter=open_q & breached_q(now)),
    )


def open_count() -> int:
    return Request.objects.exclude(status__in=CLOSED_STATES).count()


def resolved_before(when: dt.datetime) -> QuerySet[Request]:
    return Request.objects.filter(status=S.RESOLVED, resolved_at__lte=when)


def staff_people() -> list[dict]:
    """The office's staff, for the assignee choice: id and name."""
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership

    rows = (
        Membership.objects.filter(
            office_id=connection.tenant.pk, role__in=STAFF_ROLES, is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )
    return [{"id": m.user_id, "name": m.user.full_name or m.user.email} for m in rows]


def staff_user_ids() -> set[int]:
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership

    return set(
        Membership.objects.filter(
            office_id=connection.tenant.pk, role__in=STAFF_ROLES, is_active=True
        ).values_list("user_id", flat=True)
    )


def staff_notice_off(user_ids) -> dict[int, set[str]]:
    """Each person's switched-off "event:channel" pairs (no row: everything on)."""
    rows = StaffNotice.objects.filter(user_id__in=list(user_ids))
    return {row.user_id: set(row.off) for row in rows}


def staff_handles() -> list[dict]:
    """The office's staff for @mentions: id, name and handle (the e-mail's local part, or the
    whole address when two people share that part)."""
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership

    rows = (
        Membership.objects.filter(
            office_id=connection.tenant.pk, role__in=STAFF_ROLES, is_active=True
        )
        .select_related("user")
        .order_by("user__email")
    )
    people = [(m.user_id, m.user.full_name or m.user.email, m.user.email.lower()) for m in rows]
    locals_ = [email.split("@", 1)[0] for _id, _name, email in people]
    return [
        {
            "id": user_id,
            "name": name,
            "handle": local if locals_.count(local) == 1 else email,
        }
        for (user_id, name, email), local in zip(people, locals_, strict=True)
    ]


def people_names(user_ids) -> dict[int, str]:
    from accounts.models import User

    ids = {i for i in user_ids if i}
    if not ids:
        return {}
    return {u.pk: u.full_name or u.email for u in User.objects.filter(pk__in=ids)}


def access_rows() -> list[dict]:
    """Every person's own helpdesk level, with their e-mail, for the settings screen."""
    rows = list(Access.objects.select_related("client").order_by("client_id", "pk"))
    names = people_names(r.user_id for r in rows)
    return [
        {
            "name": names.get(r.user_id, r.user_id),
            "client": r.client.name if r.client_id else "",
            "level": r.get_level_display(),
        }
        for r in rows
    ]


def custom_fields(*, active_only: bool = True) -> list[CategoryField]:
    """Every category's custom fields (the forms show those of the chosen category)."""
    qs = CategoryField.objects.select_related("category")
    if active_only:
        qs = qs.filter(category__is_active=True)
    return list(qs.order_by("category_id", "position", "pk"))


def custom_values(*, request: Request) -> list[tuple[str, object]]:
    """(label, value) of the request's custom fields, in the category's order; yes/no as a
    word, the rest as stored."""
    from django.utils.translation import gettext

    if not request.fields:
        return []
    fields = CategoryField.objects.filter(pk__in=[int(k) for k in request.fields if k.isdigit()])
    rows = []
    for field in sorted(fields, key=lambda f: (f.position, f.pk)):
        value = request.fields.get(str(field.pk))
        if isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")
        rows.append((field.label, value))
    return rows


def team_list() -> list[Team]:
    """The office's teams, each with `member_ids` and `member_names`."""
    teams = list(Team.objects.prefetch_related("members").order_by(*name_ordering(), "pk"))
    names = people_names(m.user_id for t in teams for m in t.members.all())
    for team in teams:
        team.member_ids = sorted(m.user_id for m in team.members.all())
        team.member_names = sorted(names.get(i, str(i)) for i in team.member_ids)
    return teams


def canned_replies() -> list[CannedReply]:
    return list(CannedReply.objects.order_by("title", "pk"))


# Work orders and the work log (issue 21): the totals other parts read.
from modules.helpdesk.work_selectors import (  # noqa: E402, F401
    WorkTotals,
    worklog_totals,
    worklog_totals_by,
)
