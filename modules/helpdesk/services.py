"""Every write of the helpdesk. The request's life is ONE state machine (TRANSITIONS): every
status change goes through `request_transition`, which locks the row, checks the table,
records the field history and the audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from common.numbering import number_next
from common.storage import office_new_name, office_save
from common.uploads import JPEG, PDF, PNG, StagedUpload, upload_discard
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Access,
    Attachment,
    BillableWork,
    CannedReply,
    Category,
    CategoryField,
    Change,
    HelpdeskCounter,
    HelpdeskSettings,
    Quote,
    QuoteLine,
    Reply,
    Request,
    StaffNotice,
    Team,
    TeamMember,
    Watcher,
)
from modules.helpdesk.policies import APPROVER, REQUESTER, STAFF, SYSTEM
from modules.helpdesk.work_selectors import quote_covers_work

S = Request.Status
ATTACHMENT_KINDS = (PDF, JPEG, PNG)
ATTACHMENT_MAX_BYTES = 20 << 20
SETTINGS_FIELDS = ("approval_required", "auto_accept_days")
EDIT_FIELDS = (
    "subject",
    "description",
    "category",
    "team",
    "priority",
    "assignee_id",
    "due_date",
)


@dataclass(frozen=True)
class Rule:
    sources: frozenset
    target: str
    by: str  # policies.STAFF / APPROVER / REQUESTER / SYSTEM


def _rule(sources, target, by) -> Rule:
    return Rule(frozenset(sources), target, by)


OPEN = set(S.values) - {S.CLOSED}
TRANSITIONS: dict[str, Rule] = {
    "submit_for_approval": _rule({S.NEW, S.REOPENED}, S.WAITING_APPROVAL, STAFF),
    "approve": _rule({S.WAITING_APPROVAL}, S.APPROVED, APPROVER),
    "reject": _rule({S.WAITING_APPROVAL}, S.REJECTED, APPROVER),
    "decline": _rule({S.NEW, S.APPROVED, S.REOPENED}, S.REJECTED, STAFF),
    "start": _rule({S.NEW, S.APPROVED, S.REOPENED, S.WAITING_CLIENT}, S.IN_PROGRESS, STAFF),
    "ask_client": _rule({S.IN_PROGRESS}, S.WAITING_CLIENT, STAFF),
    "client_replied": _rule({S.WAITING_CLIENT}, S.IN_PROGRESS, SYSTEM),
    "send_quote": _rule(
        {S.NEW, S.APPROVED, S.IN_PROGRESS, S.REOPENED, S.WAITING_CLIENT}, S.WAITING_QUOTE, SYSTEM
    ),
    "quote_accepted": _rule({S.WAITING_QUOTE}, S.IN_PROGRESS, SYSTEM),
    "quote_declined": _rule({S.WAITING_QUOTE}, S.IN_PROGRESS, SYSTEM),
    "resolve": _rule({S.IN_PROGRESS, S.WAITING_CLIENT}, S.RESOLVED, STAFF),
    "accept": _rule({S.RESOLVED}, S.ACCEPTED, REQUESTER),
    "auto_accept": _rule({S.RESOLVED}, S.ACCEPTED, SYSTEM),
    "reopen": _rule({S.RESOLVED}, S.REOPENED, REQUESTER),
    "close": _rule(OPEN, S.CLOSED, STAFF),
}
# Work may not start on a new request that needs approval before it is approved.
APPROVAL_GATED = {"start", "send_quote", "resolve"}


def transition_allowed(request: Request, action: str) -> bool:
    rule = TRANSITIONS[action]
    if request.status not in rule.sources:
        return False
    return not (action in APPROVAL_GATED and request.requires_approval and request.status == S.NEW)


def transition_refused_text(*, action: str, status: str, allowed: list[str]) -> str:
    """Why an action is refused, in the active language: "“Start work” is not possible while
    the request is closed. Possible now: nothing." (keys in, words out)."""
    names = transition_names()
    shown = sorted(names.get(a, a) for a in allowed)
    label = dict(S.choices).get(status, status)
    return _(
        "“%(action)s” is not possible while the request is %(status)s. Possible now: %(allowed)s."
    ) % {
        "action": names.get(action, action),
        "status": str(label).lower(),
        "allowed": ", ".join(shown) if shown else _("nothing"),
    }


def transition_names() -> dict[str, str]:
    return {
        "submit_for_approval": _("Ask for approval"),
        "approve": _("Approve"),
        "reject": _("Reject"),
        "decline": _("Decline the request"),
        "start": _("Start work"),
        "ask_client": _("Ask the client"),
        "client_replied": _("Client replied"),
        "send_quote": _("Send a quote"),
        "quote_accepted": _("Quote accepted"),
        "quote_declined": _("Quote declined"),
        "resolve": _("Resolve"),
        "accept": _("Accept"),
        "auto_accept": _("Accept automatically"),
        "reopen": _("Reopen"),
        "close": _("Close"),
    }


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.full_name or user.email)[:254]


