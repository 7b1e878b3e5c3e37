"""Every write of the e-mail intake: one message in (`email_receive`), the triage and
quarantine decisions, the mailbox settings. One message never breaks the intake: whatever
goes wrong with it is kept as a quarantined e-mail with the reason."""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import singletons
from common.exceptions import ApplicationError
from common.sealed import seal, unseal
from common.storage import office_new_name, office_read, office_save
from common.uploads import upload_discard, upload_stage
from modules.audit.services import audit_record
from modules.helpdesk import services as helpdesk
from modules.helpdesk.intake import parsing
from modules.helpdesk.intake.reasons import Reason
from modules.helpdesk.intake.trimming import reply_trim
from modules.helpdesk.models import InboundEmail, IntakeSettings, Request

log = logging.getLogger("vireo.helpdesk.intake")
E = InboundEmail.Status
S = Request.Status
SETTINGS_FIELDS = ("enabled", "host", "port", "security", "username", "folder", "unknown_senders")
_PASSWORD = {"salt": b"vireo-helpdesk", "info": b"intake-password"}
NUMBER = re.compile(r"\bHD-\d{4}-\d{5}\b")
# Reopens by e-mail per sender: at most REOPEN_LIMIT in REOPEN_WINDOW (counted in the
# database: InboundEmail rows with reopened=True); over it the reply is kept, the request
# stays resolved.
REOPEN_LIMIT = 3
REOPEN_WINDOW = dt.timedelta(hours=1)


# Settings


def intake_settings_get() -> IntakeSettings:
    return singletons.settings_get(IntakeSettings)


def intake_password(row: IntakeSettings) -> str:
    return unseal(row.password_sealed, **_PASSWORD)


@transaction.atomic
def intake_settings_update(*, actor, data: dict, password: str = "") -> IntakeSettings:
    """Change the mailbox settings; a non-empty `password` replaces the stored one (sealed;
    the audit log says only that it changed)."""
    row, _changes = singletons.settings_update(
        IntakeSettings,
        actor=actor,
        data=data,
        fields=SETTINGS_FIELDS,
        action="helpdesk.intake_settings_changed",
    )
    if password:
        row.password_sealed = seal(password, **_PASSWORD)
        row.save(update_fields=["password_sealed"])
        audit_record(
            action="helpdesk.intake_settings_changed",
            actor=actor,
            target=row,
            changes={"password": ["***", "***"]},
        )
    if row.enabled and not (row.host and row.username):
        raise ApplicationError(
            _("Give the IMAP server and the user name before turning the intake on."),
            code="incomplete",
        )
    return row


# One message


def _known_sender(address: str) -> tuple[list[int], object | None]:
    """(the clients the address belongs to, the client user with that address or None)."""
    from accounts.models import Membership, Role
    from modules.clients.selectors import client_ids_by_email

    if not address:
        return [], None
    memberships = list(
        Membership.objects.filter(
            office_id=connection.tenant.pk,
            role=Role.CLIENT,
            is_active=True,
            user__email__iexact=address,
            user__is_active=True,
        ).select_related("user")
    )
    clients = {m.client_id for m in memberships} | set(client_ids_by_email(address))
    user = memberships[0].user if memberships else None
    return sorted(clients), user


def _thread(parsed: parsing.Parsed) -> Request | None:
    """The request this message answers: by Message-ID / In-Reply-To / References (our
    outgoing mail, or an earlier e-mail of the thread) first, the number in the subject
    second."""
    from modules.notifications.selectors import email_context_by_message_id

    for message_id in parsed.thread_ids:
        earlier = (
            InboundEmail.objects.filter(message_id=message_id, request__isnull=False)
            .select_related("request")
            .first()
        )
        if earlier is not None:
            return earlier.request
        context = email_context_by_message_id(message_id)
        if context and context.get("request_number"):
            found = Request.objects.filter(number=context["request_number"]).first()
            if found is not None:
                return found
    match = NUMBER.search(parsed.subject)
    if match:
        return Request.objects.filter(number=match.group(0)).first()
    return None


def _staged(parsed: parsing.Parsed) -> tuple[list, list[str]]:
    """The attachments the helpdesk keeps (common.uploads: type by content, size), and a
    line for each one it does not."""
    staged, refused = [], []
    for item in parsed.attachments:
        upload = SimpleUploadedFile(item.filename or "attachment", item.content, item.content_type)
        try:
            staged.append(
                upload_stage(
                    upload=upload,
                    kinds=helpdesk.ATTACHMENT_KINDS,
                    max_bytes=helpdesk.ATTACHMENT_MAX_BYTES,
                    # Intake is never refused for the plan's storage (mail must not be
                    # lost): over it, the owner is told instead (subscriptions' guard).
                    automatic=True,
                )
            )
        except ApplicationError as exc:
            # named with the type the sender's program gave it: staff can ask for the file
            # again in an accepted kind
            refused.append(f"{item.filename} ({item.content_type}): {exc.message}")
    return staged, refused


