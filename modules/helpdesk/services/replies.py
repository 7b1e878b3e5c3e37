"""Discussion (T4): public replies, internal notes and @mentions."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.uploads import StagedUpload
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Reply,
    Request,
    Watcher,
)
from modules.helpdesk.services.base import S, _attachments_save, _lock, _reply_add
from modules.helpdesk.services.transitions import request_transition


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
    then: str = "",
) -> Reply:
    """A public reply or (staff only; the view decides who is staff) an internal note (T4).
    A client's reply to a request waiting for them puts it back in progress. `then`: a
    staff reply that also takes a transition (`REPLY_THEN`: start work, ask the client,
    resolve); the client gets one e-mail, the reply's, saying the new status too (resolving:
    the resolved e-mail, quoting the reply)."""
    if from_client and internal:
        raise ApplicationError(_("Clients cannot write internal notes."), code="internal_refused")
    if then and (from_client or then not in REPLY_THEN):
        raise ApplicationError(_("Unknown action."), code="unknown_action")
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
        if then:
            # The client's e-mail is this reply's, saying the new status (an internal note
            # is never e-mailed: the status change is then told as usual); the watchers
            # are told once, below, of the reply and the status together.
            locked = request_transition(
                request=locked, action=then, actor=actor, reply=reply, watchers=False
            )
        notifying.watched_notify(
            locked,
            change=lambda: _reply_change(reply, status=locked if then else None),
            exclude={reply.author_id, *mentioned},
            reply=reply.body,
        )
    if not internal and not then:
        notifying.reply_notify(locked, reply=reply, from_client=from_client)
    return reply


def _reply_change(reply: Reply, *, status: Request | None = None) -> str:
    """What the staff watchers read of a colleague's reply or note (in their language), with
    the status it moved the request to (one alert and e-mail, not one for each)."""
    values = {"name": reply.author_label}
    if status is None:
        if reply.internal:
            return _("New internal note (%(name)s)") % values
        return _("New reply (%(name)s)") % values
    values["status"] = status.get_status_display()
    if reply.internal:
        return _("New internal note (%(name)s); status: %(status)s") % values
    return _("New reply (%(name)s); status: %(status)s") % values


# What a staff reply may do besides (the reply box's "and then"): the status changes whose
# client e-mail is the plain status one, said in the reply's e-mail instead, and "resolve"
# (the reply is the resolution comment: the one e-mail is the resolved one, quoting it).
REPLY_THEN = ("start", "ask_client", "resolve")


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
