"""The Scan requests list's rows rendered in Python, as modules/mail/rows.py does for the
archive: the template engine spent most of the request on 50 rows (about 25 variables and
a `{% csrf_token %}` each); plain formatting with the same escaping takes a fraction of it.
What repeats from row to row (translated titles, badges, the CSRF field) is built once."""

from __future__ import annotations

from html import escape

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from common.formats import datetime_formatter

_ROW = (
    '<tr data-testid="request-row" data-number="{number}" data-status="{status}"{overdue}>'
    '<td class="small">{created}</td>'
    '<td class="text-break" data-label="{l[client]}"><a href="{client_url}">{client}</a></td>'
    '<td class="text-break" data-label="{l[item]}"><a href="{item_url}"><code>{number}</code>'
    '</a> {party}<div class="small text-body-secondary">{type}, {received}</div></td>'
    '<td class="small" data-label="{l[by]}">{by}<div class="text-body-secondary">{source}'
    "</div></td>"
    "<td>{badge}</td>"
    '<td class="small" data-testid="waited" data-label="{l[waited]}">{waited}</td>'
    '<td class="text-end text-nowrap">{actions}</td></tr>'
)
_BADGES = {"new": "text-bg-primary", "completed": "text-bg-success"}
_OPEN_ACTIONS = (
    '<a class="btn btn-sm btn-success" href="{complete_url}" title="{add}" aria-label="{add}" '
    'data-testid="complete"><i class="bi bi-plus-lg"></i></a> '
    '<form method="post" action="{cancel_url}" class="d-inline" data-confirm="{question}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
    '<input type="text" name="reason" maxlength="300" class="form-control form-control-sm '
    'd-inline-block align-middle me-1" style="width: 9rem" placeholder="{reason}" '
    'aria-label="{reason}" data-testid="cancel-reason">'
    '<button class="btn btn-sm btn-outline-danger" type="submit" title="{cancel}" '
    'aria-label="{cancel}" data-testid="cancel"><i class="bi bi-dash-lg"></i></button></form>'
)


def request_rows_html(rows, *, request) -> SafeString:
    """`rows` from selectors.scan_request_page with the view's per-row strings
    (status_label, source_label, waited_label and the four URLs)."""
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))
    day = datetime_formatter(get_format("SHORT_DATE_FORMAT"))
    zone = timezone.get_current_timezone()
    labels = {
        "client": escape(_("Client")),
        "item": escape(_("Mail item (sender)")),
        "by": escape(_("Requested by")),
        "waited": escape(_("Waiting time")),
    }
    words = {
        "add": escape(_("Add the scan")),
        "cancel": escape(_("Cancel the request")),
        "question": escape(
            _("Cancel this request? The client is e-mailed (with the reason) and may ask again.")
        ),
        "reason": escape(_("Reason for the client (optional)")),
        "csrf": escape(get_token(request)),
    }
    past_target = escape(_("Past the target time"))
    parts = []
    for row in rows:
        item = row.item
        status_label = escape(row.status_label)
        if row.status in _BADGES:
            badge = f'<span class="badge {_BADGES[row.status]}">{status_label}</span>'
        else:
            badge = (
                f'<span class="badge text-bg-secondary" title="{escape(row.cancel_reason)}">'
                f"{status_label}</span>"
            )
        waited = escape(row.waited_label)
        if row.overdue:
            waited = (
                f'<i class="bi bi-alarm text-danger" title="{past_target}"></i> '
                f'<strong class="text-danger">{waited}</strong>'
            )
        if row.status == "new":
            actions = _OPEN_ACTIONS.format(
                complete_url=escape(row.complete_url), cancel_url=escape(row.cancel_url), **words
            )
        elif row.closed_at:
            closed = when(row.closed_at.astimezone(zone))
            actions = f'<span class="small text-body-secondary">{closed}</span>'
        else:
            actions = ""
        parts.append(
            _ROW.format(
                number=escape(item.number),
                status=escape(row.status),
                overdue=' class="table-danger" data-overdue="1"' if row.overdue else "",
                created=when(row.created_at.astimezone(zone)),
                client_url=escape(row.client_url),
                client=escape(item.client.name),
                item_url=escape(row.item_url),
                party=escape(item.correspondent),
                type=escape(item.mail_type.label),
                received=day(item.received_at.astimezone(zone)),
                by=escape(row.requested_by or "—"),
                source=escape(row.source_label),
                badge=badge,
                waited=waited,
                actions=actions,
                l=labels,
            )
        )
    return mark_safe("".join(parts))
