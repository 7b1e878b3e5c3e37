"""Registering and changing mail items (M1, M2, M3, M7, M8, M9)."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from common.money import money
from common.numbering import number_next
from modules.audit.services import audit_record
from modules.mail.events import SENT_EVENT
from modules.mail.hooks import new_mail_personaliser, status_changed
from modules.mail.models import MailCounter, MailItem, MailScan, MailStatus
from modules.mail.services.config import settings_get
from modules.mail.services.scans import (
    StagedFile,
    files_remove,
    scans_files,
    scans_store,
    staged_discard,
)
from modules.notifications.services import Attachment, notify
from tenants.selectors import office_zone

ITEM_FIELDS = (
    "direction",
    "client",
    "sender",
    "recipient",
    "mail_type",
    "received_at",
    "pieces",
    "tracking_number",
    "notes",
    "additional_info",
    "additional_cost",
    "status",
)
MISSING_ATTACHMENT = "missing_attachment"
CONFIRM_LEAVE_FINAL = "confirm_leave_final"
HANDED_OVER_ALREADY = "taken"


def mail_number_next(*, year: int) -> str:
    """The next item number of the year, "2026/000123" (`common.numbering`: never the same
    number twice, and a rolled-back registration gives its number back)."""
    return f"{year}/{number_next(MailCounter, key=year):06d}"


def status_default(direction: str) -> MailStatus:
    status = MailStatus.objects.filter(default_for=direction, is_active=True).first()
    if status is None:
        status = MailStatus.objects.filter(
            code=MailStatus.TO_PICK_UP if direction == "in" else MailStatus.SENT
        ).first()
    if status is None:
        raise ApplicationError(_("Set a default status for new mail in the mail settings."))
    return status


def _clean_text(data: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


def correspondent_errors(*, direction: str, sender: str, recipient: str) -> dict[str, str]:
    """The sender/recipient rule (M1): incoming mail names who sent it, outgoing mail whom
    it is for. What is missing, by field (empty: nothing). The registration form shows
    these on its fields; the services refuse an item that breaks the rule."""
    errors = {}
    if direction == MailItem.Direction.INCOMING and not (sender or "").strip():
        errors["sender"] = _("Who sent it? Enter the sender.")
    if direction == MailItem.Direction.OUTGOING and not (recipient or "").strip():
        errors["recipient"] = _("Who is it for? Enter the recipient.")
    return errors


def _correspondent_check(item: MailItem) -> None:
    errors = correspondent_errors(
        direction=item.direction, sender=item.sender, recipient=item.recipient
    )
    if errors:
        field, message = next(iter(errors.items()))
        raise ApplicationError(message, code=field)


def _status_direction_check(item: MailItem) -> None:
    """Outgoing mail has left the office: it never waits for hand-over (H2 lists the
    statuses that route there), so it cannot take such a status ("To pick up")."""
    if item.direction == MailItem.Direction.OUTGOING and item.status.routes_to_handover:
        raise ApplicationError(
            _(
                "Outgoing mail does not wait for hand-over: choose a status for sent mail, "
                "or leave the status empty for the default of outgoing mail."
            ),
            code="status",
        )


# Mail cannot arrive or leave later than now: a time ahead is a typo (2027 for 2026, 19:30
# for 09:30). Minutes of slack for a desk whose clock runs a little ahead of the server's;
# the time typed is read in the office's time zone (the form's), compared as an instant.
FUTURE_SLACK = dt.timedelta(minutes=5)


def _received_at_check(item: MailItem) -> None:
    if item.received_at > timezone.now() + FUTURE_SLACK:
        now = timezone.localtime(timezone.now(), office_zone())
        raise ApplicationError(
            _(
                "This time is later than now (%(now)s at the office): mail cannot have been "
                "received or sent then. Check the day, the hour and the year."
            )
            % {"now": date_format(now, "SHORT_DATETIME_FORMAT")},
            code="received_at",
        )


@transaction.atomic
def mail_register(
    *,
    actor,
    data: dict,
    staged: list[StagedFile] | None = None,
    notify_choice: str = MailItem.Notify.NONE,
    confirm_missing_scan: bool = False,
    scan_source: str = MailScan.Source.UPLOAD,
) -> MailItem:
    """Register one item, keep its checked scan files and notify the client as chosen.

    M7: "e-mail with the scan" and no scan raises ApplicationError(code="missing_attachment")
    before anything is saved or sent, unless the office switched the alert off or the person
    confirmed; the e-mail then goes without the scan.
    """
    staged = staged or []
    data = _clean_text(data)
    if (
        MailItem.Notify.with_scan(notify_choice)
        and not staged
        and not confirm_missing_scan
        and settings_get().missing_attachment_alert
    ):
        raise ApplicationError(
            _(
                "No scan is attached, but the e-mail should carry it. Attach the scan, or "
                "confirm sending the e-mail without it."
            ),
            code=MISSING_ATTACHMENT,
        )
    direction = data.get("direction") or MailItem.Direction.INCOMING
    fields = {k: v for k, v in data.items() if k in ITEM_FIELDS and v is not None}
    fields["direction"] = direction
    item = MailItem(
        **fields,
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        notify_choice=notify_choice,
    )
    item.received_at = item.received_at or timezone.now()
    if item.status_id is None:
        item.status = status_default(direction)
    _correspondent_check(item)
    _status_direction_check(item)
    _received_at_check(item)
    item.status_changed_at = timezone.now()
    _picked_up_fields(item, item.status, actor=actor)
    year = timezone.localtime(timezone.now(), office_zone()).year
    item.number = mail_number_next(year=year)
    item.full_clean(exclude=["search_document"])
    item.save()
    scans: list[MailScan] = []
    try:
        scans = scans_store(item=item, staged=staged, actor=actor, source=scan_source)
        correspondent_touch(name=item.correspondent)
        audit_record(
            action="mail.registered",
            actor=actor,
            target=item,
            changes={f: audit_value(getattr(item, f)) for f in ITEM_FIELDS if getattr(item, f)},
        )
        if notify_choice != MailItem.Notify.NONE:
            mail_notify(item=item, scans=scans, actor=actor)
    except BaseException:
        files_remove(scans_files(scans))
        staged_discard(staged)
        raise
    return item


def _picked_up_fields(item: MailItem, status: MailStatus, *, actor) -> dict:
    """Entering a final status records when (and by whom, unless the hand-over module set a
    person); leaving it clears the pickup. Returns the changes."""
    changes = {}
    if status.is_final and item.picked_up_at is None:
        item.picked_up_at = timezone.now()
        changes["picked_up_at"] = [None, audit_value(item.picked_up_at)]
    elif not status.is_final and item.picked_up_at is not None:
        changes["picked_up_at"] = [audit_value(item.picked_up_at), None]
        changes.update(
            {
                f: [getattr(item, f), ""]
                for f in ("picked_up_by", "pickup_method")
                if getattr(item, f)
            }
        )
        item.picked_up_at, item.picked_up_by, item.pickup_method = None, "", ""
    return changes


def _handover_status(pickup_method: str) -> MailStatus:
    code = (
        MailStatus.FORWARDED
        if pickup_method == MailItem.PickupMethod.FORWARDED
        else MailStatus.PICKED_UP
    )
    status = MailStatus.objects.filter(code=code).first()
    if status is None:
        raise ApplicationError(
            _("The built-in status “%(code)s” is missing from the mail settings.") % {"code": code}
        )
    return status


@transaction.atomic
def mail_items_lock_for_handover(item_ids: list[int]) -> list[MailItem]:
    """The items a hand-over (modules.handover) is about to record, row-locked for the rest
    of the caller's transaction, each with its status and client read: refused whole when
    one is gone or no longer waits for hand-over (its status does not route there), as
    another desk may just have handed it over. Call mail_items_hand_over() next.

    Locked in pk order (a fixed order means no deadlock between two desks). No join in the
    locking query: after waiting for the other desk's lock, PostgreSQL re-checks the new
    row version against the join with the *old* status row and would silently drop the
    item. The statuses and clients are read after the lock instead."""
    from modules.clients.models import Client

    items = list(MailItem.objects.select_for_update().filter(pk__in=item_ids).order_by("pk"))
    if len(items) != len(set(item_ids)):
        raise ApplicationError(
            _("Some of the selected items no longer exist. Refresh the list."),
            code=HANDED_OVER_ALREADY,
        )
    statuses = {s.pk: s for s in MailStatus.objects.filter(pk__in={i.status_id for i in items})}
    clients = {c.pk: c for c in Client.objects.filter(pk__in={i.client_id for i in items})}
    for item in items:
        item.status, item.client = statuses[item.status_id], clients[item.client_id]
    taken = [i.number for i in items if not i.status.routes_to_handover]
    if taken:
        raise ApplicationError(
            _(
                "Someone has just handed over %(numbers)s (or changed the status). Nothing was "
                "recorded: refresh the list and select the items again."
            )
            % {"numbers": ", ".join(taken)},
            code=HANDED_OVER_ALREADY,
            extra={"numbers": taken},
        )
    return items


@transaction.atomic  # a refusal undoes its own update, whatever the caller does next
def mail_items_hand_over(
    *,
    items: list[MailItem],
    actor,
    pickup_method: str,
    picked_up_at: dt.datetime,
    picked_up_by: str,
    reference: str,
) -> MailStatus:
    """What a hand-over (modules.handover, H4-H6) sets on its items: the "forwarded" status
    for forwarding, "picked up" for every other way; when, by whom and how; one
    `mail.handed_over` entry in each item's history naming the hand-over `reference`.
    Returns the status the items are now in.

    The caller holds the items' row locks and knows they wait for hand-over
    (mail_items_lock_for_handover, in this transaction). The update is conditional on that
    all the same: an item that no longer waits refuses the whole call."""
    target = _handover_status(pickup_method)
    now = timezone.now()
    updated = MailItem.objects.filter(
        pk__in=[item.pk for item in items], status__routes_to_handover=True
    ).update(
        status=target,
        status_changed_at=now,
        picked_up_at=picked_up_at,
        picked_up_by=picked_up_by,
        pickup_method=pickup_method,
        updated_at=now,
    )
    if updated != len(items):
        raise ApplicationError(
            _("Some of the items are no longer waiting for hand-over. Refresh the list."),
            code=HANDED_OVER_ALREADY,
        )
    method_label = str(MailItem.PickupMethod(pickup_method).label)
    for item in items:
        audit_record(
            action="mail.handed_over",
            actor=actor,
            target=item,
            changes={
                "status": [str(item.status), str(target)],
                "pickup_method": method_label,
                "picked_up_by": picked_up_by,
                "picked_up_at": audit_value(picked_up_at),
                "handover": reference,
            },
        )
    status_changed(item_ids=[item.pk for item in items], status=target, actor=actor)
    return target


def _type_in_sentence(label: str) -> str:
    """A mail type's name as Polish, Slovak and English write it inside a sentence (the
    notifications' `mail_type`, "nadawca: ZUS (list polecony)"): the first letter in lower
    case, unless the first word is an abbreviation ("DHL", "ZUS": two capitals)."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def mail_notify(*, item: MailItem, scans: list[MailScan], actor, event: str = "mail.new"):
    """Notify the client as the item's notification choice says (through notifications)."""
    choice = item.notify_choice
    if choice == MailItem.Notify.NONE:
        return None
    client = item.client
    attachments = []
    if MailItem.Notify.with_scan(choice):
        attachments = [
            Attachment(path=s.path, filename=s.original_name, content_type=s.content_type)
            for s in scans
        ]
    if item.direction == MailItem.Direction.OUTGOING:
        # Sent for the client: "sent on your behalf", to its recipient. Never "new mail
        # from" (the recipient would read as the sender), also when its scans are e-mailed.
        event = SENT_EVENT
        context = {
            "client_name": client.name,
            "mail_recipient": item.recipient,
            "mail_sent_at": item.received_at,
            "mail_items": item.pieces,
            "tracking_number": item.tracking_number,
            "additional_info": item.additional_info,
        }
    else:
        context = {
            "client_name": client.name,
            "mail_sender": item.correspondent,
            "mail_received_at": item.received_at,
            "mail_items": item.pieces,
            "additional_info": item.additional_info,
        }
    currency, cost = connection.tenant.currency, item.additional_cost

    def localise(language: str) -> dict:
        # The type and the charge as each recipient's language writes them ("2,50 €"); the
        # type as it reads inside a sentence ("nadawca: ZUS (list polecony)").
        return {
            "mail_type": _type_in_sentence(str(item.mail_type.label)),
            "additional_cost": money(cost, currency, language=language) if cost else "",
        }

    personalise = None
    if event == SENT_EVENT:
        context["has_scan"] = bool(attachments)
    elif event == "mail.new":
        context["has_scan"] = bool(attachments)
        context["mail_url"] = connection.tenant.url + reverse("mail:portal_detail", args=[item.pk])
        # The scan requests module adds a "Request scan" link signed for each recipient.
        personalise = new_mail_personaliser(item=item, has_scan=bool(attachments))
    else:
        context["scan_count"] = len(scans)
        context["mail_url"] = connection.tenant.url + reverse("mail:portal_detail", args=[item.pk])
    notification = notify(
        event=event,
        client_id=client.pk,
        context=context,
        attachments=attachments,
        actor=actor,
        channels=MailItem.Notify.channels(choice),
        personalise=personalise,
        localise=localise,
    )
    item.notified_at = timezone.now()
    item.notification_id = notification.pk
    MailItem.objects.filter(pk=item.pk).update(
        notified_at=item.notified_at, notification_id=notification.pk
    )
    return notification


