"""What the helpdesk tells whom (T13), through notifications.notify. Client events need a
client: internal requests (no client) tell only the office. Internal notes never come here."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.urls import reverse
from django.utils.formats import date_format

from common.formats import quantity_text
from common.money import money
from modules.helpdesk.links import APPROVAL, QUOTE, link_personaliser
from modules.helpdesk.models import Quote, Reply, Request
from modules.notifications.services import alert_subject, alerts_resolve, notify


def _alert(request: Request) -> str:
    """What the staff alerts about a request announce: read when a staff member opens it
    (views.staff.detail_view calls request_alerts_read)."""
    return alert_subject("helpdesk.request", request.pk)


def sla_alert_subject(request_id: int, kind: str) -> str:
    """What an SLA alert announces: one target's clock of a request ("response" or
    "resolution"), read for everyone when that target is met (sla.py)."""
    return alert_subject(f"helpdesk.sla_{kind}", request_id)


SLA_KINDS = ("response", "resolution")


def sla_alerts_resolve(request_id: int, *kinds: str) -> int:
    """The targets `kinds` of the request were met (answered; resolved or closed): the SLA
    alerts about them are read for everyone they were sent to."""
    return sum(alerts_resolve(subject=sla_alert_subject(request_id, kind)) for kind in kinds)


def order_alert_subject(order) -> str:
    """What a work order's alerts announce: read for everyone when it is done or cancelled."""
    return alert_subject("helpdesk.order", order.pk)


def order_alerts_resolve(order) -> int:
    return alerts_resolve(subject=order_alert_subject(order))


def request_alerts_read(*, request: Request, user) -> int:
    """A staff member opened the request: their alerts about it (new request, SLA at risk or
    breached) are read; others' stay, each person follows the request on their own. The SLA
    alerts are still read for everyone once the target is met (sla_alerts_resolve)."""
    subjects = [_alert(request), *(sla_alert_subject(request.pk, k) for k in SLA_KINDS)]
    return alerts_resolve(subjects=subjects, user=user)


def order_alerts_read(*, order, user) -> int:
    """A staff member opened the work order: their alert about it (assigned to them) is
    read; others' stay until the order is done or cancelled (order_alerts_resolve)."""
    return alerts_resolve(subject=order_alert_subject(order), user=user)


def _context(request: Request, *, portal: bool) -> dict:
    name = "helpdesk:portal_detail" if portal else "helpdesk:detail"
    return {
        "client_name": request.client.name if request.client_id else "",
        "request_number": request.number,
        "request_subject": request.subject,
        "request_url": connection.tenant.url + reverse(name, args=[request.pk]),
    }


def request_created_notify(request: Request) -> None:
    """The office's "new request" message. Raised by a recurring task, nobody raised it:
    "Raised by: Recurring task: <its subject>" in each reader's language (before 2026-12-07
    it read "Raised by: " with nothing)."""
    localise = None
    if request.source == Request.Source.SCHEDULE and not request.requester_label:
        subject = request.subject

        def localise(language: str) -> dict:
            from django.utils.translation import gettext

            return {"requested_by": gettext("Recurring task: %(name)s") % {"name": subject}}

    notify(
        event="helpdesk.created",
        client_id=request.client_id,
        context={**_context(request, portal=False), "requested_by": request.requester_label},
        alert_subject=_alert(request),
        localise=localise,
    )
    if request.status == Request.Status.WAITING_APPROVAL and request.client_id:
        notify(
            event="helpdesk.approval_needed",
            client_id=request.client_id,
            context=_context(request, portal=True),
            personalise=link_personaliser(kind=APPROVAL, request_id=request.pk),
        )


def reply_notify(
    request: Request, *, reply: Reply, from_client: bool, status_changed: bool = False
) -> None:
    """A staff member's public reply, e-mailed to the client with the reply's files
    attached; past the office's largest attachment (notifications' `attachment_max_bytes`,
    10 MB by default, the files together) notify lists them with download links instead.
    `status_changed`: the reply also changed the status (`reply_create(then=...)`), which
    this e-mail says too - one e-mail, not a status e-mail beside it."""
    if reply.internal or from_client or request.client_id is None:
        return

    def localise(language: str) -> dict:
        return {"status": str(request.get_status_display()) if status_changed else ""}

    notify(
        event="helpdesk.reply",
        client_id=request.client_id,
        context={**_context(request, portal=True), "reply": reply.body},
        attachments=reply_files(reply),
        localise=localise,
    )


