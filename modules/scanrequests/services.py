"""Every write of the scan requests module (S1-S8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import singletons
from common.exceptions import ApplicationError
from common.links import LinkError
from modules.audit.services import audit_record
from modules.mail.models import MailItem, MailStatus
from modules.mail.services import StagedFile, mail_scans_add, mail_update
from modules.notifications.models import NotificationRecipient
from modules.notifications.services import alert_subject, alerts_resolve, notify
from modules.notifications.services import settings_get as notification_settings_get
from modules.notifications.services import settings_update as notification_settings_update
from modules.scanrequests.events import CANCELLED_EVENT
from modules.scanrequests.links import scan_request_link_read
from modules.scanrequests.models import ClientScanAccess, ScanRequest, ScanRequestSettings
from modules.scanrequests.policies import office_settings, scan_request_refusal
from tenants.selectors import office_language

SETTINGS_FIELDS = ("enabled", "confirmation_text", "default_cost", "target_hours")
REQUESTED_EVENT = "mail.scan_requested"
OVERDUE_EVENT = "scanrequests.overdue"


def settings_get() -> ScanRequestSettings:
    return office_settings()


def office_sms_enabled() -> bool:
    """The office's SMS switch for new requests lives with the notifications settings."""
    from modules.notifications.hooks import SMS, event_get

    chosen = notification_settings_get().office_channels.get(REQUESTED_EVENT)
    if chosen is None:
        chosen = event_get(REQUESTED_EVENT).default_channels
    return SMS in chosen


@transaction.atomic
def settings_update(*, actor, data: dict, sms: bool | None = None) -> ScanRequestSettings:
    """Save the office's settings; `sms` switches the SMS to the office for new requests
    (kept in the notifications settings, where the office's number is)."""
    row, _changes = singletons.settings_update(
        ScanRequestSettings,
        actor=actor,
        data={name: value for name, value in data.items() if value is not None},
        fields=SETTINGS_FIELDS,
        action="scanrequests.settings_changed",
    )
    if sms is not None and sms != office_sms_enabled():
        from modules.notifications.hooks import SMS, event_get

        current = notification_settings_get().office_channels
        channels = set(current.get(REQUESTED_EVENT, event_get(REQUESTED_EVENT).default_channels))
        channels = channels | {SMS} if sms else channels - {SMS}
        notification_settings_update(
            actor=actor, office_channels={**current, REQUESTED_EVENT: sorted(channels)}
        )
    return row


@transaction.atomic
def client_access_set(*, client, allowed: bool | None, actor) -> ClientScanAccess | None:
    """A client's own answer to "may they request scans"; None: as the office (package) says."""
    current = ClientScanAccess.objects.select_for_update().filter(client=client).first()
    before = None if current is None else current.allowed
    if allowed is None:
        if current is not None:
            current.delete()
        row = None
    else:
        row = current or ClientScanAccess(client=client, allowed=allowed)
        row.allowed = allowed
        row.full_clean()
        row.save()
    if before != allowed:
        audit_record(
            action="scanrequests.client_access_changed",
            actor=actor,
            target=client,
            changes={"scan_requests": [before, allowed]},
        )
    return row


def _requests_url() -> str:
    return connection.tenant.url + reverse("scanrequests:list")


def _alert_subject(scan_request: ScanRequest) -> str:
    """The staff alerts about one request ("requested", "overdue"): read once it is done."""
    return alert_subject("scanrequests.request", scan_request.pk)


def _open_request(item_id: int) -> ScanRequest | None:
    return ScanRequest.objects.filter(item_id=item_id, status=ScanRequest.Status.NEW).first()


