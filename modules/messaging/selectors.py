"""Reads of the messages module. Who sees what is decided here: staff every conversation
of the office with its internal notes; a client user the conversations of the company they
act for (the switcher's choice, `membership.client_id`), never an internal note - not in
the thread, the search, the excerpt or an attachment."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from modules.messaging.models import Announcement, Attachment, Conversation, Message

PAGE_SIZE = 50
# Shorter terms are not searched: a trigram index finds nothing for one or two letters, so
# such a term would read every message body (1,000,000 rows in the benchmark: seconds).
SEARCH_MIN = 3
SEARCH_IDS_MAX = 2000


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

    @property
    def too_short(self) -> bool:
        """A term typed but not searched (SEARCH_MIN): the page says so."""
        return 0 < len(" ".join(self.q.split())) < SEARCH_MIN


def conversation_search(*, membership, filters: InboxFilters) -> QuerySet[Conversation]:
    """The inbox/list rows, newest first. `q` matches the subject or any message body
    (icontains, served by the trigram indexes on UPPER(subject) and UPPER(body)); a
    client's search never looks into internal notes."""
    qs = conversation_list(membership=membership)
    staff = _is_staff(membership)
    if filters.client_id and staff:
        qs = qs.filter(client_id=filters.client_id)
    if filters.unread:
        qs = qs.filter(staff_unread__gt=0) if staff else qs.filter(client_unread__gt=0)
    q = " ".join(filters.q.split())
    if len(q) >= SEARCH_MIN:
        qs = qs.filter(_matching(qs, q, staff=staff))
    return qs.order_by("-last_message_at", "-pk")


def _matching(qs, q: str, *, staff: bool) -> Q:
    """Which conversations `q` finds, by the cheaper of two plans (measured on 100,000
    conversations and 1,000,000 messages, tests/perf/test_messaging.py): a term rare in the
    bodies is looked up in the body's trigram index and gives a short list of conversation
    ids (a few ms), the subject being matched in the page's own statement (a BitmapOr of
    the primary key and the subject's trigram index: no second list of ids to send back,
    1,389 of them for "Sprawa umowa 4"); a common one ("faktura": a message in eight) would
    make that list 125,000 rows long (0.6 s), so the newest conversations are walked
    instead and the first page fills at once."""
    bodies = Message.objects.filter(body__icontains=q, conversation__in=qs).order_by()
    if not staff:
        bodies = bodies.filter(internal=False)
    # The planner's estimate (EXPLAIN, no execution) picks the plan; the cap below still
    # catches an estimate that was too low. Either plan gives the same rows.
    if _estimated_rows(bodies) < SEARCH_IDS_MAX:
        body_ids = list(bodies.values_list("conversation_id", flat=True)[:SEARCH_IDS_MAX])
        if len(body_ids) < SEARCH_IDS_MAX:
            return Q(pk__in=sorted(set(body_ids))) | Q(subject__icontains=q)
    correlated = Message.objects.filter(conversation_id=OuterRef("pk"), body__icontains=q)
    if not staff:
        correlated = correlated.filter(internal=False)
    return Q(subject__icontains=q) | _ExistsPerRow(correlated)


def _estimated_rows(queryset) -> int:
    return int(json.loads(queryset.explain(format="json"))[0]["Plan"]["Plan Rows"])


class _ExistsPerRow(Exists):
    """EXISTS checked row by row as the newest conversations are read. Without the OFFSET,
    PostgreSQL turns the EXISTS into `id = ANY(<every matching message>)`, hashed: the
    125,000-row list again (0.55 s); an OFFSET keeps it a correlated subplan
    (simplify_EXISTS_query gives up on one), a few index probes per conversation read."""

    template = "EXISTS(%(subquery)s OFFSET 0)"


