"""The helpdesk's hot loops rendered in Python, as the mail archive's rows (modules/mail/
rows.py): the queue's 50 rows, a request's discussion and its timeline. The template engine
spent most of these pages on them; plain formatting with the same escaping (Django's
`escape` is `html.escape`) takes a fraction of that. What repeats (status labels, badge
colours, translated words) is prepared once per page."""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from common.audit import audit_change_words, audit_field_label
from common.formats import datetime_formatter
from modules.helpdesk.models import Quote, Request

# The badge's colour per status (partials/status_badge.html says the same for one request).
BADGES = {
    "new": "text-bg-primary",
    "reopened": "text-bg-primary",
    "waiting_approval": "text-bg-warning",
    "waiting_quote": "text-bg-warning",
    "waiting_client": "text-bg-warning",
    "resolved": "text-bg-info",
    "accepted": "text-bg-success",
    "closed": "text-bg-success",
    "rejected": "text-bg-secondary",
}

_ROW = (
    '<tr data-testid="queue-row" data-number="{number}"{overdue}>{check}'
    '<td><a href="{url}{pk}/"><code>{number}</code></a></td>'
    '<td class="text-break fw-semibold">{subject}</td>'
    '<td class="small text-break" data-label="{l[client]}">{client}</td>'
    '<td class="small" data-label="{l[category]}">{category}</td>'
    '<td class="small" data-label="{l[priority]}">{priority}</td>'
    '<td class="small" data-label="{l[assignee]}">{assignee}</td>'
    '<td class="small" data-label="{l[due]}">{due}</td><td>{status}</td></tr>'
)
_CHECK = (
    '<td><input class="form-check-input" type="checkbox" name="ids" value="{pk}" '
    'form="bulk-form" aria-label="{number}"></td>'
)
_SLA = ' <span class="badge {css}" data-testid="sla" data-sla="{state}">{label}</span>'
_BADGE = '<span class="badge {css}" data-testid="status" data-status="{status}">{label}</span>'


def queue_rows_html(rows, *, categories, names: dict, bulk: bool) -> SafeString:
    """`rows` from selectors.request_queue (with `overdue`); `categories` every category
    (their names, parents included); `names` the assignees' names by user id."""
    url = escape(reverse("helpdesk:detail", args=[0])[:-2])
    date = datetime_formatter(get_format("SHORT_DATE_FORMAT"))
    badges = {
        value: _BADGE.format(
            css=BADGES.get(value, "text-bg-light border"), status=value, label=escape(str(label))
        )
        for value, label in Request.Status.choices
    }
    priorities = {value: escape(str(label)) for value, label in Request.Priority.choices}
    category_names = {c.pk: escape(str(c)) for c in categories}
    internal = '<span class="text-body-secondary">{}</span>'.format(escape(_("internal")))
    # Column names for the phone's cards (.table-cards: data-label), escaped once a page.
    labels = {
        "client": escape(_("Client")),
        "category": escape(_("Category")),
        "priority": escape(_("Priority")),
        "assignee": escape(_("Assignee")),
        "due": escape(_("Due date")),
    }
    sla = {
        state: _SLA.format(css=css, state=state, label=escape(label))
        for state, css, label in (
            ("at_risk", "text-bg-warning", _("SLA at risk")),
            ("breached", "text-bg-danger", _("SLA breached")),
        )
    }
    parts = []
    for row in rows:
        number = escape(row.number)
        category = category_names.get(row.category_id, "—")
        if row.team_id:
            category += " · " + escape(row.team.name)
        parts.append(
            _ROW.format(
                number=number,
                pk=row.pk,
                url=url,
                overdue=' class="table-danger" data-overdue="1"' if row.overdue else "",
                check=_CHECK.format(pk=row.pk, number=number) if bulk else "",
                subject=escape(row.subject),
                client=escape(row.client.name) if row.client_id else internal,
                category=category,
                priority=priorities.get(row.priority, escape(row.priority)),
                assignee=escape(names.get(row.assignee_id, "")) or "—",
                due=date(row.due_on) if row.due_on else "—",
                status=badges.get(row.status, escape(row.status))
                + sla.get(getattr(row, "sla_state", ""), ""),
                l=labels,
            )
        )
    return mark_safe("".join(parts))


_REPLY = (
    '<div class="card mb-2{css}" data-testid="{testid}"><div class="card-body py-2">'
    '<div class="small text-body-secondary d-flex justify-content-between"><span><strong>'
    "{author}</strong>{note}</span><span>{when}</span></div>"
    '<div style="white-space: pre-wrap">{body}</div>{files}</div></div>'
)
_FILE = (
    '<a class="d-block small" href="{url}{pk}/" data-testid="attachment">'
    '<i class="bi bi-paperclip"></i> {name}</a>'
)


def discussion_html(replies, *, file_url: str) -> SafeString:
    """The discussion (replies with their `files`, selectors.discussion_for); `file_url` the
    URL name of the attachment download (staff or panel)."""
    if not replies:
        empty = '<div data-testid="discussion"><p class="text-body-secondary small">{}</p></div>'
        return mark_safe(empty.format(escape(_("No replies yet."))))
    files_url = escape(reverse(file_url, args=[0])[:-2])
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))
    zone = timezone.get_current_timezone()
    note = ' · <i class="bi bi-lock"></i> {}'.format(escape(_("Internal note")))
    parts = ['<div data-testid="discussion">']
    for reply in replies:
        files = "".join(
            _FILE.format(url=files_url, pk=f.pk, name=escape(f.original_name)) for f in reply.files
        )
        parts.append(
            _REPLY.format(
                css=" border-warning bg-warning-subtle" if reply.internal else "",
                testid="internal-note" if reply.internal else "reply",
                author=escape(reply.author_label) or "—",
                note=note if reply.internal else "",
                when=when(reply.created_at.astimezone(zone)),
                body=escape(reply.body),
                files=files,
            )
        )
    parts.append("</div>")
    return mark_safe("".join(parts))


