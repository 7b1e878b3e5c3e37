"""The archive's rows rendered in Python: the one hot loop of the busiest screen. The
template engine spent most of a request on 50 rows; plain string formatting with the same
escaping (Django's `escape` is `html.escape`) takes a fraction of that. What repeats from row
to row (a status badge, a type label, the translated titles) is escaped once per page."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from common.formats import datetime_formatter

_ROW = (
    '<tr data-testid="mail-row" data-number="{number}">'
    '<td><input class="form-check-input" type="checkbox" name="items" value="{pk}" '
    'aria-label="{number}"></td>'
    '<td><a href="{url}{pk}/"><code>{number}</code></a></td>'
    '<td class="small text-nowrap" data-label="{l[when]}">{direction} {when}</td>'
    '<td class="text-break" data-label="{l[client]}">'
    '<code class="small">{code}</code> {client}</td>'
    '<td class="text-break" data-label="{l[party]}">{party}{tracking}</td>'
    '<td class="small" data-label="{l[type]}">{type}</td>'
    '<td class="text-end" data-label="{l[pieces]}">{pieces}</td>'
    '<td data-label="{l[status]}">{status}</td>'
    '<td class="text-nowrap small">{scans}{notified}</td></tr>'
)
_DIRECTION = '<i class="bi {arrow} text-body-secondary" title="{title}"></i>'
_BADGE = (
    '<span class="badge rounded-pill" style="background-color: {colour}; color: {text}">'
    "{label}</span>"
)
_TRACKING = '<div class="small text-body-secondary">{}</div>'


def archive_rows_html(rows, *, statuses: dict, types: dict) -> SafeString:
    """`rows` from selectors.archive_page; `statuses` and `types` by primary key."""
    url = escape(reverse("mail:detail", args=[0])[:-2])
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))
    zone = timezone.get_current_timezone()
    incoming = _DIRECTION.format(arrow="bi-arrow-down-left", title=escape(_("Incoming")))
    outgoing = _DIRECTION.format(arrow="bi-arrow-up-right", title=escape(_("Outgoing")))
    scans = '<i class="bi bi-paperclip" title="{}"></i>{{}}'.format(escape(_("Scans")))
    notified = ' <i class="bi bi-send-check text-success" title="{}"></i>'.format(
        escape(_("Client notified"))
    )
    type_labels = {pk: escape(mail_type.label) for pk, mail_type in types.items()}
    # Column names for the phone's cards (.table-cards: data-label).
    labels = {
        "when": escape(_("Received / sent")),
        "client": escape(_("Client")),
        "party": escape(_("Sender / recipient")),
        "type": escape(_("Type")),
        "pieces": escape(_("Pieces")),
        "status": escape(_("Status")),
    }
    badges = {
        pk: _BADGE.format(
            colour=escape(status.badge_colour), text=status.text_colour, label=escape(status.label)
        )
        for pk, status in statuses.items()
    }
    parts = []
    for item in rows:
        out = item["direction"] == "out"
        tracking = item["tracking_number"]
        parts.append(
            _ROW.format(
                number=escape(item["number"]),
                pk=item["id"],
                url=url,
                direction=outgoing if out else incoming,
                when=when(item["received_at"].astimezone(zone)),
                code=escape(item["client__code"]),
                client=escape(item["client__name"]),
                party=escape(item["recipient"] if out else item["sender"]),
                tracking=_TRACKING.format(escape(tracking)) if tracking else "",
                type=type_labels[item["mail_type_id"]],
                pieces=item["pieces"],
                status=badges[item["status_id"]],
                scans=scans.format(item["scan_count"]) if item["scan_count"] else "",
                notified=notified if item["notified_at"] else "",
                l=labels,
            )
        )
    return mark_safe("".join(parts))


_PORTAL_ROW = (
    '<tr data-testid="portal-row" data-number="{number}"><td data-label="{l[number]}">'
    '<a href="{url}"><code>{number}</code></a></td>'
    '<td class="small" data-label="{l[when]}">{when}</td>'
    '<td data-label="{l[party]}">{party}</td>'
    '<td class="small" data-label="{l[type]}">{type}</td>'
    '<td data-label="{l[status]}">{status}</td>'
    '<td data-label="{l[scans]}">{scans}{action}</td></tr>'
)
_PORTAL_FIELDS = ("number", "url", "when", "party", "type", "status", "scans", "action")
_PORTAL_BADGE = (
    '<span class="badge rounded-pill" style="background-color: {colour}; color: {text}" '
    'data-status="{code}">{label}</span>'
)
_PORTAL_SCAN = '<a class="d-block small" href="{}" data-testid="portal-scan">{}</a>'


def portal_rows_html(rows, *, scans: dict, actions: dict, detail_url) -> SafeString:
    """The client panel's Mail tab rows (mail/portal/list.html), as archive_rows_html: `rows`
    from selectors.mail_page, `scans` by item with each scan's `file_url`, `actions` by
    item (safe HTML from the hooks), `detail_url(pk)` an item's page (common.urls
    reverse_pattern: digits in a fixed path, nothing to escape)."""
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))
    zone = timezone.get_current_timezone()
    labels = {
        "number": escape(_("Number")),
        "when": escape(_("Received / sent")),
        "party": escape(_("Sender / recipient")),
        "type": escape(_("Type")),
        "status": escape(_("Status")),
        "scans": escape(_("Scans")),
    }
    # The labels put in once a page, the row's own values by position: a row's format took
    # half as long again with twelve named fields.
    row_html = _PORTAL_ROW.format(
        l={name: label.replace("{", "{{").replace("}", "}}") for name, label in labels.items()},
        **{name: f"{{{index}}}" for index, name in enumerate(_PORTAL_FIELDS)},
    ).format
    badges, types = {}, {}
    parts = []
    for item in rows:
        badge = badges.get(item.status_id)
        if badge is None:
            status = item.status
            badge = badges[item.status_id] = _PORTAL_BADGE.format(
                colour=escape(status.badge_colour),
                text=status.text_colour,
                code=escape(str(status.code or status.pk)),
                label=escape(status.label),
            )
        type_label = types.get(item.mail_type_id)
        if type_label is None:
            type_label = types[item.mail_type_id] = escape(item.mail_type.label)
        item_scans = scans.get(item.pk) if item.scan_count else None
        parts.append(
            row_html(
                escape(item.number),
                detail_url(item.pk),
                when(item.received_at.astimezone(zone)),
                escape(item.correspondent),
                type_label,
                badge,
                "".join(
                    _PORTAL_SCAN.format(escape(scan.file_url), escape(scan.original_name))
                    for scan in item_scans
                )
                if item_scans
                else "",
                actions.get(item.pk, ""),
            )
        )
    return SafeString("".join(parts))