def _history(request: Request, *, actor, changes: dict, actor_label: str = "") -> None:
    Change.objects.bulk_create(
        Change(
            request=request,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_label=(actor_label or _label(actor))[:254],
            field=field,
            old=old,
            new=new,
        )
        for field, (old, new) in changes.items()
    )


def _lock(request: Request) -> Request:
    return Request.objects.select_for_update(of=("self",)).get(pk=request.pk)


def _check_version(locked: Request, version: int | None) -> None:
    if version is not None and version != locked.version:
        raise ApplicationError(
            _(
                "Someone else changed this request while you were editing it. Reload the "
                "page and make your change again."
            ),
            code="stale",
        )


# Settings


def settings_get() -> HelpdeskSettings:
    return singletons.settings_get(HelpdeskSettings)


def settings_update(*, actor, data: dict) -> HelpdeskSettings:
    row, _changes = singletons.settings_update(
        HelpdeskSettings,
        actor=actor,
        data=data,
        fields=SETTINGS_FIELDS,
        action="helpdesk.settings_changed",
    )
    return row


@transaction.atomic
def category_create(
    *,
    actor,
    name: str,
    parent: Category | None = None,
    requires_approval: bool = False,
    team: Team | None = None,
) -> Category:
    category = Category(
        name=name.strip(), parent=parent, requires_approval=requires_approval, team=team
    )
    category.full_clean()
    category.save()
    audit_record(
        action="helpdesk.category_created",
        actor=actor,
        target=category,
        changes={
            "name": [None, category.name],
            "requires_approval": [None, requires_approval],
            **({"team": [None, team.name]} if team else {}),
        },
    )
    return category


@transaction.atomic
def category_route(*, actor, category: Category, team: Team | None) -> Category:
    """The team a category's new requests go to (None: no team)."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    changes = audit_diff(locked, {"team": team}, ("team",))
    if changes:
        locked.save(update_fields=["team", "updated_at"])
        audit_record(
            action="helpdesk.category_changed", actor=actor, target=locked, changes=changes
        )
    return locked


# Custom fields per category (T8)


@transaction.atomic
def field_create(
    *,
    actor,
    category: Category,
    label: str,
    kind: str,
    required: bool = False,
    choices=(),
) -> CategoryField:
    """A custom field of a category's requests: text, number, date, choice or yes/no."""
    choices = [c.strip() for c in choices if c and c.strip()]
    if kind == CategoryField.Kind.CHOICE and not choices:
        raise ValidationError({"choices": _("A choice field needs its choices, one a line.")})
    row = CategoryField(
        category=category,
        label=label.strip(),
        kind=kind,
        required=required,
        choices=choices if kind == CategoryField.Kind.CHOICE else [],
        position=CategoryField.objects.filter(category=category).count(),
    )
    row.full_clean()
    row.save()
    audit_record(
        action="helpdesk.field_created",
        actor=actor,
        target=category,
        changes={"field": [None, row.label], "kind": [None, kind], "required": [None, required]},
    )
    return row


YES = {"yes", "true", "1", "on", "tak", "áno"}
NO = {"no", "false", "0", "off", "nie"}


def field_value(field: CategoryField, value):
    """One custom value typed as stored (JSON): text str, number int/float, date ISO str,
    choice one of the field's choices, yes/no bool. None for an empty value; ValueError for
    one that does not fit."""
    from decimal import InvalidOperation

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    K = CategoryField.Kind
    if field.kind == K.TEXT:
        text = str(value).strip()
        if len(text) > 1000:
            raise ValueError(_("At most 1000 characters."))
        return text
    if field.kind == K.NUMBER:
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValueError(_("Enter a number."))
        return int(number) if number == number.to_integral_value() else float(number)
    if field.kind == K.DATE:
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date (YYYY-MM-DD).")) from None
    if field.kind == K.CHOICE:
        if str(value) not in field.choices:
            raise ValueError(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(field.choices)}
            )
        return str(value)
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in YES or word in NO:
        return word in YES
    raise ValueError(_("Answer yes or no."))


def fields_clean(*, category: Category | None, values: dict | None) -> dict:
    """The request's custom values, typed and checked against its category's fields: unknown
    fields refused, required ones needed. Errors name the form field `cf_<id>`."""
    values = {str(key): value for key, value in (values or {}).items()}
    fields = list(CategoryField.objects.filter(category=category)) if category else []
    known = {str(f.pk) for f in fields}
    errors, typed = {}, {}
    for key in sorted(set(values) - known):
        errors[f"cf_{key}"] = _("This field does not belong to the request's category.")
    for field in fields:
        try:
            value = field_value(field, values.get(str(field.pk)))
        except ValueError as exc:
            errors[f"cf_{field.pk}"] = str(exc)
            continue
        if value is None:
            if field.required:
                errors[f"cf_{field.pk}"] = _("“%(label)s” is required.") % {"label": field.label}
            continue
        typed[str(field.pk)] = value
    if errors:
        raise ValidationError(errors)
    return typed