def reply_files(reply: Reply) -> list:
    """The reply's files as notify attaches them (each a stored file of the office)."""
    from modules.helpdesk.models import Attachment as File
    from modules.notifications.services import Attachment

    rows = File.objects.filter(reply=reply).order_by("created_at", "pk")
    return [
        Attachment(path=row.name, filename=row.original_name, content_type=row.content_type)
        for row in rows
    ]


def status_changed_notify(
    request: Request,
    *,
    action: str,
    before: str,
    reply: Reply | None = None,
    decided_by: str = "",
) -> None:
    """The client's e-mail about a status change. `reply`: a staff reply written with it
    (a transition's comment, a reply that changes the status): one e-mail says both - the
    reply's, with the new status, instead of the plain status e-mail (to whoever receives
    replies; the others who receive status changes get the plain one); the resolved and
    approval e-mails (their own buttons and words) quote it (`reply`). `decided_by`: the
    e-mail address of the client person whose own decision this is (approve, reject): they
    are not e-mailed about what they just did; their colleagues are."""
    if request.client_id is None:
        return
    if action == "submit_for_approval":
        event = "helpdesk.approval_needed"
        extra = {}
    elif action == "resolve":
        from modules.helpdesk.services import settings_get

        event = "helpdesk.resolved"
        extra = {"auto_accept_days": settings_get().auto_accept_days}
    elif action in ("start", "decline", "close", "restore", "ask_client", "approve", "reject"):
        event = "helpdesk.status"
        extra = {}
    else:
        return
    told_by_reply = ""
    if reply is not None and event == "helpdesk.status":
        # The reply e-mail says both to whoever receives replies; who receives only status
        # changes still gets the plain status e-mail (without the comment).
        reply_notify(request, reply=reply, from_client=False, status_changed=True)
        told_by_reply = "helpdesk.reply"
    if event != "helpdesk.status":
        extra["reply"] = reply.body if reply is not None else ""
    personalise = localise = None
    if event == "helpdesk.approval_needed":
        personalise = link_personaliser(kind=APPROVAL, request_id=request.pk)
    if event == "helpdesk.status":
        # The status in each recipient's language, not in the language of who changed it.
        def localise(language: str) -> dict:
            return {"status": str(request.get_status_display())}

    notify(
        event=event,
        client_id=request.client_id,
        context={**_context(request, portal=True), **extra},
        personalise=personalise,
        localise=localise,
        exclude_addresses={decided_by} if decided_by else frozenset(),
        except_receiving=told_by_reply,
    )


def quote_sent_notify(request: Request, *, quote: Quote) -> None:
    if request.client_id is None:
        return
    total, currency = quote.gross_total, connection.tenant.currency
    link = link_personaliser(kind=QUOTE, request_id=request.pk, quote_id=quote.pk)

    valid_until = quote.valid_until
    lines = list(quote.lines.all())

    def localise(language: str) -> dict:
        # The total with the office's currency, the date and the items, as the recipient's
        # language writes them (notify calls this under that language).
        return {
            "quote_total": money(total, currency, language=language),
            "quote_valid_until": local_date(valid_until),
            "quote_items": quote_items_text(lines, currency=currency, language=language),
        }

    notify(
        event="helpdesk.quote_sent",
        client_id=request.client_id,
        localise=localise,
        context=_context(request, portal=True),
        personalise=link,
    )


def quote_items_text(lines, *, currency: str, language: str) -> list[str]:
    """A quote's items for its e-mail, one string each: "Kurier: 2 × 50,00 zł" (name,
    quantity, net unit price; the e-mail's heading says the prices are net)."""
    return [
        f"{line.description}: {quantity_text(line.quantity)} × "
        f"{money(line.unit_price, currency, language=language)}"
        for line in lines
    ]