def correspondent_touch(*, name: str) -> None:
    """Count one use of a sender/recipient in the address book (created on first use)."""
    name = " ".join(name.split())[:200]
    if not name:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO mail_correspondent (name, address, use_count, last_used_at) "
            "VALUES (%s, '', 1, now()) ON CONFLICT (lower(name)) DO UPDATE "
            "SET use_count = mail_correspondent.use_count + 1, last_used_at = now()",
            [name],
        )


def _leaving_final_check(items: list[MailItem], status: MailStatus, confirmed: bool) -> None:
    leaving = [i for i in items if i.status.is_final and i.status_id != status.pk]
    if leaving and not confirmed:
        raise ApplicationError(
            _(
                "%(count)s item(s) are marked as picked up. Are you sure you want to change "
                "their status to “%(status)s”?"
            )
            % {"count": len(leaving), "status": status.label},
            code=CONFIRM_LEAVE_FINAL,
            extra={"numbers": [i.number for i in leaving]},
        )


@transaction.atomic
def mail_update(
    *, item: MailItem, actor, data: dict, confirm_leave_final: bool = False
) -> MailItem:
    """Change an item; every changed field goes to its history. M8: leaving a final
    (picked up) status needs `confirm_leave_final`."""
    item = (
        MailItem.objects.select_for_update(of=("self",))
        .select_related("status", "client", "mail_type")
        .get(pk=item.pk)
    )
    data = _clean_text(data)
    new_status = data.get("status")
    if new_status is not None:
        _leaving_final_check([item], new_status, confirm_leave_final)
    given = {field: value for field, value in data.items() if value is not None}
    changes = audit_diff(item, given, ITEM_FIELDS)
    if "status" in changes:
        item.status_changed_at = timezone.now()
        changes.update(_picked_up_fields(item, item.status, actor=actor))
    if not changes:
        return item
    _correspondent_check(item)
    if "status" in changes or "direction" in changes:
        _status_direction_check(item)
    if "received_at" in changes:
        _received_at_check(item)
    item.full_clean(exclude=["search_document"])
    item.save()
    if "sender" in changes or "recipient" in changes:
        correspondent_touch(name=item.correspondent)
    audit_record(action="mail.updated", actor=actor, target=item, changes=changes)
    if "status" in changes:
        status_changed(item_ids=[item.pk], status=item.status, actor=actor)
    return item