# Teams


@transaction.atomic
def team_save(*, actor, name: str, member_ids, team: Team | None = None) -> Team:
    """A team of the office's staff (new, or `team` renamed / its members set). Only active
    staff of this office can be members."""
    from modules.helpdesk.selectors import staff_user_ids

    member_ids = set(member_ids)
    if member_ids - staff_user_ids():
        raise ApplicationError(_("Only the office's staff can be in a team."), code="not_staff")
    row = Team.objects.select_for_update().get(pk=team.pk) if team else Team()
    before_name = row.name if row.pk else None
    before = set(row.members.values_list("user_id", flat=True)) if row.pk else set()
    row.name = name.strip()
    row.full_clean()
    row.save()
    TeamMember.objects.filter(team=row).exclude(user_id__in=member_ids).delete()
    TeamMember.objects.bulk_create(
        [TeamMember(team=row, user_id=user_id) for user_id in sorted(member_ids - before)]
    )
    changes = {}
    if before_name != row.name:
        changes["name"] = [before_name, row.name]
    if before != member_ids:
        changes["members"] = [sorted(before), sorted(member_ids)]
    if changes:
        audit_record(
            action="helpdesk.team_saved" if team else "helpdesk.team_created",
            actor=actor,
            target=row,
            changes=changes,
        )
    return row


def _assignee_fits(request: Request) -> None:
    """Assignment within a team: a request of a team goes to one of its members."""
    if request.team_id and request.assignee_id:
        members = TeamMember.objects.filter(team_id=request.team_id, user_id=request.assignee_id)
        if not members.exists():
            raise ApplicationError(
                _("The assignee is not in the team %(team)s.") % {"team": request.team.name},
                code="assignee_not_in_team",
            )


def _membership_fits(*, user_id: int, client, level: str) -> bool:
    from django.db import connection

    from accounts.models import STAFF_ROLES, Membership

    memberships = Membership.objects.filter(
        user_id=user_id, office_id=connection.tenant.pk, is_active=True
    )
    if client is None:
        return level in Access.Level.values and memberships.filter(role__in=STAFF_ROLES).exists()
    return memberships.filter(role="client", client_id=client.pk).exists()


@transaction.atomic
def access_set(*, actor, user_id: int, level: str, client=None, check: bool = False) -> Access:
    """A person's helpdesk level (T12): staff (client None) agent, supervisor or read-only;
    a client user, per company, requester or manager. `check`: the person must have that
    membership in this office (the settings screen)."""
    if check and not _membership_fits(user_id=user_id, client=client, level=level):
        raise ApplicationError(
            _("This person has no such membership in this office."), code="no_membership"
        )
    row = (
        Access.objects.select_for_update().filter(user_id=user_id, client=client).first()
    ) or Access(user_id=user_id, client=client, level=level)
    before = row.level if row.pk else None
    row.level = level
    row.full_clean(validate_constraints=True)
    row.save()
    if before != level:
        audit_record(
            action="helpdesk.access_changed",
            actor=actor,
            target=client,
            changes={"user": [None, user_id], "level": [before, level]},
        )
    return row


# Requests


def _next_number(year: int) -> str:
    return f"HD-{year}-{number_next(HelpdeskCounter, key=year):05d}"


def _needs_approval(*, category: Category | None) -> bool:
    return settings_get().approval_required or bool(category and category.requires_approval)


@transaction.atomic
def request_create(
    *,
    actor,
    subject: str,
    client=None,
    description: str = "",
    source: str = Request.Source.STAFF,
    requester=None,
    category: Category | None = None,
    priority: str = Request.Priority.NORMAL,
    assignee_id: int | None = None,
    due_date: dt.date | None = None,
    mail_item=None,
    attachments: list[StagedUpload] | None = None,
    fields: dict | None = None,
    requester_label: str = "",
) -> Request:
    """A new request (T1): by a client user in the panel (`source=portal`), by staff for a
    client (`staff`; `requester` may name the client's user) or from a mail item (`mail`).
    A request that needs approval waits for it from the start (T2)."""
    requester = requester or actor
    request = Request(
        number="-",
        subject=subject.strip(),
        description=description.strip(),
        client=client,
        requester=requester if requester is not None and requester.is_authenticated else None,
        requester_label=(requester_label or _label(requester))[:254],
        source=source,
        category=category,
        priority=priority,
        assignee_id=assignee_id,
        due_date=due_date,
        mail_item=mail_item,
        requires_approval=_needs_approval(category=category),
        team=category.team if category is not None else None,
        fields=fields_clean(category=category, values=fields),
    )
    if request.requires_approval:
        request.status = S.WAITING_APPROVAL
    request.full_clean(exclude=["number"])
    _assignee_fits(request)
    request.number = _next_number(timezone.localdate().year)
    request.save()
    created = {
        field: [None, audit_value(getattr(request, field))]
        for field in (
            "number",
            "subject",
            "status",
            "priority",
            "category",
            "team",
            "client",
            "due_date",
        )
        if getattr(request, field) not in (None, "")
    }
    if assignee_id:
        created["assignee_id"] = [None, assignee_id]
    if request.fields:
        created["fields"] = [None, request.fields]
    if mail_item is not None:
        created["mail_item"] = [None, mail_item.number]
    _history(request, actor=actor, changes=created)
    audit_record(action="helpdesk.request_created", actor=actor, target=request, changes=created)
    if requester is not None and requester.is_authenticated:
        Watcher.objects.get_or_create(request=request, user=requester)
    _attachments_save(request=request, reply=None, staged=attachments or [], actor=actor)
    from modules.helpdesk.sla import sla_start

    sla_start(request=request)
    from modules.helpdesk.notifying import request_created_notify

    request_created_notify(request)
    return request


