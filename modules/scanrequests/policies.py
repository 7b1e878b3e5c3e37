"""Who may ask for a scan and of what (S1, S3, S7).

Allowed: the client's own setting (ClientScanAccess) when there is one, else their package's
(the rule billing registers
through hooks.package_scan_rule_register), else the office's switch. The default cost of a
scan: the package's, else the office's.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.singletons import settings_get
from modules.mail.models import MailItem, MailStatus
from modules.scanrequests.hooks import package_scan_terms
from modules.scanrequests.models import ScanRequest, ScanRequestSettings

# Codes of the refusals (scan_request_refusal).
ALREADY_REQUESTED = "already_requested"
NOT_ALLOWED = "not_allowed"
NOT_REQUESTABLE = "not_requestable"


def office_settings() -> ScanRequestSettings:
    return settings_get(ScanRequestSettings)


def scan_requests_allowed_many(
    *, client_ids: list[int], settings: ScanRequestSettings | None = None
) -> dict[int, bool]:
    """One query for the clients' own settings, whatever the number of clients."""
    client_ids = sorted(set(client_ids))
    if not client_ids:
        return {}
    settings = settings or office_settings()
    # Written out, as billing's package terms: the panel's Mail tab asks on every page.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_id, allowed FROM scanrequests_clientscanaccess "
            "WHERE client_id = ANY(%s)",
            [client_ids],
        )
        own = dict(cursor.fetchall())
    packages = package_scan_terms([c for c in client_ids if c not in own])
    result = {}
    for client_id in client_ids:
        if client_id in own:
            result[client_id] = own[client_id]
            continue
        terms = packages.get(client_id)
        if terms is not None and terms.allowed is not None:
            result[client_id] = terms.allowed
        else:
            result[client_id] = settings.enabled
    return result


def scan_requests_allowed(*, client_id: int, settings: ScanRequestSettings | None = None) -> bool:
    return scan_requests_allowed_many(client_ids=[client_id], settings=settings)[client_id]


def scan_default_cost(*, client_id: int, settings: ScanRequestSettings | None = None) -> Decimal:
    terms = package_scan_terms([client_id]).get(client_id)
    if terms is not None and terms.default_cost is not None:
        return terms.default_cost
    return (settings or office_settings()).default_cost


def item_refusal(item: MailItem) -> str:
    """Why a scan of `item` cannot be asked for ("" when it can): the office still holds
    it (to pick up) and it has no scan yet (S3)."""
    if item.direction != MailItem.Direction.INCOMING:
        return _("Scans can be requested for incoming mail only.")
    if item.scan_count:
        return _("This item already has a scan.")
    if item.status.code != MailStatus.TO_PICK_UP:
        return _("This item is no longer waiting at the office, so it cannot be scanned.")
    return ""


def scan_request_refusal(
    *, item: MailItem, open_request: ScanRequest | None, allowed: bool | None = None
) -> ApplicationError | None:
    """Why a client may not ask for a scan of `item` now (None: they may), in the one order
    the service, the client panel and the e-mail link all answer with: a request already
    open (`open_request`), then the company not allowed, then the item itself (item_refusal).
    `allowed`, when the caller already knows it for the item's client, saves the query."""
    if open_request is not None:
        when = timezone.localtime(open_request.created_at)
        return ApplicationError(
            _(
                "A scan of this item was already requested on %(date)s. The office will add "
                "it soon; you will receive it by e-mail."
            )
            % {"date": formats.date_format(when, "SHORT_DATETIME_FORMAT")},
            code=ALREADY_REQUESTED,
        )
    if allowed is None:
        allowed = scan_requests_allowed(client_id=item.client_id)
    if not allowed:
        return ApplicationError(
            _("Your office does not take scan requests for your company."), code=NOT_ALLOWED
        )
    reason = item_refusal(item)
    return ApplicationError(reason, code=NOT_REQUESTABLE) if reason else None
