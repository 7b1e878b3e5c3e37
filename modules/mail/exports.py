"""The mail report in Excel (M6): the filtered list with pickup information.

Rows come from a server-side cursor in chunks and are streamed into the file by
modules.mail.xlsx (openpyxl's write-only mode was 4-5 times too slow for the 100,000-row
target; see that module). Memory stays flat at any size. Text that a spreadsheet would run
as a formula (= + - @, tab, carriage return) is written with a leading apostrophe (OWASP's
advice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.exports import column_widths
from modules.mail.models import MailItem
from modules.mail.selectors import MailFilters, mail_item_filtered, status_list, type_list
from tenants.selectors import office_zone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 5000
_VALUES = (
    "number",
    "direction",
    "received_at",
    "client__code",
    "client__name",
    "sender",
    "recipient",
    "mail_type_id",
    "pieces",
    "tracking_number",
    "status_id",
    "additional_info",
    "additional_cost",
    "notes",
    "scan_count",
    "notify_choice",
    "notified_at",
    "picked_up_at",
    "picked_up_by",
    "pickup_method",
)


def safe_text(value: str) -> str:
    if value and value[0] in FORMULA_START:
        return "'" + value
    return value


# The expected content width of each column of export_headers(), in characters.
_WIDTHS = [14, 12, 17, 12, 32, 28, 28, 14, 8, 22, 16, 30, 12, 9, 30, 8, 18, 17, 17, 24, 16]


def export_headers() -> list[str]:
    return [
        _("Number"),
        _("Direction"),
        _("Received / sent"),
        _("Client code"),
        _("Client"),
        _("Sender"),
        pgettext("mail item", "Recipient"),
        _("Type"),
        _("Pieces"),
        _("Tracking number"),
        _("Status"),
        _("Additional information"),
        _("Additional cost"),
        _("Currency"),
        _("Notes"),
        _("Scans"),
        _("Notification"),
        _("Notified at"),
        _("Picked up at"),
        _("Picked up by"),
        _("Pickup method"),
    ]


def mail_export_write(
    *,
    stream,
    membership,
    filters: MailFilters,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the XLSX to `stream` (a file or an HttpResponse); returns the number of rows."""
    from modules.mail.xlsx import XlsxStream

    office = connection.tenant
    zone = office_zone(office)
    currency = getattr(office, "currency", "")
    statuses = {s.pk: str(s.label) for s in status_list(active_only=False)}
    types = {t.pk: str(t.label) for t in type_list(active_only=False)}
    directions = {k: str(v) for k, v in MailItem.Direction.choices}
    notify_labels = {k: str(v) for k, v in MailItem.Notify.choices}
    methods = {k: str(v) for k, v in MailItem.PickupMethod.choices}

    def local(value: dt.datetime | None):
        return value.astimezone(zone).replace(tzinfo=None) if value is not None else None

    rows = (
        mail_item_filtered(membership=membership, filters=filters)
        .values_list(*_VALUES)
        .iterator(chunk_size=CHUNK)
    )
    count = 0
    headers = export_headers()
    with XlsxStream(stream, sheet=_("Mail"), widths=column_widths(headers, _WIDTHS)) as xlsx:
        xlsx.header(headers)
        for (number, direction, received_at, code, client, sender, recipient, type_id, pieces,
             tracking, status_id, info, cost, notes, scans, notify_choice, notified_at,
             picked_up_at, picked_up_by, method) in rows:  # fmt: skip
            xlsx.row([
                number, directions[direction], local(received_at), safe_text(code),
                safe_text(client), safe_text(sender), safe_text(recipient), types[type_id],
                pieces, safe_text(tracking), statuses[status_id], safe_text(info),
                cost if cost else Decimal("0"), currency, safe_text(notes), scans,
                notify_labels[notify_choice], local(notified_at), local(picked_up_at),
                safe_text(picked_up_by), methods[method] if method else "",
            ])  # fmt: skip
            count += 1
            if progress is not None and count % CHUNK == 0:
                progress(count)
    return count
