"""Staff screens: the inbox (search, unread, per client), a conversation with its reply
and internal-note form, a new conversation with one client, an announcement to many."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import staff_view
from common.exceptions import ApplicationError
from common.forms import form_service_errors
from common.storage import office_file_response
from common.uploads import file_served_inline
from modules.billing.selectors import package_list
from modules.clients.selectors import client_list
from modules.messaging import selectors
from modules.messaging.forms import AnnouncementForm, StaffConversationForm, StaffMessageForm
from modules.messaging.services import announcement_send, conversation_read, message_send
from modules.messaging.views.common import (
    announcement_summary,
    conversation_access,
    conversation_rows_html,
    inbox_filters,
    uploads_stage,
)


def _errors(form, exc) -> None:
    if isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
    else:
        form_service_errors(form, exc)


@staff_view
def inbox_view(request: HttpRequest):
    filters, page = inbox_filters(request)
    context = selectors.inbox_page(membership=request.membership, filters=filters, page=page)
    rows_html = conversation_rows_html(context["entries"], staff=True)
    return render(
        request, "messaging/inbox.html", {**context, "filters": filters, "rows_html": rows_html}
    )


@staff_view
def announcement_view(request: HttpRequest, announcement_id: int):
    """An announcement: what was sent, and to whom, who read it and who answered."""
    announcement = selectors.announcement_get(
        membership=request.membership, announcement_id=announcement_id
    )
    if announcement is None:
        raise Http404
    return render(
        request,
        "messaging/announcement.html",
        {
            "announcement": announcement,
            "summary": announcement_summary(announcement),
            "message": selectors.announcement_message(announcement=announcement),
            "recipients": selectors.announcement_recipients(announcement=announcement),
        },
    )


def _detail(request, conversation, form=None, status=200):
    return render(
        request,
        "messaging/detail.html",
        {
            "conversation": conversation,
            "thread": selectors.message_list(conversation=conversation, staff=True),
            "form": form or StaffMessageForm(),
        },
        status=status,
    )


@staff_view
def detail_view(request: HttpRequest, conversation_id: int):
    conversation = conversation_access(request, conversation_id)
    conversation_read(conversation=conversation, by_client=False)
    return _detail(request, conversation)


@require_POST
@staff_view
def reply_view(request: HttpRequest, conversation_id: int):
    conversation = conversation_access(request, conversation_id)
    form = StaffMessageForm(request.POST, request.FILES)
    form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
    staged = uploads_stage(form, request, f"messaging.reply:{conversation.pk}")
    if form.is_valid():  # nothing refused, a file included
        try:
            message_send(
                actor=request.user,
                conversation=conversation,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data["internal"],
                uploads=staged,
            )
        except (ApplicationError, ValidationError) as exc:
            _errors(form, exc)  # the files stay kept on the re-shown form
        else:
            return redirect("messaging:detail", conversation_id=conversation.pk)
    return _detail(request, conversation, form, status=400)


def _clients(request):
    return client_list(membership=request.membership, status="active").only("id", "name")


@staff_view
def create_view(request: HttpRequest):
    clients = _clients(request)
    initial = {"client": request.GET.get("client")} if request.GET.get("client") else None
    form = StaffConversationForm(
        request.POST or None, request.FILES or None, clients=clients, initial=initial
    )
    if request.method == "POST":
        form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
        staged = uploads_stage(form, request, "messaging.new")
        if form.is_valid():  # bound, and nothing refused (a file included)
            data = form.cleaned_data
            try:
                message = message_send(
                    actor=request.user,
                    client=data["client"],
                    subject=data["subject"],
                    body=data["body"],
                    uploads=staged,
                )
            except (ApplicationError, ValidationError) as exc:
                _errors(form, exc)  # the files stay kept on the re-shown form
            else:
                return redirect("messaging:detail", conversation_id=message.conversation_id)
    return render(
        request, "messaging/create.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_view
def announce_view(request: HttpRequest):
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        packages=package_list(active_only=True),
        clients=_clients(request),
        language=request.tenant.language,
    )
    if request.method == "POST":
        form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
        staged = uploads_stage(form, request, "messaging.announce")
        if form.is_valid():  # bound, and nothing refused (a file included)
            data = form.cleaned_data
            try:
                announcement = announcement_send(
                    actor=request.user,
                    subject=data["subject"],
                    body=data["body"],
                    audience=data["audience"],
                    package=data["package"],
                    client_ids=[c.pk for c in data["clients"] or ()],
                    uploads=staged,
                )
            except (ApplicationError, ValidationError) as exc:
                _errors(form, exc)  # the files stay kept on the re-shown form
            else:
                messages.success(
                    request,
                    ngettext(
                        "The announcement was sent to %(count)d client.",
                        "The announcement was sent to %(count)d clients.",
                        announcement.recipients,
                    )
                    % {"count": announcement.recipients},
                )
                return redirect("messaging:inbox")
    return render(
        request, "messaging/announce.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_view
def attachment_view(request: HttpRequest, attachment_id: int):
    row = selectors.attachment_get(membership=request.membership, attachment_id=attachment_id)
    if row is None:
        raise Http404
    return office_file_response(
        row.name,
        filename=row.original_name,
        content_type=row.content_type,
        download=not file_served_inline(row.content_type),
    )
