"""What the helpdesk tells whom (T13), through notifications.notify. Client events need a
client: internal requests (no client) tell only the office. Internal notes never come here."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from modules.helpdesk.links import APPROVAL, QUOTE, link_personaliser
from modules.helpdesk.models import Quote, Reply, Request
from modules.notifications.services import notify


def _context(request: Request, *, portal: bool) -> dict:
    name = "helpdesk:portal_detail" if portal else "helpdesk:detail"
    return {
        "client_name": request.client.name if request.client_id else "",
        "request_number": request.number,
        "request_subject": request.subject,
        "request_url": connection.tenant.url + reverse(name, args=[request.pk]),
    }


def request_created_notify(request: Request) -> None:
    notify(
        event="helpdesk.created",
        client_id=request.client_id,
        context={**_context(request, portal=False), "requested_by": request.requester_label},
    )
    if request.status == Request.Status.WAITING_APPROVAL and request.client_id:
        notify(
            event="helpdesk.approval_needed",
            client_id=request.client_id,
            context=_context(request, portal=True),
            personalise=link_personaliser(kind=APPROVAL, request_id=request.pk),
        )


def reply_notify(request: Request, *, reply: Reply, from_client: bool) -> None:
    if reply.internal or from_client or request.client_id is None:
        return
    notify(
        event="helpdesk.reply",
        client_id=request.client_id,
        context={**_context(request, portal=True), "reply": reply.body},
    )


def status_changed_notify(request: Request, *, action: str, before: str) -> None:
    if request.client_id is None:
        return
    if action == "submit_for_approval":
        event = "helpdesk.approval_needed"
        extra = {}
    elif action == "resolve":
        from modules.helpdesk.services import settings_get

        event = "helpdesk.resolved"
        extra = {"auto_accept_days": settings_get().auto_accept_days}
    elif action in ("start", "decline", "close", "ask_client", "approve", "reject"):
        event = "helpdesk.status"
        extra = {"status": str(request.get_status_display())}
    else:
        return
    personalise = None
    if event == "helpdesk.approval_needed":
        personalise = link_personaliser(kind=APPROVAL, request_id=request.pk)
    notify(
        event=event,
        client_id=request.client_id,
        context={**_context(request, portal=True), **extra},
        personalise=personalise,
    )


def quote_sent_notify(request: Request, *, quote: Quote) -> None:
    if request.client_id is None:
        return
    notify(
        event="helpdesk.quote_sent",
        client_id=request.client_id,
        context={
            **_context(request, portal=True),
            "quote_total": str(quote.gross_total),
            "quote_valid_until": quote.valid_until.isoformat(),
        },
        personalise=link_personaliser(kind=QUOTE, request_id=request.pk, quote_id=quote.pk),
    )