TEXT_MAX = 20000  # Request.description, Reply.body
REFUSED_MAX = 4000  # the list of refused attachments, kept whole within TEXT_MAX


def _body(text: str, refused: list[str], *, note: str = "") -> str:
    """The request's or reply's text: `note` first, the e-mail's text, then the attachments
    that were not kept. A long e-mail's text is cut, never that list (it used to be cut off
    the end with the text, and the attachments were lost without a word)."""
    body = text.strip() or _("(no text)")
    if note:
        body = f"{note}\n\n{body}"
    if not refused:
        return body[:TEXT_MAX]
    listed = "\n\n" + _("Attachments not kept:") + "\n" + "\n".join(f"- {r}" for r in refused)
    listed = listed[:REFUSED_MAX]
    return body[: TEXT_MAX - len(listed)] + listed


def _label(parsed: parsing.Parsed) -> str:
    if parsed.sender_name:
        return f"{parsed.sender_name} <{parsed.sender}>"[:254]
    return parsed.sender


def _reopens_recent(sender: str) -> int:
    since = timezone.now() - REOPEN_WINDOW
    return InboundEmail.objects.filter(sender=sender, reopened=True, created_at__gte=since).count()


def _raise(row: InboundEmail, parsed, *, client_id, user, note: str = "") -> None:
    from modules.clients.models import Client

    staged, refused = _staged(parsed)
    try:
        description = _body(parsed.text, refused, note=note)
        request = helpdesk.request_create(
            actor=None,
            subject=(parsed.subject or _("E-mail from %(sender)s") % {"sender": parsed.sender})[
                :200
            ],
            client=Client.objects.get(pk=client_id) if client_id else None,
            description=description,
            source=Request.Source.EMAIL,
            requester=user,
            requester_label=_label(parsed),
            attachments=staged,
        )
    except Exception:
        upload_discard(*staged)
        raise
    row.status, row.request = E.RAISED, request


def _add_reply(row: InboundEmail, parsed, request: Request, *, user) -> None:
    staged, refused = _staged(parsed)
    try:
        reply = helpdesk.reply_create(
            request=request,
            actor=user,
            body=_body(reply_trim(parsed.text), refused),
            from_client=True,
            attachments=staged,
            label=_label(parsed),
        )
    except Exception:
        upload_discard(*staged)
        raise
    row.status, row.request, row.reply = E.THREADED, request, reply
    request.refresh_from_db()
    if request.status == S.RESOLVED:
        if _reopens_recent(parsed.sender) >= REOPEN_LIMIT:
            _reason(row, Reason("reopen_limit", limit=REOPEN_LIMIT))
            return
        helpdesk.request_transition(
            request=request,
            action="reopen",
            actor=user,
            comment=_("Reopened by an e-mail reply."),
            actor_label=_label(parsed),
        )
        row.reopened = True


def _process(
    row: InboundEmail, parsed: parsing.Parsed, *, assign_client_id=None, senders=None
) -> None:
    """What the message becomes; `assign_client_id`: staff chose the client (triage)."""
    row.sender, row.sender_name = parsed.sender, parsed.sender_name
    row.subject, row.received_at = parsed.subject, parsed.date
    row.message_id = parsed.message_id
    request = _thread(parsed)
    if parsed.automatic:
        # Never raises, reopens or answers anything: kept for the record only.
        row.status, row.request = E.IGNORED, request
        _reason(row, parsed.automatic)
        return
    if senders is None or parsed.sender not in senders:
        known = _known_sender(parsed.sender)
        if senders is not None:
            senders[parsed.sender] = known
    else:
        known = senders[parsed.sender]
    clients, user = known
    if assign_client_id is not None:
        clients, user = [assign_client_id], (user if assign_client_id in clients else None)
    belongs = request is not None and (
        request.client_id in clients or (user is not None and request.requester_id == user.pk)
    )
    if belongs and request.status not in (S.CLOSED,):
        _add_reply(row, parsed, request, user=user)
        return
    if len(clients) == 1:
        note = ""
        if belongs:  # a reply to a closed request raises a new one that says so
            note = _("Follow-up of %(number)s (closed).") % {"number": request.number}
        _raise(row, parsed, client_id=clients[0], user=user, note=note)
        return
    if len(clients) > 1:
        row.status = E.TRIAGE
        _reason(row, Reason("several_clients"))
        return
    if intake_settings_get().unknown_senders == IntakeSettings.Unknown.RAISE:
        _raise(row, parsed, client_id=None, user=None)
        return
    row.status = E.TRIAGE
    _reason(row, Reason("unknown_sender"))


def _reason(row: InboundEmail, reason: str) -> None:
    """Store why (a Reason keeps its code and values for the reader's language, a service's
    refusal too: `Reason.refused`; plain text is kept as it is)."""
    row.reason = reason[:2000]
    row.reason_code = getattr(reason, "code", "")
    row.reason_params = getattr(reason, "params", {})