@transaction.atomic
def request_update(*, request: Request, actor, data: dict, version: int | None = None) -> Request:
    """Change the request's fields (staff). `version` is the one the form was shown with: a
    change made meanwhile by someone else refuses this one rather than losing it."""
    locked = _lock(request)
    _check_version(locked, version)
    if locked.status == S.CLOSED:
        raise ApplicationError(_("A closed request cannot be changed."), code="closed")
    data = dict(data)
    category = data.get("category", locked.category)
    if "team" not in data and category is not None and category != locked.category:
        data["team"] = category.team or locked.team  # a new category routes to its team
    changes = audit_diff(locked, data, EDIT_FIELDS)
    if not changes:
        return locked
    locked.version += 1
    locked.full_clean(exclude=["number"])
    _assignee_fits(locked)
    locked.save()
    _history(locked, actor=actor, changes=changes)
    audit_record(action="helpdesk.request_changed", actor=actor, target=locked, changes=changes)
    return locked


def _approver_check(request: Request) -> None:
    """Staff cannot approve a client's request (T2), so asking a company where nobody can
    approve would leave it waiting for good: refused, with what to do instead."""
    from modules.helpdesk.selectors import client_approver_exists

    if not client_approver_exists(client_id=request.client_id):
        raise ApplicationError(
            _(
                "Nobody at %(client)s can approve requests: none of its users has the "
                "“Approver / manager” level and nobody receives the approval e-mail. Set one "
                "in Administration > Helpdesk or switch the e-mail on for a contact, or work "
                "on the request without approval."
            )
            % {"client": request.client.name},
            code="no_approver",
        )


@transaction.atomic
def request_transition(
    *,
    request: Request,
    action: str,
    actor,
    comment: str = "",
    version: int | None = None,
    rating: int | None = None,
    actor_label: str = "",
) -> Request:
    """Take one transition of the state machine. Refused with the allowed ones named when the
    current status does not allow it. The row lock makes two people acting at once take
    turns: the second sees the first one's status."""
    if action not in TRANSITIONS:
        raise ApplicationError(_("Unknown action."), code="unknown_action")
    locked = _lock(request)
    _check_version(locked, version)
    if not transition_allowed(locked, action):
        refused = {
            "action": action,
            "status": locked.status,
            "allowed": [a for a in TRANSITIONS if transition_allowed(locked, a)],
        }
        # `extra`: the refusal as keys, for words written later in another language (the
        # e-mail intake keeps it as a quarantine reason: intake/reasons.py).
        raise ApplicationError(
            transition_refused_text(**refused), code="transition_refused", extra=refused
        )
    if action == "submit_for_approval" and locked.client_id:
        _approver_check(locked)
    if action == "accept" and rating is None:  # T5: the client's acceptance rates; only
        # the unanswered ones (auto_accept) go without, and are left out of the averages.
        raise ApplicationError(_("Choose a rating of the operator (1-5)."), code="rating_required")
    rule = TRANSITIONS[action]
    before = locked.status
    now = timezone.now()
    changes = {"status": [before, rule.target]}
    locked.status = rule.target
    if rule.target == S.RESOLVED:
        changes["resolved_at"] = [audit_value(locked.resolved_at), audit_value(now)]
        locked.resolved_at = now
    if rule.target == S.ACCEPTED:
        changes["accepted_at"] = [None, audit_value(now)]
        locked.accepted_at = now
        if rating is not None:
            changes["rating"] = [locked.rating, rating]
            locked.rating = rating
            if comment:
                changes["rating_comment"] = [locked.rating_comment, comment]
                locked.rating_comment = comment.strip()
    if action == "reopen":
        if not comment.strip():
            raise ApplicationError(_("Say why the request is reopened."), code="reason_required")
        changes["accepted_at"] = [audit_value(locked.accepted_at), None]
        locked.accepted_at = None
    locked.version += 1
    locked.full_clean(exclude=["number"])
    locked.save()
    _history(locked, actor=actor, changes=changes, actor_label=actor_label)
    audit_record(
        action=f"helpdesk.{action}",
        actor=actor,
        actor_label=actor_label[:254],
        target=locked,
        changes={**changes, **({"comment": [None, comment.strip()]} if comment.strip() else {})},
    )
    if rule.target == S.RESOLVED and locked.client_id:
        _quotes_bill(request=locked, actor=actor)
    from modules.helpdesk.sla import sla_status

    sla_status(request=locked, action=action, before=before)
    if rule.target == S.ACCEPTED and locked.client_id:
        from modules.helpdesk.worklog import worklog_bill_request  # issue 21: the work log

        worklog_bill_request(request=locked, actor=actor)
    if comment.strip() and action != "accept":
        _reply_add(request=locked, actor=actor, body=comment, internal=False, label=actor_label)
    from modules.helpdesk.notifying import (
        client_decision_notify,
        status_changed_notify,
        watched_notify,
    )

    status_changed_notify(locked, action=action, before=before)
    if action in CLIENT_DECISIONS and locked.client_id:
        client_decision_notify(
            locked,
            decision=lambda: _decision_words(action, rating=rating),
            author=actor_label or _label(actor),
            comment=comment,
        )
    elif action not in ("client_replied", "quote_accepted", "quote_declined"):
        # the client's reply told them already; a quote's decision is told by quote_decide
        watched_notify(
            locked,
            change=locked.get_status_display,
            exclude={actor.pk} if actor is not None and actor.is_authenticated else (),
        )
    return locked


