"""What the staff and client views share: the one access check per view, uploads."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.formats import datetime_formatter
from common.uploads import form_uploads_keep
from modules.messaging import selectors
from modules.messaging.forms import SearchForm
from modules.messaging.models import Announcement, Conversation
from modules.messaging.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES


def conversation_access(request, conversation_id: int) -> Conversation:
    """The conversation as the person may see it; 404 for another company's or office's."""
    row = selectors.conversation_get(membership=request.membership, conversation_id=conversation_id)
    if row is None:
        raise Http404
    return row


def uploads_stage(form, http_request, purpose: str, field: str = "attachments") -> list:
    """The form's files as messages take them, the good ones kept across a re-show
    (common.uploads.form_uploads_keep: bound to this person and `purpose`, the form): a
    refused file is named on the field, the others wait ticked under it. Call on every POST
    after form.is_valid(); save only when form.is_valid() still holds (nothing refused)."""
    return form_uploads_keep(
        form,
        field,
        kinds=ATTACHMENT_KINDS,
        max_bytes=ATTACHMENT_MAX_BYTES,
        person=http_request.user,
        purpose=purpose,
    )


def inbox_filters(request) -> tuple[selectors.InboxFilters, int]:
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.InboxFilters(
        q=data.get("q") or "", unread=bool(data.get("unread")), client_id=data.get("client")
    )
    return filters, data.get("page") or 1


# The rows of the inbox, the panel's list and the client card's tab, built here rather than
# in a template loop: rendering 50 rows through template tags took 40 of the inbox's 60 ms
# (profile of the benchmark's page; its SQL needs 3 ms), this takes about 2.
ROW = (
    '<a class="list-group-item list-group-item-action{}" href="{}"'
    ' data-testid="conversation-row" data-id="{}">'
    # On a phone the time goes under the subject, which had room for "Biuro nieczynne 1…"
    # beside it.
    '<div class="d-flex flex-column flex-sm-row justify-content-between column-gap-2">'
    '<span class="text-truncate">{}{}</span>'
    '<span class="small text-body-secondary text-nowrap">{}</span></div>'
    '<div class="d-flex justify-content-between gap-2 small">'
    '<span class="text-body-secondary text-truncate fw-normal">{}{}</span>{}</div></a>'
)
WHO = '<span class="text-body-secondary">{}</span> · '
REPLIED = '<i class="bi bi-reply"></i> '
BADGE = '<span class="badge text-bg-primary" data-testid="unread">{}</span>'


# An announcement in the staff inbox (selectors.inbox_page): one row for all its copies
# nobody answered, to its page with who read and who answered.
ANNOUNCEMENT_ROW = (
    '<a class="list-group-item list-group-item-action" href="{}"'
    ' data-testid="announcement-row" data-id="{}">'
    '<div class="d-flex flex-column flex-sm-row justify-content-between column-gap-2">'
    '<span class="text-truncate"><span class="text-body-secondary">'
    '<i class="bi bi-megaphone" aria-hidden="true"></i> {}</span> · {}</span>'
    '<span class="small text-body-secondary text-nowrap">{}</span></div>'
    '<div class="small text-body-secondary">{}</div></a>'
)


def conversation_rows_html(rows, *, staff: bool) -> SafeString:
    """The rows as list-group links: the other side's unread messages bold with a badge, an
    arrow where the other side wrote last; staff see the client's name before the subject.
    An Announcement among `rows` (the staff inbox's entries) is one row of its own."""
    url = reverse("messaging:detail" if staff else "messaging:portal_detail", args=[0])[:-2]
    when = datetime_formatter(get_format("SHORT_DATETIME_FORMAT"))  # parsed once, not per row
    html = []
    for row in rows:
        if isinstance(row, Announcement):
            html.append(_announcement_row(row, when))
            continue
        unread = row.staff_unread if staff else row.client_unread
        html.append(
            format_html(
                ROW,
                " fw-semibold" if unread else "",
                f"{url}{row.pk}/",
                row.pk,
                format_html(WHO, row.client.name) if staff else "",
                row.subject,
                when(localtime(row.last_message_at)),
                SafeString(REPLIED) if row.last_from_client == staff else "",
                row.last_excerpt,
                format_html(BADGE, unread) if unread else "",
            )
        )
    return SafeString("\n".join(html))


def announcement_summary(announcement: Announcement) -> str:
    """ "Sent to 42 clients · read: 12 · answered: 2" (selectors.announcement_figures)."""
    return " · ".join(
        (
            ngettext(
                "Sent to %(count)d client", "Sent to %(count)d clients", announcement.recipients
            )
            % {"count": announcement.recipients},
            _("read: %(count)d") % {"count": announcement.read},
            _("answered: %(count)d") % {"count": announcement.answered},
        )
    )


def _announcement_row(announcement: Announcement, when) -> str:
    return format_html(
        ANNOUNCEMENT_ROW,
        reverse("messaging:announcement", args=[announcement.pk]),
        announcement.pk,
        _("Announcement"),
        announcement.subject,
        when(localtime(announcement.created_at)),
        announcement_summary(announcement),
    )