def _quarantine(row: InboundEmail, reason: str) -> None:
    row.status = E.QUARANTINE
    _reason(row, reason)
    row.request = row.reply = None
    row.reopened = False


def _handle(row: InboundEmail, raw: bytes, *, assign_client_id=None, senders=None) -> None:
    """Process under a savepoint: a failure (bad input, a bug) rolls the message's work
    back and quarantines it with the reason; the intake goes on with the next one."""
    try:
        parsed = parsing.parse(raw)
    except parsing.Unusable as exc:
        _quarantine(row, exc.reason)
        return
    try:
        with transaction.atomic():
            _process(row, parsed, assign_client_id=assign_client_id, senders=senders)
    except ApplicationError as exc:  # a race: a code, put into words when read
        _quarantine(row, Reason.refused(exc))
    except Exception as exc:
        log.exception("intake: message %s failed", row.message_key)
        _quarantine(row, Reason("failed", error=type(exc).__name__))


_INSERT = """
INSERT INTO helpdesk_inboundemail (created_at, updated_at, message_key, message_id, folder,
  uid, uidvalidity, sender, sender_name, subject, raw_name, size, status, reason, reason_code,
  reason_params, reopened)
VALUES (now(), now(), %s, %s, %s, %s, %s, '', '', '', '', %s, %s, '', '', '{}', false)
ON CONFLICT (message_key) DO NOTHING
RETURNING id, created_at
"""


@transaction.atomic
def email_receive(
    *,
    raw: bytes,
    folder: str = "",
    uid: int | None = None,
    uidvalidity: int | None = None,
    senders: dict | None = None,
) -> InboundEmail | None:
    """One message from the mailbox. None when it was received before (its Message-ID, or
    its bytes' hash when it has none, is taken: two workers fetching the same message wait
    on the unique index and the second one does nothing). `senders`: a cache of known
    senders a batch shares."""
    message_id = parsing.message_id_peek(raw)[:998]
    row = InboundEmail(
        message_key=parsing.message_key(raw, message_id),
        message_id=message_id,
        folder=folder,
        uid=uid,
        uidvalidity=uidvalidity,
        size=len(raw),
        status=E.QUARANTINE,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            [row.message_key, message_id, folder, uid, uidvalidity, row.size, row.status],
        )
        inserted = cursor.fetchone()
    if inserted is None:
        return None
    row.pk, row.created_at = inserted
    row._state.adding = False
    row.raw_name = office_save(office_new_name("helpdesk/email", ".eml"), raw)
    _handle(row, raw, senders=senders)
    row.save()
    return row


# Staff decisions (triage and quarantine)


def _locked(email: InboundEmail, allowed: set[str]) -> InboundEmail:
    locked = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if locked.status not in allowed:
        raise ApplicationError(
            _("This e-mail was dealt with already (%(status)s).")
            % {"status": locked.get_status_display().lower()},
            code="decided",
        )
    return locked


@transaction.atomic
def email_assign(*, email: InboundEmail, actor, client) -> InboundEmail:
    """Triage: the e-mail raises a request for `client` (or joins the request it answers
    when that is the client's)."""
    locked = _locked(email, {E.TRIAGE})
    try:
        raw = office_read(locked.raw_name)
    except (OSError, ValueError) as exc:
        raise ApplicationError(_("The message's file is missing."), code="missing") from exc
    _handle(locked, raw, assign_client_id=client.pk)
    if locked.status == E.TRIAGE:  # still undecided (cannot happen with one client)
        raise ApplicationError(_("The e-mail could not be assigned."), code="not_assigned")
    locked.handled_by = actor
    locked.save()
    audit_record(
        action="helpdesk.email_assigned",
        actor=actor,
        target=locked,
        changes={"client": [None, client.pk], "status": [E.TRIAGE, locked.status]},
    )
    return locked


@transaction.atomic
def email_retry(*, email: InboundEmail, actor) -> InboundEmail:
    """Quarantine: process the kept message again (after a fix, or a sender added)."""
    locked = _locked(email, {E.QUARANTINE})
    try:
        raw = office_read(locked.raw_name)
    except (OSError, ValueError) as exc:
        raise ApplicationError(_("The message's file is missing."), code="missing") from exc
    _handle(locked, raw)
    locked.handled_by = actor
    locked.save()
    audit_record(
        action="helpdesk.email_retried",
        actor=actor,
        target=locked,
        changes={"status": [E.QUARANTINE, locked.status]},
    )
    return locked


@transaction.atomic
def email_discard(*, email: InboundEmail, actor) -> InboundEmail:
    locked = _locked(email, {E.TRIAGE, E.QUARANTINE})
    before = locked.status
    locked.status, locked.handled_by = E.DISCARDED, actor
    locked.save(update_fields=["status", "handled_by", "updated_at"])
    audit_record(
        action="helpdesk.email_discarded",
        actor=actor,
        target=locked,
        changes={"status": [before, E.DISCARDED]},
    )
    return locked