# The client's decisions the office is told of (helpdesk.client_decision), in each staff
# recipient's language; quote decisions are told by quote_decide.
CLIENT_DECISIONS = ("approve", "reject", "accept", "reopen")


def _decision_words(action: str, *, rating: int | None = None) -> str:
    if action == "accept":
        if rating is None:
            return _("Result accepted")
        return _("Result accepted, rating %(rating)s/5") % {"rating": rating}
    return {
        "approve": _("Request approved"),
        "reject": _("Request rejected by the approver"),
        "reopen": _("Request reopened"),
    }[action]


def _quote_decision_words(*, number: int, accepted: bool, total, currency: str) -> str:
    from django.utils.translation import get_language

    from common.money import money

    if accepted:
        return _("Quote #%(number)s accepted (%(total)s)") % {
            "number": number,
            "total": money(total, currency, language=get_language()),
        }
    return _("Quote #%(number)s declined") % {"number": number}


# Discussion


def _reply_add(*, request: Request, actor, body: str, internal: bool, label: str = "") -> Reply:
    reply = Reply(
        request=request,
        author=actor if actor is not None and actor.is_authenticated else None,
        author_label=(label or _label(actor))[:254],
        body=body.strip(),
        internal=internal,
    )
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def reply_create(
    *,
    request: Request,
    actor,
    body: str,
    internal: bool = False,
    from_client: bool = False,
    attachments: list[StagedUpload] | None = None,
    label: str = "",
) -> Reply:
    """A public reply or (staff only; the view decides who is staff) an internal note (T4).
    A client's reply to a request waiting for them puts it back in progress."""
    if from_client and internal:
        raise ApplicationError(_("Clients cannot write internal notes."), code="internal_refused")
    if not body.strip():
        raise ApplicationError(_("Write a reply."), code="empty")
    locked = _lock(request)
    if locked.status == S.CLOSED:
        raise ApplicationError(_("A closed request cannot be changed."), code="closed")
    reply = _reply_add(request=locked, actor=actor, body=body, internal=internal, label=label)
    _attachments_save(request=locked, reply=reply, staged=attachments or [], actor=actor)
    if not from_client and not internal:
        from modules.helpdesk.report_services import first_response_mark

        first_response_mark(request=locked, reply=reply)  # reports: the first staff answer
    audit_record(
        action="helpdesk.note_added" if internal else "helpdesk.reply_added",
        actor=actor,
        target=locked,
        changes={"reply": [None, reply.pk]},
    )
    from modules.helpdesk import notifying

    if from_client:
        notifying.client_reply_notify(locked, reply=reply)
        if locked.status == S.WAITING_CLIENT:
            request_transition(request=locked, action="client_replied", actor=actor)
    else:
        if not internal:
            from modules.helpdesk.sla import sla_responded

            sla_responded(request=locked)
        mentioned = _mentions_apply(request=locked, reply=reply, actor=actor)
        notifying.watched_notify(
            locked,
            change=lambda: (
                (_("internal note by %(name)s") if internal else _("reply by %(name)s"))
                % {"name": reply.author_label}
            ),
            exclude={reply.author_id, *mentioned},
        )
    if not internal:
        notifying.reply_notify(locked, reply=reply, from_client=from_client)
    return reply