@transaction.atomic
def scan_request_create(
    *,
    item: MailItem,
    source: str,
    user=None,
    recipient: NotificationRecipient | None = None,
) -> ScanRequest:
    """A client asks for a scan of `item` (S3) and the office is told (S4): e-mail to the
    office address, SMS if switched on, staff alerts (all through notify), and the list.

    The caller has checked that the person may see `item` (a client user of its company,
    or a current recipient of its company through a signed link)."""
    # The item row lock serialises two requests for one item (double click, two people).
    item = (
        MailItem.objects.select_for_update(of=("self",))
        .select_related("status", "client")
        .get(pk=item.pk)
    )
    refusal = scan_request_refusal(item=item, open_request=_open_request(item.pk))
    if refusal is not None:
        raise refusal
    if user is not None and user.is_authenticated:
        by = user.full_name or user.email
    elif recipient is not None:
        by = f"{recipient.name} <{recipient.address}>" if recipient.name else recipient.address
    else:
        by = ""
    scan_request = ScanRequest(
        item=item,
        source=source,
        requested_by_user=user if user is not None and user.is_authenticated else None,
        requested_by_recipient_id=recipient.pk if recipient is not None else None,
        requested_by=by[:254],
    )
    scan_request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            scan_request.save()
    except IntegrityError:
        existing = _open_request(item.pk)
        if existing is None:
            raise
        raise scan_request_refusal(item=item, open_request=existing) from None
    audit_record(
        action="scanrequest.created",
        actor=user,
        actor_label="" if user is not None else by[:254],
        target=item,
        changes={"scan_request": [None, ScanRequest.Status.NEW], "requested_by": [None, by]},
    )
    notify(
        event=REQUESTED_EVENT,
        client_id=item.client_id,
        actor=user,
        context={
            "client_name": item.client.name,
            "mail_sender": item.correspondent,
            "mail_received_at": item.received_at,
            "requested_by": by,
            "requests_url": _requests_url(),
        },
        alert_subject=_alert_subject(scan_request),
    )
    return scan_request


def scan_request_link_resolve(*, token: str, office) -> tuple[MailItem, NotificationRecipient]:
    """The item and the person a "Request scan" link was made for. LinkError when the link
    is tampered, expired, another office's, or its person is no longer a recipient of that
    item's company."""
    target = scan_request_link_read(token, office=office)
    item = (
        MailItem.objects.select_related("status", "client", "mail_type")
        .filter(pk=target.item_id)
        .first()
    )
    recipient = NotificationRecipient.objects.filter(pk=target.recipient_id, is_active=True).first()
    if item is None:
        raise LinkError("invalid")
    if recipient is None or recipient.client_id != item.client_id:
        raise LinkError("person")
    return item, recipient