def _announcements_grouped(membership, filters: InboxFilters) -> bool:
    """Whether the inbox shows each announcement as one row (the staff inbox, not one
    client's, not a search): an announcement to 200 clients filled four pages of it with
    the same subject, burying the conversations that wait for an answer."""
    return (
        _is_staff(membership)
        and not filters.client_id
        and len(" ".join(filters.q.split())) < SEARCH_MIN
    )


def _client_answered() -> Exists:
    return Exists(Message.objects.filter(conversation_id=OuterRef("pk"), from_client=True))


def inbox_page(*, membership, filters: InboxFilters, page: int = 1) -> dict:
    """A page of the inbox without a COUNT: one row more than the page tells whether a next
    page exists (the inbox is read all day; counting 100,000 rows each time is not free).

    In the staff inbox (_announcements_grouped) an announcement's copies that nobody
    answered (`Conversation.listed` False: services keep it) are left out and the
    announcement is one entry of `entries` (Announcement rows, annotated as
    announcement_figures), placed by when it was sent among the page's
    conversations: those sent between this page's last conversation and the previous
    page's (one row more read before the page)."""
    page = max(page, 1)
    start = (page - 1) * PAGE_SIZE
    qs = conversation_search(membership=membership, filters=filters)
    grouped = _announcements_grouped(membership, filters)
    if grouped:
        qs = qs.filter(listed=True)  # an announcement's copies nobody answered: its row
    before = 1 if grouped and start else 0
    rows = list(
        qs.select_related("client").only(
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
        )[start - before : start + PAGE_SIZE + 1]
    )
    previous, rows = rows[:before], rows[before:]
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    entries: list = list(rows)
    if grouped and not filters.unread:
        sent = Announcement.objects.all()
        if previous:
            sent = sent.filter(created_at__lt=previous[0].last_message_at)
        if has_next:
            sent = sent.filter(created_at__gte=rows[-1].last_message_at)
        announcements = announcement_figures(list(sent.order_by("-created_at", "-pk")))
        entries = sorted(
            entries + announcements,
            key=lambda e: e.created_at if isinstance(e, Announcement) else e.last_message_at,
            reverse=True,
        )
    return {
        "rows": rows,
        "entries": entries,
        "page": page,
        "has_next": has_next,
        "has_previous": page > 1,
    }


def announcement_figures(announcements: list[Announcement]) -> list[Announcement]:
    """Each announcement with `read` (its copies the client opened or answered) and
    `answered` (copies the client answered), in one query."""
    figures = {
        row["announcement_id"]: row
        for row in Conversation.objects.filter(announcement__in=announcements)
        .annotate(answered=_client_answered())
        .values("announcement_id")
        .annotate(
            read=Count("pk", filter=Q(client_unread=0) | Q(answered=True)),
            answered_count=Count("pk", filter=Q(answered=True)),
        )
        .order_by()
    }
    for announcement in announcements:
        row = figures.get(announcement.pk, {})
        announcement.read = row.get("read", 0)
        announcement.answered = row.get("answered_count", 0)
    return announcements


def announcement_get(*, membership, announcement_id: int) -> Announcement | None:
    """An announcement of the office, for staff (a client sees only its own copy, as a
    conversation)."""
    if not _is_staff(membership):
        return None
    found = Announcement.objects.filter(pk=announcement_id).first()
    return announcement_figures([found])[0] if found else None


def announcement_recipients(*, announcement: Announcement) -> list[Conversation]:
    """The announcement's copies, one per client in the office language's alphabetical
    order of their names, each with `answered` (the client answered)."""
    from common.collation import name_ordering

    return list(
        announcement.conversations.select_related("client")
        .annotate(answered=_client_answered())
        .order_by(*name_ordering("client__name"), "pk")
    )


def announcement_message(*, announcement: Announcement) -> Message | None:
    """What was sent: the first message of one of its copies (each copy holds the same text
    and the same stored files)."""
    return (
        Message.objects.filter(conversation__announcement=announcement, internal=False)
        .prefetch_related("attachments")
        .order_by("pk")
        .first()
    )


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
