"""Quotes (T3) and the client's decisions through the e-mail links (T2, T3). Approval (T2) and
acceptance (T5) are transitions; the quote has its own rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.helpdesk.models import (
    Quote,
    QuoteLine,
    Request,
)
from modules.helpdesk.services.base import S, _history, _label, _lock
from modules.helpdesk.services.billing import _vat_code
from modules.helpdesk.services.transitions import request_transition


@transaction.atomic
def quote_create(
    *,
    request: Request,
    actor,
    valid_until: dt.date,
    lines: list[dict],
    note: str = "",
    internal_cost=0,
) -> Quote:
    if not lines:
        raise ApplicationError(_("A quote needs at least one line."), code="no_lines")
    if valid_until < timezone.localdate():
        raise ApplicationError(_("The validity date is in the past."), code="expired")
    locked = _lock(request)
    if locked.client_id is not None:
        for line in lines:
            _vat_code(Decimal(line.get("vat_rate", Decimal("23"))))
    quote = Quote(
        request=locked,
        valid_until=valid_until,
        note=note.strip(),
        internal_cost=internal_cost,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    quote.full_clean()
    quote.save()
    from modules.helpdesk.selectors import quote_number

    rows = [QuoteLine(quote=quote, **line) for line in lines]
    for row in rows:
        row.full_clean(exclude=["quote"])
    QuoteLine.objects.bulk_create(rows)
    audit_record(
        action="helpdesk.quote_sent",
        actor=actor,
        target=locked,
        # the quote as the pages name it ("#2"), not its row id
        changes={
            "quote": [None, f"#{quote_number(quote=quote)}"],
            "net_total": [None, str(quote.net_total)],
        },
    )
    if locked.status != S.WAITING_QUOTE:
        request_transition(request=locked, action="send_quote", actor=actor)
    from modules.helpdesk.notifying import quote_sent_notify

    quote_sent_notify(locked, quote=quote)
    return quote


def _quote_decision_words(*, number: int, accepted: bool, total, currency: str) -> str:
    from django.utils.translation import get_language

    from common.money import money

    if accepted:
        return _("Quote #%(number)s accepted (%(total)s)") % {
            "number": number,
            "total": money(total, currency, language=get_language()),
        }
    return _("Quote #%(number)s declined") % {"number": number}


@transaction.atomic
def quote_decide(*, quote: Quote, actor, accept: bool, comment: str = "", label: str = "") -> Quote:
    """The client accepts or declines a sent quote (T3). An expired quote cannot be accepted;
    a decided one is not decided again (two clicks, two people: the row lock orders them)."""
    locked = Quote.objects.select_for_update(of=("self",)).get(pk=quote.pk)
    if locked.status != Quote.Status.SENT:
        raise ApplicationError(
            _("This quote is already %(status)s.")
            % {"status": locked.get_status_display().lower()},
            code="quote_decided",
        )
    if accept and locked.valid_until < timezone.localdate():
        raise ApplicationError(
            _("This quote expired on %(date)s. Ask the office for a new one.")
            % {"date": date_format(locked.valid_until, "SHORT_DATE_FORMAT")},
            code="quote_expired",
        )
    locked.status = Quote.Status.ACCEPTED if accept else Quote.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by_label = (label or _label(actor))[:254]
    locked.decision_comment = comment.strip()
    locked.save()
    request = Request.objects.get(pk=locked.request_id)
    _history(
        request,
        actor=actor,
        actor_label=locked.decided_by_label,
        changes={f"quote {locked.pk}": [Quote.Status.SENT, locked.status]},
    )
    audit_record(
        action="helpdesk.quote_accepted" if accept else "helpdesk.quote_declined",
        actor=actor,
        actor_label="" if actor is not None else locked.decided_by_label,
        target=request,
        changes={"quote": [Quote.Status.SENT, locked.status]},
    )
    if request.status == S.WAITING_QUOTE:
        request_transition(
            request=request,
            action="quote_accepted" if accept else "quote_declined",
            actor=actor,
            comment=comment,
            actor_label=locked.decided_by_label,
        )
    if request.client_id is None:
        return locked
    from django.db import connection

    from modules.helpdesk.notifying import client_decision_notify
    from modules.helpdesk.selectors import quote_number

    number, total = quote_number(quote=locked), locked.gross_total
    currency = connection.tenant.currency
    client_decision_notify(
        request,
        decision=lambda: _quote_decision_words(
            number=number, accepted=accept, total=total, currency=currency
        ),
        author=locked.decided_by_label,
        comment=comment,
    )
    return locked


# E-mail links (T2, T3)


def link_resolve(*, token: str, office):
    """The request, quote (or None) and recipient of an e-mail link. LinkError when the link
    is tampered, expired, another office's, or its person no longer receives that company's
    notifications."""
    from modules.helpdesk.links import QUOTE, LinkError, link_read
    from modules.notifications.models import NotificationRecipient

    target = link_read(token, office=office)
    request = Request.objects.select_related("client").filter(pk=target.request_id).first()
    if request is None:
        raise LinkError("invalid")
    recipient = NotificationRecipient.objects.filter(pk=target.recipient_id, is_active=True).first()
    if recipient is None or recipient.client_id != request.client_id:
        raise LinkError("person")
    quote = None
    if target.kind == QUOTE:
        quote = Quote.objects.filter(pk=target.quote_id, request=request).first()
        if quote is None:
            raise LinkError("invalid")
    return target.kind, request, quote, recipient


def _recipient_label(recipient) -> str:
    return f"{recipient.name} <{recipient.address}>" if recipient.name else recipient.address


@transaction.atomic
def link_act(*, token: str, office, decision: str, comment: str = ""):
    """The confirmation page's POST: approve/reject, or accept/decline the quote, once."""
    from modules.helpdesk.links import APPROVAL, LinkError

    kind, request, quote, recipient = link_resolve(token=token, office=office)
    label = _recipient_label(recipient)
    if kind == APPROVAL:
        if decision not in ("approve", "reject"):
            raise LinkError("invalid")
        if request.status != S.WAITING_APPROVAL:
            raise LinkError("used")
        return request_transition(
            request=request,
            action=decision,
            actor=None,
            comment=comment,
            actor_label=label,
            actor_address=recipient.address,
        )
    if decision not in ("accept", "decline"):
        raise LinkError("invalid")
    return quote_decide(
        quote=quote, actor=None, accept=decision == "accept", comment=comment, label=label
    )