@transaction.atomic
def mail_bulk_status_change(
    *, item_ids: list[int], status: MailStatus, actor, confirm_leave_final: bool = False
) -> int:
    """Move many items to one status (M3), each change in its item's history."""
    items = list(
        MailItem.objects.select_for_update(of=("self",))
        .select_related("status")
        .filter(pk__in=item_ids)
        .order_by("pk")
    )
    _leaving_final_check(items, status, confirm_leave_final)
    if status.routes_to_handover:
        for item in items:
            if item.status_id != status.pk:
                _status_direction_check(MailItem(direction=item.direction, status=status))
    changed_ids = []
    now = timezone.now()
    for item in items:
        if item.status_id == status.pk:
            continue
        changes = {"status": [str(item.status), str(status)]}
        item.status, item.status_changed_at = status, now
        changes.update(_picked_up_fields(item, status, actor=actor))
        item.save(
            update_fields=[
                "status",
                "status_changed_at",
                "picked_up_at",
                "picked_up_by",
                "pickup_method",
                "updated_at",
            ]
        )
        audit_record(action="mail.status_changed", actor=actor, target=item, changes=changes)
        changed_ids.append(item.pk)
    status_changed(item_ids=changed_ids, status=status, actor=actor)
    return len(changed_ids)


@transaction.atomic
def mail_scans_add(
    *,
    item: MailItem,
    staged: list[StagedFile],
    actor,
    send_to_client: bool = False,
    source: str = MailScan.Source.UPLOAD,
) -> list[MailScan]:
    """Attach more scans to an item; optionally e-mail them to the client (mail.scan_added)."""
    scans: list[MailScan] = []
    try:
        scans = scans_store(item=item, staged=staged, actor=actor, source=source)
        audit_record(
            action="mail.scan_added",
            actor=actor,
            target=item,
            changes={"scans": [None, [s.original_name for s in scans]]},
        )
        if send_to_client and scans:
            item.notify_choice = MailItem.Notify.EMAIL_SCAN
            MailItem.objects.filter(pk=item.pk).update(notify_choice=item.notify_choice)
            mail_notify(item=item, scans=scans, actor=actor, event="mail.scan_added")
    except BaseException:
        files_remove(scans_files(scans))
        staged_discard(staged)
        raise
    return scans