# @name (or @whole@address when two colleagues share the name before the @); not inside an
# e-mail address ("jan@firma.pl" mentions nobody).
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentions_find(body: str) -> set[int]:
    """The staff persons a staff member's text mentions (clients' texts are never read)."""
    from modules.helpdesk.selectors import staff_handles

    words = {m.group(1).rstrip(".").lower() for m in MENTION.finditer(body)}
    if not words:
        return set()
    return {person["id"] for person in staff_handles() if person["handle"] in words}


def _mentions_apply(*, request: Request, reply: Reply, actor) -> set[int]:
    """Mentioned colleagues watch the request from now on and are told (T4)."""
    mentioned = mentions_find(reply.body) - {reply.author_id}
    if not mentioned:
        return set()
    for user_id in sorted(mentioned):
        Watcher.objects.get_or_create(request=request, user_id=user_id)
    audit_record(
        action="helpdesk.mentioned",
        actor=actor,
        target=request,
        changes={"reply": [None, reply.pk], "mentioned": [None, sorted(mentioned)]},
    )
    from modules.helpdesk.notifying import mention_notify

    mention_notify(request, reply=reply, user_ids=mentioned)
    return mentioned


@transaction.atomic
def staff_notice_set(*, user, off: list[str]) -> StaffNotice:
    """A staff person's own helpdesk notifications: the "event:channel" pairs they switch
    off (everything else stays on)."""
    from modules.helpdesk.events import STAFF_EVENTS

    allowed = {f"{event}:{channel}" for event in STAFF_EVENTS for channel in ("email", "inapp")}
    unknown = set(off) - allowed
    if unknown:
        raise ApplicationError(_("Unknown notification."), code="unknown_notice")
    row, _created = StaffNotice.objects.select_for_update().get_or_create(user=user)
    row.off = sorted(set(off))
    row.save(update_fields=["off"])
    return row


