"""The client panel: the company's conversations (the one chosen in the switcher), a new
conversation, a conversation with its reply form, attachments. No internal note reaches
these pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.exceptions import ApplicationError
from common.storage import office_file_response
from common.uploads import file_served_inline
from modules.clients.models import Client
from modules.messaging import selectors
from modules.messaging.forms import ConversationForm, MessageForm
from modules.messaging.services import conversation_read, message_send
from modules.messaging.views.common import (
    conversation_access,
    conversation_rows_html,
    inbox_filters,
    uploads_stage,
)


def _error(form, exc) -> None:
    form.add_error(None, exc.message if isinstance(exc, ApplicationError) else exc.messages[0])


@client_view
def list_view(request: HttpRequest):
    filters, page = inbox_filters(request)
    filters.client_id = None
    context = selectors.inbox_page(membership=request.membership, filters=filters, page=page)
    rows_html = conversation_rows_html(context["rows"], staff=False)
    return render(
        request,
        "messaging/portal/list.html",
        {**context, "filters": filters, "rows_html": rows_html},
    )


@client_view
def create_view(request: HttpRequest):
    form = ConversationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
        staged = uploads_stage(form, request, f"messaging.new:{request.membership.client_id}")
        if form.is_valid():  # bound, and nothing refused (a file included)
            try:
                message = message_send(
                    actor=request.user,
                    client=Client.objects.get(pk=request.membership.client_id),
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    from_client=True,
                    uploads=staged,
                )
            except (ApplicationError, ValidationError) as exc:
                _error(form, exc)  # the files stay kept on the re-shown form
            else:
                return redirect("messaging:portal_detail", conversation_id=message.conversation_id)
    return render(
        request, "messaging/portal/create.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request, conversation, form=None, status=200):
    return render(
        request,
        "messaging/portal/detail.html",
        {
            "conversation": conversation,
            "thread": selectors.message_list(conversation=conversation, staff=False),
            "form": form or MessageForm(),
        },
        status=status,
    )


@client_view
def detail_view(request: HttpRequest, conversation_id: int):
    conversation = selectors.conversation_get(
        membership=request.membership, conversation_id=conversation_id
    )
    if conversation is None:
        # Another company's conversation (an e-mailed link): ask before switching.
        return switcher_offer(
            request,
            lambda m: (
                selectors.conversation_get(membership=m, conversation_id=conversation_id)
                is not None
            ),
        )
    conversation_read(conversation=conversation, by_client=True)
    return _detail(request, conversation)


@require_POST
@client_view
def reply_view(request: HttpRequest, conversation_id: int):
    conversation = conversation_access(request, conversation_id)
    form = MessageForm(request.POST, request.FILES)
    form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
    staged = uploads_stage(form, request, f"messaging.reply:{conversation.pk}")
    if form.is_valid():  # nothing refused, a file included
        try:
            message_send(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                from_client=True,
                uploads=staged,
            )
        except (ApplicationError, ValidationError) as exc:
            _error(form, exc)  # the files stay kept on the re-shown form
        else:
            return redirect("messaging:portal_detail", conversation_id=conversation.pk)
    return _detail(request, conversation, form, status=400)


@client_view
def attachment_view(request: HttpRequest, attachment_id: int):
    row = selectors.attachment_get(membership=request.membership, attachment_id=attachment_id)
    if row is None:
        return switcher_offer(
            request,
            lambda m: (
                selectors.attachment_get(membership=m, attachment_id=attachment_id) is not None
            ),
            file=True,
        )
    return office_file_response(
        row.name,
        filename=row.original_name,
        content_type=row.content_type,
        download=not file_served_inline(row.content_type),
    )