def local_date(value) -> str:
    """A date (or None: "—") as the active language writes it: 06.12.2026 (pl, sk),
    06/12/2026 (en). For localise=: never an ISO date in a person's e-mail."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def local_dates(start, end) -> str:
    """A date range ("06.12.2026 – 09.12.2026"), one date when both are the same or one is
    missing, "—" when none."""
    if start and end and start != end:
        return f"{local_date(start)} – {local_date(end)}"
    return local_date(start or end)


# Staff notifications: the assignee, staff watchers and mentioned colleagues, each on the
# channels they keep on (StaffNotice); the office's channel switches for the event apply.


def _staff_channels(user_ids, *, event: str, exclude=()) -> dict[int, set[str]]:
    from modules.helpdesk.selectors import staff_notice_off, staff_user_ids
    from modules.notifications.hooks import EMAIL, INAPP

    ids = (set(user_ids) & staff_user_ids()) - set(exclude)
    off = staff_notice_off(ids)
    chosen = {
        user_id: {c for c in (EMAIL, INAPP) if f"{event}:{c}" not in off.get(user_id, ())}
        for user_id in ids
    }
    return {user_id: channels for user_id, channels in chosen.items() if channels}


def _followers(request: Request) -> set[int]:
    from modules.helpdesk.models import Watcher

    ids = set(Watcher.objects.filter(request=request).values_list("user_id", flat=True))
    if request.assignee_id:
        ids.add(request.assignee_id)
    return ids


def client_reply_notify(request: Request, *, reply: Reply) -> None:
    """A client's reply: the assignee and staff watchers (their choices); nobody assigned or
    watching: the whole office (its address and every staff member's alert)."""
    from modules.helpdesk.selectors import staff_user_ids

    followers = _followers(request) & staff_user_ids()
    context = {
        **_context(request, portal=False),
        "reply": reply.body,
        "author": reply.author_label,
    }
    if not followers:
        notify(
            event="helpdesk.client_reply",
            client_id=request.client_id,
            context=context,
            alert_subject=_alert(request),
        )
        return
    staff = _staff_channels(followers, event="helpdesk.client_reply")
    if staff:
        notify(
            event="helpdesk.client_reply",
            client_id=request.client_id,
            context=context,
            staff=staff,
            alert_subject=_alert(request),
        )


def client_decision_notify(
    request: Request, *, decision: Callable[[], str], author: str, comment: str = ""
) -> None:
    """A client's decision (approve/reject, a quote accepted/declined, the result accepted
    with its rating, reopened): the assignee and staff watchers on their channels; nobody
    assigned or watching: the whole office. `decision()` is called under each recipient's
    language (the words, a quote's total)."""
    from modules.helpdesk.selectors import staff_user_ids

    event = "helpdesk.client_decision"
    context = {
        **_context(request, portal=False),
        "author": author or "—",
        "comment": comment.strip() or "—",
    }
    followers = _followers(request) & staff_user_ids()
    staff = _staff_channels(followers, event=event) if followers else None
    if staff == {}:
        return  # they all switched it off
    notify(
        event=event,
        client_id=request.client_id,
        context=context,
        localise=lambda language: {"decision": str(decision())},
        staff=staff,
    )


def watched_notify(
    request: Request, *, change: Callable[[], str], exclude=(), reply: str = ""
) -> None:
    """A status change or a staff reply/note: the staff watchers and the assignee, not the
    person who made it (nor those a mention told already). `change()` says what changed; it
    is called under each recipient's language, so each reads it in the language of the rest
    of their message. `reply`: the reply's or note's text, quoted in the e-mail."""
    staff = _staff_channels(_followers(request), event="helpdesk.watched", exclude=exclude)
    if staff:
        notify(
            event="helpdesk.watched",
            client_id=request.client_id,
            context={**_context(request, portal=False), "reply": reply},
            alert_subject=_alert(request),
            localise=lambda language: {"change": str(change())},
            staff=staff,
        )


def mention_notify(request: Request, *, reply: Reply, user_ids: set[int]) -> None:
    staff = _staff_channels(user_ids, event="helpdesk.mention", exclude={reply.author_id})
    if staff:
        notify(
            event="helpdesk.mention",
            client_id=request.client_id,
            alert_subject=_alert(request),
            context={
                **_context(request, portal=False),
                "reply": reply.body,
                "author": reply.author_label,
            },
            staff=staff,
        )


def order_assigned_notify(order, *, user_ids, actor) -> None:
    """Staff put on an open (or in progress) work order, as operators or its dispatcher, are
    told once - not the person who did it - on the channels they keep on."""
    staff = _staff_channels(
        user_ids, event="helpdesk.order_assigned", exclude={actor.pk} if actor else ()
    )
    if not staff:
        return
    start, end = order.planned_start, order.planned_end
    notify(
        event="helpdesk.order_assigned",
        client_id=order.client_id,
        context={
            "client_name": order.client.name if order.client_id else "",
            "order_number": order.number,
            "order_title": order.title,
            "order_url": connection.tenant.url + reverse("helpdesk:order", args=[order.pk]),
            "dispatched_by": actor.get_full_name() if actor else "Vireo",
        },
        staff=staff,
        localise=lambda language: {"planned": local_dates(start, end)},
        alert_subject=order_alert_subject(order),
    )