def _attachments_save(*, request: Request, reply: Reply | None, staged, actor) -> list:
    saved, names = [], []
    for upload in staged:
        with upload.open() as source:
            name = office_save(office_new_name("helpdesk", upload.name.rsplit(".", 1)[-1]), source)
        names.append(name)
        saved.append(
            Attachment(
                request=request,
                reply=reply,
                name=name,
                original_name=upload.original_name,
                size=upload.size,
                content_type=upload.content_type,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
        )
    if saved:
        Attachment.objects.bulk_create(saved)
        upload_discard(*staged)  # kept under helpdesk/ now
    return saved


@transaction.atomic
def watcher_set(*, request: Request, user, watching: bool) -> None:
    if watching:
        Watcher.objects.get_or_create(request=request, user=user)
    else:
        Watcher.objects.filter(request=request, user=user).delete()


# Approval (T2) and acceptance (T5) are transitions; the quote (T3) has its own rows.


@transaction.atomic
def quote_create(
    *,
    request: Request,
    actor,
    valid_until: dt.date,
    lines: list[dict],
    note: str = "",
    internal_cost=0,
) -> Quote:
    if not lines:
        raise ApplicationError(_("A quote needs at least one line."), code="no_lines")
    if valid_until < timezone.localdate():
        raise ApplicationError(_("The validity date is in the past."), code="expired")
    locked = _lock(request)
    if locked.client_id is not None:
        for line in lines:
            _vat_code(Decimal(line.get("vat_rate", Decimal("23"))))
    quote = Quote(
        request=locked,
        valid_until=valid_until,
        note=note.strip(),
        internal_cost=internal_cost,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    quote.full_clean()
    quote.save()
    from modules.helpdesk.selectors import quote_number

    rows = [QuoteLine(quote=quote, **line) for line in lines]
    for row in rows:
        row.full_clean(exclude=["quote"])
    QuoteLine.objects.bulk_create(rows)
    audit_record(
        action="helpdesk.quote_sent",
        actor=actor,
        target=locked,
        # the quote as the pages name it ("#2"), not its row id
        changes={
            "quote": [None, f"#{quote_number(quote=quote)}"],
            "net_total": [None, str(quote.net_total)],
        },
    )
    if locked.status != S.WAITING_QUOTE:
        request_transition(request=locked, action="send_quote", actor=actor)
    from modules.helpdesk.notifying import quote_sent_notify

    quote_sent_notify(locked, quote=quote)
    return quote


# Billing (settlements): accepted quotes when the work is done, billable work at once.


def vat_codes() -> dict[Decimal, str]:
    """The VAT rates of the office's country (billing owns the table: 23/8/5/0 in Poland,
    23/19/5/0 in Slovakia) by percentage ("23" for 23 %); "zw" (exempt) is not a
    percentage a quote line can name, so 0 % bills as "0"."""
    from django.db import connection

    from modules.billing.selectors import vat_rate_choices

    country = getattr(connection.tenant, "country", "PL")
    codes = [code for code, _label in vat_rate_choices(country=country)]
    return {Decimal(code): code for code in codes if code.isdigit()}


def _vat_code(rate: Decimal) -> str:
    code = vat_codes().get(Decimal(rate).normalize()) if rate == int(rate) else None
    if code is None:
        raise ApplicationError(
            _("Use one of the VAT rates: %(rates)s.")
            % {"rates": ", ".join(sorted(vat_codes().values(), key=int, reverse=True))},
            code="vat_rate",
        )
    return code


def _quotes_bill(*, request: Request, actor) -> int:
    """The request is resolved: its accepted quotes not billed yet become usage records in
    the client's settlement, one per line (source helpdesk, ref hd-quote:<quote>:<line>).
    Idempotent: the quote row is locked and marked `billed_at` in the same transaction, so a
    resolve after a reopen bills nothing twice."""
    from modules.billing.models import UsageRecord
    from modules.billing.services import usage_record

    quotes = list(
        Quote.objects.select_for_update()
        .filter(request=request, status=Quote.Status.ACCEPTED, billed_at__isnull=True)
        .order_by("pk")
    )
    today = timezone.localdate()
    for quote in quotes:
        for line in quote.lines.order_by("pk"):
            usage_record(
                client=request.client,
                date=today,
                quantity=line.quantity,
                description=f"{request.number}: {line.description}"[:300],
                unit_price=line.unit_price,
                vat_rate=_vat_code(line.vat_rate),
                source=UsageRecord.Source.HELPDESK,
                source_ref=f"hd-quote:{quote.pk}:{line.pk}"[:40],
                actor=actor if actor is not None and actor.is_authenticated else None,
            )
        quote.billed_at = timezone.now()
        quote.save(update_fields=["billed_at", "updated_at"])
        _history(request, actor=actor, changes={f"quote {quote.pk} billed": [None, True]})
    return len(quotes)


@transaction.atomic
def work_record(
    *,
    request: Request,
    actor,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    vat_rate: str,
    key,
    beyond_quote: bool = False,
) -> BillableWork:
    """Billable work on a client's request, recorded in the client's settlement at once
    (usage_record, source helpdesk, ref hd-work:<id>). The same `key` twice (a form sent
    again) returns the first record and bills nothing more. On a request with an accepted
    fixed-price quote the quote bills the work when the request is resolved, so more work is
    recorded only when staff say it is `beyond_quote` (the work log's rule, one owner:
    `work_selectors.quote_covers_work`)."""
    from modules.billing.models import UsageRecord
    from modules.billing.services import usage_record

    locked = _lock(request)
    done = BillableWork.objects.filter(key=key).first()
    if done is not None:
        if done.request_id != locked.pk:
            raise ApplicationError(_("Unknown action."), code="unknown_action")
        return done
    if locked.client_id is None:
        raise ApplicationError(_("An internal request has no client to charge."), code="no_client")
    if locked.status == S.CLOSED:
        raise ApplicationError(_("A closed request cannot be changed."), code="closed")
    if vat_rate not in vat_codes().values():
        raise ValidationError({"vat_rate": _("Choose a VAT rate.")})
    if not beyond_quote and quote_covers_work(request_id=locked.pk):
        raise ValidationError(
            {
                "beyond_quote": _(
                    "The accepted quote already bills the work on this request: record here "
                    "only work beyond it, and tick this box to say so."
                )
            }
        )
    work = BillableWork(
        request=locked,
        description=description.strip(),
        quantity=quantity,
        unit_price=unit_price,
        vat_rate=vat_rate,
        key=key,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    work.full_clean()
    work.save()
    usage = usage_record(
        client=locked.client,
        date=timezone.localdate(),
        quantity=quantity,
        description=f"{locked.number}: {work.description}"[:300],
        unit_price=unit_price,
        vat_rate=vat_rate,
        source=UsageRecord.Source.HELPDESK,
        source_ref=f"hd-work:{work.pk}",
        actor=work.created_by,
    )
    work.usage_id = usage.pk
    work.save(update_fields=["usage_id"])
    _history(
        locked,
        actor=actor,
        changes={"billable work": [None, f"{work.description}: {quantity} x {unit_price}"]},
    )
    audit_record(
        action="helpdesk.work_recorded",
        actor=actor,
        target=locked,
        changes={"work": [None, work.pk], "usage": [None, usage.pk]},
    )
    return work


@transaction.atomic
def quote_decide(*, quote: Quote, actor, accept: bool, comment: str = "", label: str = "") -> Quote:
    """The client accepts or declines a sent quote (T3). An expired quote cannot be accepted;
    a decided one is not decided again (two clicks, two people: the row lock orders them)."""
    locked = Quote.objects.select_for_update(of=("self",)).get(pk=quote.pk)
    if locked.status != Quote.Status.SENT:
        raise ApplicationError(
            _("This quote is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="quote_decided",
        )
    if accept and locked.valid_until < timezone.localdate():
        raise ApplicationError(
            _("This quote expired on %(date)s. Ask the office for a new one.")
            % {"date": date_format(locked.valid_until, "SHORT_DATE_FORMAT")},
            code="quote_expired",
        )
    locked.status = Quote.Status.ACCEPTED if accept else Quote.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by_label = (label or _label(actor))[:254]
    locked.decision_comment = comment.strip()
    locked.save()
    request = Request.objects.get(pk=locked.request_id)
    _history(
        request,
        actor=actor,
        actor_label=locked.decided_by_label,
        changes={f"quote {locked.pk}": [Quote.Status.SENT, locked.status]},
    )
    audit_record(
        action="helpdesk.quote_accepted" if accept else "helpdesk.quote_declined",
        actor=actor,
        actor_label="" if actor is not None else locked.decided_by_label,
        target=request,
        changes={"quote": [Quote.Status.SENT, locked.status]},
    )
    if request.status == S.WAITING_QUOTE:
        request_transition(
            request=request,
            action="quote_accepted" if accept else "quote_declined",
            actor=actor,
            comment=comment,
            actor_label=locked.decided_by_label,
        )
    if request.client_id is None:
        return locked
    from django.db import connection

    from modules.helpdesk.notifying import client_decision_notify
    from modules.helpdesk.selectors import quote_number

    number, total = quote_number(quote=locked), locked.gross_total
    currency = connection.tenant.currency
    client_decision_notify(
        request,
        decision=lambda: _quote_decision_words(
            number=number, accepted=accept, total=total, currency=currency
        ),
        author=locked.decided_by_label,
        comment=comment,
    )
    return locked


@transaction.atomic
def requests_auto_accept(*, now: dt.datetime | None = None) -> int:
    """Resolved requests the client did not answer for the office's N days are accepted
    without a rating (T5). Idempotent; run daily."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings_get().auto_accept_days)
    due = list(
        Request.objects.select_for_update(skip_locked=True)
        .filter(status=S.RESOLVED, resolved_at__lte=limit)
        .order_by("pk")[:500]
    )
    for request in due:
        request_transition(request=request, action="auto_accept", actor=None)
    return len(due)


# E-mail links (T2, T3)


def link_resolve(*, token: str, office):
    """The request, quote (or None) and recipient of an e-mail link. LinkError when the link
    is tampered, expired, another office's, or its person no longer receives that company's
    notifications."""
    from modules.helpdesk.links import QUOTE, LinkError, link_read
    from modules.notifications.models import NotificationRecipient

    target = link_read(token, office=office)
    request = Request.objects.select_related("client").filter(pk=target.request_id).first()
    if request is None:
        raise LinkError("invalid")
    recipient = NotificationRecipient.objects.filter(pk=target.recipient_id, is_active=True).first()
    if recipient is None or recipient.client_id != request.client_id:
        raise LinkError("person")
    quote = None
    if target.kind == QUOTE:
        quote = Quote.objects.filter(pk=target.quote_id, request=request).first()
        if quote is None:
            raise LinkError("invalid")
    return target.kind, request, quote, recipient


def _recipient_label(recipient) -> str:
    return f"{recipient.name} <{recipient.address}>" if recipient.name else recipient.address


@transaction.atomic
def link_act(*, token: str, office, decision: str, comment: str = ""):
    """The confirmation page's POST: approve/reject, or accept/decline the quote, once."""
    from modules.helpdesk.links import APPROVAL, LinkError

    kind, request, quote, recipient = link_resolve(token=token, office=office)
    label = _recipient_label(recipient)
    if kind == APPROVAL:
        if decision not in ("approve", "reject"):
            raise LinkError("invalid")
        if request.status != S.WAITING_APPROVAL:
            raise LinkError("used")
        return request_transition(
            request=request, action=decision, actor=None, comment=comment, actor_label=label
        )
    if decision not in ("accept", "decline"):
        raise LinkError("invalid")
    return quote_decide(
        quote=quote, actor=None, accept=decision == "accept", comment=comment, label=label
    )


@transaction.atomic
def canned_reply_create(*, actor, title: str, body: str) -> CannedReply:
    row = CannedReply(title=title.strip(), body=body.strip())
    row.full_clean()
    row.save()
    audit_record(
        action="helpdesk.canned_reply_created",
        actor=actor,
        target=row,
        changes={"title": [None, row.title]},
    )
    return row


def requests_bulk(*, requests, actor, action: str, assignee_id: int | None = None) -> tuple:
    """Bulk assign or close (the staff queue). Each request in its own transaction, so one
    refused (already closed, changed meanwhile) does not undo the others; returns
    (done, refused)."""
    done, refused = 0, 0
    for request in requests:
        try:
            if action == "assign":
                request_update(request=request, actor=actor, data={"assignee_id": assignee_id})
            elif action == "close":
                request_transition(request=request, action="close", actor=actor)
            else:
                raise ApplicationError(_("Unknown action."), code="unknown_action")
        except ApplicationError:
            refused += 1
        else:
            done += 1
    return done, refused
