"""Reads of the messages module. Who sees what is decided here: staff every conversation
of the office with its internal notes; a client user the conversations of the company they
act for (the switcher's choice, `membership.client_id`), never an internal note - not in
the thread, the search, the excerpt or an attachment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from modules.messaging.models import Attachment, Conversation, Message

PAGE_SIZE = 50
SEARCH_MIN = 2


def _is_staff(membership) -> bool:
    return membership is not None and membership.is_staff_role


def conversation_list(*, membership) -> QuerySet[Conversation]:
    if membership is None:
        return Conversation.objects.none()
    if _is_staff(membership):
        return Conversation.objects.all()
    if not membership.client_id:
        return Conversation.objects.none()
    return Conversation.objects.filter(client_id=membership.client_id)


def conversation_get(*, membership, conversation_id: int) -> Conversation | None:
    return (
        conversation_list(membership=membership)
        .select_related("client")
        .filter(pk=conversation_id)
        .first()
    )


@dataclass
class InboxFilters:
    q: str = ""
    unread: bool = False
    client_id: int | None = None


def conversation_search(*, membership, filters: InboxFilters) -> QuerySet[Conversation]:
    """The inbox/list rows, newest first. `q` matches the subject or any message body
    (trigram indexes on UPPER(subject) and UPPER(body), used by icontains); a client's
    search never looks into internal notes."""
    qs = conversation_list(membership=membership)
    staff = _is_staff(membership)
    if filters.client_id and staff:
        qs = qs.filter(client_id=filters.client_id)
    if filters.unread:
        qs = qs.filter(staff_unread__gt=0) if staff else qs.filter(client_unread__gt=0)
    q = " ".join(filters.q.split())
    if len(q) >= SEARCH_MIN:
        bodies = Message.objects.filter(body__icontains=q)
        if not staff:
            bodies = bodies.filter(internal=False, conversation__client_id=membership.client_id)
        qs = qs.filter(Q(subject__icontains=q) | Q(pk__in=bodies.values("conversation_id")))
    return qs.order_by("-last_message_at", "-pk")


def inbox_page(*, membership, filters: InboxFilters, page: int = 1) -> dict:
    """A page of the inbox without a COUNT: one row more than the page tells whether a next
    page exists (the inbox is read all day; counting 100,000 rows each time is not free)."""
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    rows = list(
        conversation_search(membership=membership, filters=filters)
        .select_related("client")
        .only(
            "id",
            "subject",
            "client__id",
            "client__name",
            "last_message_at",
            "last_excerpt",
            "last_from_client",
            "staff_unread",
            "client_unread",
            "announcement_id",
        )[start : start + PAGE_SIZE + 1]
    )
    return {
        "rows": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": page > 1,
    }


def message_list(*, conversation: Conversation, staff: bool) -> QuerySet[Message]:
    qs = conversation.messages.prefetch_related("attachments")
    return qs if staff else qs.filter(internal=False)


def attachment_get(*, membership, attachment_id: int) -> Attachment | None:
    qs = Attachment.objects.filter(
        pk=attachment_id,
        conversation__in=conversation_list(membership=membership),
    )
    if not _is_staff(membership):
        qs = qs.filter(message__internal=False)
    return qs.first()


def unread_office_count() -> int:
    """Conversations with a client message the office has not opened (the menu's badge)."""
    return Conversation.objects.filter(staff_unread__gt=0).count()


def unread_client_count(*, client_id: int) -> int:
    """Messages of the office this client company has not opened (the panel's badge)."""
    total = Conversation.objects.filter(client_id=client_id, client_unread__gt=0).aggregate(
        n=Sum("client_unread")
    )["n"]
    return total or 0


def client_conversations(*, client_id: int, limit: int = 50) -> dict:
    """The client card's tab: the newest conversations and how many wait for the office."""
    qs = (
        Conversation.objects.filter(client_id=client_id)
        .select_related("client")
        .order_by("-last_message_at", "-pk")
    )
    unread = qs.filter(staff_unread__gt=0).aggregate(n=Sum("staff_unread"))["n"] or 0
    return {"rows": list(qs[:limit]), "unread": unread}
