"""Reads of the hand-over module. Staff see the whole office; a client user sees only the
lines of the company they act for, even in a hand-over that covered several companies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Func, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from common.collation import name_ordering
from common.phones import phone_format
from modules.clients.models import Client
from modules.clients.selectors import pickup_authorised_list
from modules.handover.models import HandOver, HandOverItem
from modules.mail.models import MailItem
from modules.mail.selectors import handover_status_ids, status_list

WAITING_PAGE = 50
REGISTER_PAGE = 50


class Unaccent(Func):
    function = "public.vireo_unaccent"
    output_field = CharField()


def _plain(text: str) -> str:
    import unicodedata

    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def person_key(name: str) -> str:
    """A person's name as the hand-over compares it: letters without accents, lower case,
    single spaces ("Marek Zieliński" and "marek  zielinski" are one person)."""
    return " ".join(_plain(name).split())


def _is_client(membership) -> bool:
    return membership is not None and not membership.is_staff_role


# --- H1, H7: who has mail waiting -------------------------------------------------------


def waiting_client_list(*, query: str = "") -> QuerySet[Client]:
    """Clients with items in a status routed to hand-over, with the number of items.
    A word matches the company's name or code, or an authorised person's name: the person
    at the desk says who they are, and every company they collect for shows up (H7)."""
    from modules.clients.models import ContactPerson

    qs = Client.objects.filter(mail_items__status_id__in=handover_status_ids())
    words = [w for w in query.split()[:5] if w]
    if words:
        qs = qs.annotate(plain_name=Unaccent(Func(F("name"), function="lower")))
    for word in words:
        like = _plain(word)
        people = (
            ContactPerson.objects.filter(authorised_to_pick_up_mail=True)
            .annotate(
                plain=Unaccent(
                    Func(Concat("first_name", Value(" "), "last_name"), function="lower")
                )
            )
            .filter(plain__contains=like)
            .values("client_id")
        )
        qs = qs.filter(Q(plain_name__contains=like) | Q(code__icontains=word) | Q(pk__in=people))
    return (
        qs.annotate(waiting=Count("mail_items"))
        .only("id", "name", "code")
        .order_by(*name_ordering(), "pk")
    )


def waiting_breakdown(*, client_ids: list[int]) -> dict[int, list[tuple]]:
    """Per client: (status, count) of the waiting items, for the badges on the list."""
    statuses = {s.pk: s for s in status_list(active_only=False)}
    rows = (
        MailItem.objects.filter(client_id__in=client_ids, status_id__in=handover_status_ids())
        .values("client_id", "status_id")
        .annotate(n=Count("id"))
        .order_by("client_id", "status_id")
    )
    result: dict[int, list[tuple]] = {}
    for row in rows:
        result.setdefault(row["client_id"], []).append((statuses[row["status_id"]], row["n"]))
    return result


# --- H2, H3, H5: the panel --------------------------------------------------------------


def waiting_item_count() -> int:
    """Items waiting to be handed over, all clients (the menu's badge, the dashboard)."""
    return MailItem.objects.filter(status__routes_to_handover=True).count()


def waiting_item_list(*, client_ids: list[int]) -> list[MailItem]:
    return list(
        MailItem.objects.filter(client_id__in=client_ids, status__routes_to_handover=True)
        .select_related("client", "status", "mail_type")
        .order_by("client__name", "client_id", "received_at", "pk")
    )


@dataclass
class AuthorisedPerson:
    """One person at the desk, with each company they may collect for (H7)."""

    name: str
    contacts: list = field(default_factory=list)  # ContactPerson rows, one per company

    @property
    def key(self) -> str:
        return _plain(self.name)

    @property
    def client_names(self) -> list[str]:
        return [c.client.name for c in self.contacts]

    @property
    def contact_id(self) -> int:
        """The contact row whose spelling is shown (and printed on the confirmation)."""
        return next(c.pk for c in self.contacts if c.full_name == self.name)

    def add(self, contact) -> None:
        self.contacts.append(contact)
        # "Zielinski" typed without accents in one card, "Zieliński" in the other: show the
        # spelling with the diacritics.
        if sum(ord(ch) > 127 for ch in contact.full_name) > sum(ord(ch) > 127 for ch in self.name):
            self.name = contact.full_name

    @property
    def details(self) -> str:
        first = self.contacts[0]
        phone = phone_format(first.phones[0]) if first.phones else ""
        email = first.emails[0] if first.emails else ""
        return " · ".join(p for p in (first.role, phone, email) if p)


def authorised_person_list(*, clients: list[Client]) -> list[AuthorisedPerson]:
    """The persons authorised to pick up mail for any of `clients`. A person registered as
    a contact of two of them (same name) is listed once, with both companies."""
    people: dict[str, AuthorisedPerson] = {}
    for client in clients:
        for contact in pickup_authorised_list(client=client):
            contact.client = client
            key = person_key(contact.full_name)
            people.setdefault(key, AuthorisedPerson(name=contact.full_name)).add(contact)
    return sorted(people.values(), key=lambda p: (-len(p.contacts), p.key))


# --- H8: history and the register -------------------------------------------------------


@dataclass
class RegisterFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    method: str = ""
    client_id: int | None = None
    query: str = ""
    staff_id: int | None = None


def handover_list(*, membership) -> QuerySet[HandOver]:
    qs = HandOver.objects.all()
    if membership is None:
        return qs.none()
    if _is_client(membership):
        qs = qs.filter(
            pk__in=HandOverItem.objects.filter(client_id=membership.client_id).values("handover_id")
        )
    return qs


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def handover_register(*, membership, filters: RegisterFilters) -> QuerySet[HandOver]:
    qs = handover_list(membership=membership)
    if filters.date_from:
        qs = qs.filter(handed_over_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(handed_over_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.method in HandOver.Method.values:
        qs = qs.filter(method=filters.method)
    if filters.client_id:
        qs = qs.filter(
            pk__in=HandOverItem.objects.filter(client_id=filters.client_id).values("handover_id")
        )
    if filters.staff_id:
        qs = qs.filter(handed_over_by_id=filters.staff_id)
    for word in filters.query.split()[:5]:
        qs = qs.filter(
            Q(person_name__icontains=word)
            | Q(tracking_number__icontains=word)
            | Q(pk__in=HandOverItem.objects.filter(item__number__icontains=word).values("handover"))
            | Q(
                pk__in=HandOverItem.objects.filter(
                    Q(client__name__icontains=word) | Q(client__code__icontains=word)
                ).values("handover")
            )
        )
    return qs.select_related("handed_over_by").prefetch_related(
        Prefetch(
            "clients", Client.objects.only("id", "name", "code").order_by(*name_ordering(), "pk")
        )
    )


def handover_get(*, membership, handover_id: int) -> HandOver | None:
    return (
        handover_list(membership=membership)
        .select_related("handed_over_by", "contact_person")
        .filter(pk=handover_id)
        .first()
    )


def handover_lines(*, handover: HandOver, membership) -> list[HandOverItem]:
    qs = HandOverItem.objects.filter(handover=handover).select_related(
        "item", "item__status", "item__mail_type", "client", "previous_status"
    )
    if _is_client(membership):
        qs = qs.filter(client_id=membership.client_id)
    return list(qs.order_by("client__name", "item__received_at", "item_id"))


def item_handover_lines(*, item_id: int, membership) -> list[HandOverItem]:
    """Every hand-over of one item, newest first (H8: who, when, how, the PDF)."""
    qs = HandOverItem.objects.filter(item_id=item_id).select_related(
        "handover", "handover__handed_over_by"
    )
    if _is_client(membership):
        qs = qs.filter(client_id=membership.client_id)
    return list(qs.order_by("-handover__handed_over_at", "-handover_id"))


def client_handover_list(*, client_id: int, limit: int = 25) -> list[HandOver]:
    return list(
        HandOver.objects.filter(
            pk__in=HandOverItem.objects.filter(client_id=client_id).values("handover_id")
        )
        .select_related("handed_over_by")
        .order_by("-handed_over_at", "-pk")[:limit]
    )


def handover_line_counts(*, handover_ids: list[int], client_id: int) -> dict[int, int]:
    rows = (
        HandOverItem.objects.filter(handover_id__in=handover_ids, client_id=client_id)
        .values("handover_id")
        .annotate(n=Count("id"))
    )
    return {r["handover_id"]: r["n"] for r in rows}


def staff_choices() -> list[tuple[int, str]]:
    """People who have handed mail over, for the register's filter."""
    from accounts.models import User

    ids = HandOver.objects.exclude(handed_over_by=None).values("handed_over_by_id").distinct()
    return [(u.pk, str(u)) for u in User.objects.filter(pk__in=ids).order_by("full_name", "email")]