_CHANGE = (
    '<li class="list-group-item" data-field="{field}"><span class="text-body-secondary">'
    "{when}</span> <strong>{actor}</strong>: {label}: {change}</li>"
)


def _change_words(change, names: dict[int, str], quotes: dict[int, int]) -> tuple[str, str]:
    """A change in words: the field's name and "old → new" (choices by their label, dates
    in the reader's format: common.audit). The rows a service writes under a name of its own
    ("quote 12", "quote 12 billed", "billable work") read as what they are; a quote by its
    number on the request, as the page shows it ("Quote #1", `quotes`: {id: number})."""
    field, old, new = change.field, change.old, change.new
    if field.startswith("quote "):
        quote_id = field.split()[1]
        number = quotes.get(int(quote_id)) if quote_id.isdigit() else None
        quote = _("Quote #%(number)s") % {"number": number or quote_id}
        if field.endswith(" billed"):
            return quote, pgettext("quote", "billed")
        return quote, audit_change_words(Quote, "status", [old, new])
    if field == "assignee_id":
        return audit_field_label(Request, field), audit_change_words(
            Request, "assignee", [names.get(old, old), names.get(new, new)]
        )
    if field == "time logged":  # an entry added, changed or deleted (worklog.py)
        if old is None:
            return _("Time logged"), _logged_words(new)
        if new is None:
            return _("Time logged"), _("deleted: %(time)s") % {"time": _logged_words(old)}
        return _("Time logged"), f"{_logged_words(old)} → {_logged_words(new)}"
    if field == "billable work":
        return _("Billable work"), audit_change_words(Request, field, [old, _work_words(new)])
    if field == "fields":
        return _("Custom fields"), audit_change_words(
            Request, field, [_fields_words(old), _fields_words(new)]
        )
    return audit_field_label(Request, field), audit_change_words(Request, field, [old, new])


def _work_words(value):
    """Billable work as the request page writes it: "Courier: 1,5 × 40,00 zł" (the reader's
    numbers, the office's currency); rows written before 2026-12-07 are text, shown as
    stored."""
    if not isinstance(value, dict):
        return value
    from django.db import connection

    from common.formats import quantity_text
    from common.money import money

    amount = money(value.get("unit_price"), getattr(connection.tenant, "currency", "EUR"))
    return f"{value.get('description', '')}: {quantity_text(value.get('quantity'))} × {amount}"


def _logged_words(value):
    """Logged time as the work log writes it: "1,50 h, billable" / "0,50 h, not billable"
    (hours with two decimals, the work log's one unit)."""
    if not isinstance(value, dict) or value.get("minutes") is None:
        return value
    from decimal import ROUND_HALF_UP, Decimal

    from django.utils.formats import number_format

    hours = (Decimal(value["minutes"]) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    words = _("billable") if value.get("billable") else _("not billable")
    return f"{number_format(hours, 2, use_l10n=True)} h, {words}"


def _fields_words(values) -> str:
    if not isinstance(values, dict):
        return "" if values is None else str(values)
    return ", ".join(str(value) for value in values.values() if value not in (None, ""))


def timeline_html(
    changes, *, names: dict[int, str] | None = None, quotes: dict[int, int] | None = None
) -> SafeString:
    """The request's history (T10) in words; `names` are the people the history names by
    id (the assignee a request was raised with), `quotes` the quotes' numbers on the
    request by id (selectors.quote_numbers)."""
    if not changes:
        return mark_safe(
            '<li class="list-group-item text-body-secondary">{}</li>'.format(
                escape(_("Nothing recorded yet."))
            )
        )
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))
    zone = timezone.get_current_timezone()
    created, rest = _creation(changes)
    lines = []
    if created:
        first = created[0]
        values = []
        for change in created:
            label, words = _change_words(change, names or {}, quotes or {})
            values.append(f"{label}: {words.removeprefix('— → ')}")
        lines.append(
            _CHANGE.format(
                field="created",
                when=when(first.created_at.astimezone(zone)),
                actor=escape(first.actor_label) or "—",
                label=escape(_("Request created")),
                change=escape("; ".join(values)),
            )
        )
    lines += [
        _CHANGE.format(
            field=escape(change.field),
            when=when(change.created_at.astimezone(zone)),
            actor=escape(change.actor_label) or "—",
            label=escape(label),
            change=escape(words),
        )
        for change in rest
        for label, words in (_change_words(change, names or {}, quotes or {}),)
    ]
    return mark_safe("".join(lines))


# What services.request_create records of a new request (one bulk insert).
CREATED_FIELDS = {
    "number", "subject", "status", "priority", "category", "team", "client", "due_date",
    "assignee_id", "fields", "mail_item",
}  # fmt: skip


def _creation(changes) -> tuple[list, list]:
    """The rows request_create wrote (its number first, every row from nothing, by the same
    person in the same second) and the rest: the creation reads as ONE line, "Request
    created: Number: HD-2026-00001; Subject: ..." - before 2026-12-07 five "— → value"."""
    changes = list(changes)
    if not changes or changes[0].field != "number" or changes[0].old is not None:
        return [], changes
    first = changes[0]
    count, seen = 1, {"number"}
    for change in changes[1:]:
        if (
            change.old is not None
            or change.field not in CREATED_FIELDS
            or change.field in seen
            or change.actor_id != first.actor_id
            or abs((change.created_at - first.created_at).total_seconds()) > 1
        ):
            break
        seen.add(change.field)
        count += 1
    return changes[:count], changes[count:]
