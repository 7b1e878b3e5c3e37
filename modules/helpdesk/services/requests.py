"""Requests (T1): raising, editing, watching and the queue's bulk actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from common.numbering import number_next
from common.uploads import StagedUpload
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Category,
    HelpdeskCounter,
    Quote,
    Request,
    Watcher,
)
from modules.helpdesk.services.base import (
    S,
    _attachments_save,
    _check_version,
    _history,
    _label,
    _lock,
)
from modules.helpdesk.services.fields import fields_clean
from modules.helpdesk.services.settings import _assignee_fits, settings_get
from modules.helpdesk.services.transitions import request_transition, transition_allowed

EDIT_FIELDS = (
    "subject",
    "description",
    "category",
    "team",
    "priority",
    "assignee_id",
    "due_date",
)


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


@transaction.atomic
def watcher_set(*, request: Request, user, watching: bool) -> None:
    if watching:
        Watcher.objects.get_or_create(request=request, user=user)
    else:
        Watcher.objects.filter(request=request, user=user).delete()


@dataclass(frozen=True)
class BulkClose:
    """What closing the chosen requests does (asked before requests_bulk's close)."""

    closing: list  # the requests closed (those not closed already), in the order given
    skipped: int  # chosen but already closed: left as they are
    clients: list  # names of the clients e-mailed the new status, comment or not, each once
    withdrawn: list  # the quotes waiting for the client, withdrawn (.number, .request_number)
    # clients no contact of whom receives the e-mail; clients e-mailed the status without
    # the comment (their contacts receive status changes, not replies); clients e-mailed
    # only with a comment (their contacts receive replies, not status changes)
    unreached: list = field(default_factory=list)
    uncommented: list = field(default_factory=list)
    partly: list = field(default_factory=list)


def bulk_close_preview(*, requests) -> BulkClose:
    """What closing `requests` would do, as a request's own Close says it: each client
    e-mailed the new status (those whose contacts receive that e-mail: selectors.
    status_email_reach), each quote waiting for the client withdrawn."""
    from modules.helpdesk.selectors import status_email_reach

    closing = [row for row in requests if transition_allowed(row, "close")]
    names = {}
    for row in closing:
        if row.client_id:
            names.setdefault(row.client_id, row.client.name)
    reach = status_email_reach(client_ids=names)
    clients = [name for pk, name in names.items() if reach[pk].always]
    unreached = [name for pk, name in names.items() if reach[pk].never]
    uncommented = [name for pk, name in names.items() if reach[pk].status and not reach[pk].reply]
    partly = [name for pk, name in names.items() if reach[pk].reply and not reach[pk].status]
    numbers = {row.pk: row.number for row in closing}
    withdrawn, seen = [], {}
    quotes = (
        Quote.objects.filter(request_id__in=numbers)
        .order_by("request_id", *Quote._meta.ordering)
        .prefetch_related("lines")
    )
    for quote in quotes:  # numbered on their request as selectors.quotes_for numbers them
        seen[quote.request_id] = seen.get(quote.request_id, 0) + 1
        if quote.status == Quote.Status.SENT:
            quote.number, quote.request_number = seen[quote.request_id], numbers[quote.request_id]
            withdrawn.append(quote)
    return BulkClose(
        closing=closing,
        skipped=len(requests) - len(closing),
        clients=clients,
        withdrawn=withdrawn,
        unreached=unreached,
        uncommented=uncommented,
        partly=partly,
    )


def requests_bulk(
    *, requests, actor, action: str, assignee_id: int | None = None, comment: str = ""
) -> tuple:
    """Bulk assign or close (the staff queue; close asked first: bulk_close_preview, with an
    optional comment the clients' e-mails carry). Each request in its own transaction, so
    one refused (already closed, changed meanwhile) does not undo the others; returns
    (done, refused)."""
    done, refused = 0, 0
    for request in requests:
        try:
            if action == "assign":
                request_update(request=request, actor=actor, data={"assignee_id": assignee_id})
            elif action == "close":
                request_transition(request=request, action="close", actor=actor, comment=comment)
            else:
                raise ApplicationError(_("Unknown action."), code="unknown_action")
        except ApplicationError:
            refused += 1
        else:
            done += 1
    return done, refused