def _lock_new(scan_request: ScanRequest) -> ScanRequest:
    locked = (
        ScanRequest.objects.select_for_update(of=("self",))
        .select_related("item")
        .get(pk=scan_request.pk)
    )
    if locked.status != ScanRequest.Status.NEW:
        raise ApplicationError(
            _("This request is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="closed",
        )
    return locked


@transaction.atomic
def scan_request_complete(
    *,
    scan_request: ScanRequest,
    staged: list[StagedFile],
    actor,
    additional_info: str,
    additional_cost: Decimal,
) -> ScanRequest:
    """ "+" (S6): keep the scan on the item, store the additional information and cost on it
    (M9, S8: billing sums MailItem.additional_cost), e-mail the scan to the client
    (mail.scan_added with the files attached) and mark the request completed."""
    if not staged:
        raise ApplicationError(_("Choose the scan to add."), code="no_scan")
    scan_request = _lock_new(scan_request)
    now = timezone.now()
    scan_request.status = ScanRequest.Status.COMPLETED
    scan_request.completed_at = now
    scan_request.closed_by = actor
    scan_request.full_clean(validate_constraints=False)
    scan_request.save(update_fields=["status", "completed_at", "closed_by", "updated_at"])
    item = mail_update(
        item=scan_request.item,
        actor=actor,
        data={"additional_info": additional_info, "additional_cost": additional_cost},
    )
    audit_record(
        action="scanrequest.completed",
        actor=actor,
        target=item,
        changes={"scan_request": [ScanRequest.Status.NEW, ScanRequest.Status.COMPLETED]},
    )
    alerts_resolve(subject=_alert_subject(scan_request))  # handled: nobody needs the alert
    # Last: it removes its own files if it fails, and nothing after it can fail.
    mail_scans_add(item=item, staged=staged, actor=actor, send_to_client=True)
    scan_request.item = item
    return scan_request


@transaction.atomic
def scan_request_cancel(
    *, scan_request: ScanRequest, actor, reason: str = "", notify_client: bool = False
) -> ScanRequest:
    """ "-" (S6): the request is cancelled; the client may ask again. `notify_client`: the
    office cancelled it on the list, so the client is e-mailed (`scanrequests.cancelled`,
    with the reason) instead of waiting for a scan that will not come."""
    scan_request = _lock_new(scan_request)
    scan_request.status = ScanRequest.Status.CANCELLED
    scan_request.cancelled_at = timezone.now()
    scan_request.closed_by = actor
    scan_request.cancel_reason = reason.strip()[:300]
    scan_request.full_clean(validate_constraints=False)
    scan_request.save(
        update_fields=["status", "cancelled_at", "closed_by", "cancel_reason", "updated_at"]
    )
    audit_record(
        action="scanrequest.cancelled",
        actor=actor,
        target=scan_request.item,
        changes={
            "scan_request": [ScanRequest.Status.NEW, ScanRequest.Status.CANCELLED],
            **(
                {"reason": [None, scan_request.cancel_reason]} if scan_request.cancel_reason else {}
            ),
        },
    )
    alerts_resolve(subject=_alert_subject(scan_request))
    if notify_client:
        item = scan_request.item
        notify(
            event=CANCELLED_EVENT,
            client_id=item.client_id,
            actor=actor,
            context={
                "client_name": item.client.name,
                "mail_sender": item.correspondent,
                "mail_received_at": item.received_at,
                "cancel_reason": scan_request.cancel_reason,
                "mail_url": connection.tenant.url + reverse("mail:portal_detail", args=[item.pk]),
            },
        )
    return scan_request


def scan_requests_item_moved(*, item_ids: list[int], status, actor) -> int:
    """For mail.hooks.status_changed: a request can be done while its item waits at the
    office to be picked up, or is marked scanned (the scan comes with the request's "+").
    Any other status (picked up, forwarded, shredded, put in a PO box, an office's own)
    means the letter has left the desk: its open request is cancelled, with the new status
    as the reason (in the office's language: the list shows it to every reader). Not
    e-mailed: the client has the letter, or chose where it went. Runs in the caller's
    transaction. Returns how many were cancelled."""
    if status.code in (MailStatus.TO_PICK_UP, MailStatus.SCANNED):
        return 0
    open_requests = list(
        ScanRequest.objects.filter(item_id__in=item_ids, status=ScanRequest.Status.NEW)
    )
    if not open_requests:
        return 0
    with translation.override(office_language()):
        reason = _("The item is no longer at the office: %(status)s.") % {"status": status.label}
    for scan_request in open_requests:
        scan_request_cancel(scan_request=scan_request, actor=actor, reason=reason)
    return len(open_requests)


@transaction.atomic
def scan_requests_overdue_alert() -> int:
    """Tell the office (in-app alert, and e-mail if it chose so) about each request that
    passed the target time, once. Run every few minutes by the scheduler."""
    settings = settings_get()
    limit = timezone.now() - dt.timedelta(hours=settings.target_hours)
    overdue = list(
        ScanRequest.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("item__client")
        .filter(
            Q(status=ScanRequest.Status.NEW)
            & Q(overdue_alerted_at__isnull=True)
            & Q(created_at__lte=limit)
        )
        .order_by("pk")[:200]
    )
    now = timezone.now()
    for scan_request in overdue:
        item = scan_request.item
        notify(
            event=OVERDUE_EVENT,
            client_id=item.client_id,
            context={
                "client_name": item.client.name,
                "mail_sender": item.correspondent,
                "requested_at": scan_request.created_at,
                "waiting_hours": int((now - scan_request.created_at).total_seconds() // 3600),
                "target_hours": settings.target_hours,
                "requests_url": _requests_url() + "?overdue=1",
            },
            alert_subject=_alert_subject(scan_request),
        )
    ScanRequest.objects.filter(pk__in=[r.pk for r in overdue]).update(overdue_alerted_at=now)
    return len(overdue)
