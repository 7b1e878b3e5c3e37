"""What the staff and client views share: the one access check per view, uploads."""

from __future__ import annotations

from django.http import Http404

from common.exceptions import ApplicationError
from common.uploads import upload_discard, upload_stage
from modules.messaging import selectors
from modules.messaging.forms import SearchForm
from modules.messaging.models import Conversation
from modules.messaging.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES


def conversation_access(request, conversation_id: int) -> Conversation:
    """The conversation as the person may see it; 404 for another company's or office's."""
    row = selectors.conversation_get(membership=request.membership, conversation_id=conversation_id)
    if row is None:
        raise Http404
    return row


def uploads_stage(form, field: str = "attachments") -> list:
    """Check (type by content, size) and stage the form's files; the errors go onto the
    form and nothing is kept."""
    staged, errors = [], []
    for upload in form.cleaned_data.get(field) or []:
        try:
            staged.append(
                upload_stage(upload=upload, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
            )
        except ApplicationError as exc:
            errors.append(f"{upload.name}: {exc.message}")
    if errors:
        upload_discard(*staged)
        for error in errors:
            form.add_error(field, error)
        return []
    return staged


def inbox_filters(request) -> tuple[selectors.InboxFilters, int]:
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.InboxFilters(
        q=data.get("q") or "", unread=bool(data.get("unread")), client_id=data.get("client")
    )
    return filters, data.get("page") or 1
