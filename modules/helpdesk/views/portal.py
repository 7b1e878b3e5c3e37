"""The client panel: my (or, for a manager, the company's) requests, a new request, the
request page (public replies only, approve/reject, quotes, accept with a rating, reopen)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import client_view
from accounts.switcher import switcher_offer
from common.exceptions import ApplicationError
from common.storage import office_file_response
from common.uploads import file_served_inline
from modules.clients.models import Client
from modules.helpdesk import selectors
from modules.helpdesk.forms import (
    RATING_CHOICES,
    PortalReplyForm,
    PortalRequestForm,
    QuoteDecisionForm,
    TransitionForm,
)
from modules.helpdesk.models import Access, Category, Request
from modules.helpdesk.policies import access_level
from modules.helpdesk.rows import discussion_html
from modules.helpdesk.services import (
    quote_decide,
    reply_create,
    request_create,
    request_transition,
    transition_names,
)
from modules.helpdesk.views.common import (
    action_check,
    request_access,
    service_errors,
    stage_uploads,
)
from modules.helpdesk.work_selectors import worklog_for_client


@client_view
def list_view(request: HttpRequest):
    level = access_level(request.membership)
    rows = list(
        selectors.request_list(membership=request.membership, level=level)
        .select_related("category")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(
        request,
        "helpdesk/portal/list.html",
        {"rows": rows, "manager": level == Access.Level.MANAGER},
    )


@client_view
def create_view(request: HttpRequest):
    categories = selectors.category_list()
    form = PortalRequestForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        custom_fields=selectors.custom_fields(),
    )
    if request.method == "POST":
        form.is_valid()  # then the good files stay whatever else is wrong (kept, re-shown)
        staged = stage_uploads(form, request, f"helpdesk.request:{request.membership.client_id}")
        if form.is_valid():  # bound, and nothing refused (a file included)
            data = form.cleaned_data
            try:
                created = request_create(
                    actor=request.user,
                    subject=data["subject"],
                    description=data["description"],
                    client=Client.objects.get(pk=request.membership.client_id),
                    source=Request.Source.PORTAL,
                    category=Category.objects.filter(pk=data["category"], is_active=True).first()
                    if data.get("category")
                    else None,
                    priority=data["priority"],
                    attachments=staged,
                    fields=form.custom_values(data.get("category")),
                )
            except (ApplicationError, ValidationError) as exc:
                service_errors(form, exc)  # the files stay kept on the re-shown form
            else:
                messages.success(
                    request,
                    _("Thank you. Your request %(number)s has been sent to the office.")
                    % {"number": created.number},
                )
                return redirect("helpdesk:portal_detail", request_id=created.pk)
    return render(
        request, "helpdesk/portal/create.html", {"form": form}, status=400 if form.errors else 200
    )


def _context(access, **forms) -> dict:
    row = access.request
    names = transition_names()
    replies, attachments = selectors.discussion_for(request=row, staff=False)
    return {
        "req": row,
        "access": access,
        "actions": {a: names[a] for a in access.actions},
        "discussion": discussion_html(replies, file_url="helpdesk:portal_attachment"),
        "attachments": attachments,
        "quotes": selectors.quotes_for(request=row),
        "custom_values": selectors.custom_values(request=row),
        "work": worklog_for_client(request_id=row.pk),
        "paid_work": selectors.paid_work_for_client(request=row),
        "reply_form": forms.get("reply_form") or PortalReplyForm(),
        "transition_form": TransitionForm(),
        "acceptance": forms.get("acceptance") or {},
        "rating_choices": RATING_CHOICES,
    }


@client_view
def detail_view(request: HttpRequest, request_id: int):
    try:
        access = request_access(request, request_id)
    except Http404:
        return switcher_offer(
            request,
            lambda m: (
                selectors.request_get(membership=m, request_id=request_id, level=access_level(m))
                is not None
            ),
        )
    return render(request, "helpdesk/portal/detail.html", _context(access))


@require_POST
@client_view
def transition_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    action_check(request, access, action)
    try:
        request_transition(
            request=access.request,
            action=action,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            rating=form.cleaned_data["rating"] if action == "accept" else None,
        )
    except (ApplicationError, ValidationError) as exc:
        message = getattr(exc, "message", None) or "; ".join(exc.messages)
        if getattr(exc, "code", None) == "rating_required":  # at the field, the comment kept
            acceptance = {"error": message, "comment": form.cleaned_data["comment"]}
            return render(
                request,
                "helpdesk/portal/detail.html",
                _context(access, acceptance=acceptance),
                status=400,
            )
        messages.error(request, message)
    else:
        messages.success(request, _("Thank you, saved."))
        if (
            action in ("approve", "reject")
            and not selectors.request_list(membership=request.membership, level=access.level)
            .filter(pk=request_id)
            .exists()
        ):
            # An approver by e-mail sees a colleague's request only while it waits for them.
            return redirect("helpdesk:portal_list")
    return redirect("helpdesk:portal_detail", request_id=request_id)


@require_POST
@client_view
def reply_view(request: HttpRequest, request_id: int):
    access = request_access(request, request_id)
    form = PortalReplyForm(request.POST, request.FILES)
    form.is_valid()
    staged = stage_uploads(form, request, f"helpdesk.reply:{request_id}")
    if not form.errors:
        try:
            reply_create(
                request=access.request,
                actor=request.user,
                body=form.cleaned_data["body"],
                from_client=True,
                attachments=staged,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)  # the files stay kept on the re-shown form
        else:
            return redirect("helpdesk:portal_detail", request_id=request_id)
    return render(
        request, "helpdesk/portal/detail.html", _context(access, reply_form=form), status=400
    )


@require_POST
@client_view
def quote_view(request: HttpRequest, quote_id: int):
    quote = selectors.quote_get(membership=request.membership, quote_id=quote_id)
    if quote is None:
        raise Http404
    access = request_access(request, quote.request_id)
    action_check(request, access, "accept")  # the requester's side decides quotes
    form = QuoteDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        quote_decide(
            quote=quote,
            actor=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you, saved."))
    return redirect("helpdesk:portal_detail", request_id=quote.request_id)


@client_view
def attachment_view(request: HttpRequest, attachment_id: int):
    row = selectors.attachment_get(
        membership=request.membership, attachment_id=attachment_id, staff=False
    )
    if row is None:
        return switcher_offer(
            request,
            lambda m: (
                selectors.attachment_get(membership=m, attachment_id=attachment_id, staff=False)
                is not None
            ),
            file=True,
        )
    return office_file_response(
        row.name,
        filename=row.original_name,
        content_type=row.content_type,
        download=not file_served_inline(row.content_type),
    )
