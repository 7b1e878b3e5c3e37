"""Reads of the mail module. Staff see the office's mail; a client user sees only the items
of the company they act for, and only in statuses visible to clients."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.db import (
    Conditions,
    FixedQuery,
    compiled_where,
    fetch_fixed,
    fetchall_planned,
    where_q,
)
from modules.audit.selectors import audit_entry_list
from modules.clients.models import Client
from modules.mail.models import (
    ClientMailPreferences,
    Correspondent,
    InboxScan,
    MailExport,
    MailItem,
    MailScan,
    MailStatus,
    MailType,
)

PAGE_SIZE = 50


@dataclass
class MailFilters:
    status: MailStatus | None = None
    client_id: int | None = None
    direction: str = ""
    mail_type_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    query: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def narrowed(self) -> bool:
        """Whether anything narrows the list (an empty list then says "nothing matches", not
        "no mail yet"); `client_id` is one company's list, not a narrowing."""
        return bool(
            self.status
            or self.direction
            or self.mail_type_id
            or self.date_from
            or self.date_to
            or self.query
        )

    def as_dict(self) -> dict:
        return {
            "status": self.status.pk if self.status else None,
            "client": self.client_id,
            "direction": self.direction,
            "type": self.mail_type_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "q": self.query,
        }

    @classmethod
    def from_dict(cls, data: dict) -> MailFilters:
        status = (
            MailStatus.objects.filter(pk=data.get("status")).first() if data.get("status") else None
        )
        return cls(
            status=status,
            client_id=data.get("client"),
            direction=data.get("direction") or "",
            mail_type_id=data.get("type"),
            date_from=dt.date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
            date_to=dt.date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
            query=data.get("q") or "",
        )


def _is_client(membership) -> bool:
    return membership is not None and not membership.is_staff_role


# Newest first: the archive's order, the export's, the API's cursor.
NEWEST_FIRST = ("-received_at", "-id")


def _local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# A subquery (never evaluated here): the statuses a client user's items may be in.
_VISIBLE_TO_CLIENT = MailStatus.objects.filter(visible_to_client=True).values("pk")


def _conditions(*, membership, filters: MailFilters | None = None) -> Conditions:
    """THE definition of what a person sees under the archive's filters (all but the typed
    words), as ORM lookups in a fixed order: whose items (a client user: their company's, in
    statuses visible to clients), then the tab, client, direction, type and dates.
    mail_item_list() and mail_item_filtered() filter by these; the archive's written-out SQL
    is compiled from them (_where), so the archive, the export and the API cannot differ."""
    conditions: Conditions = []
    if _is_client(membership):
        conditions += [
            ("client_id", membership.client_id),
            ("status_id__in", _VISIBLE_TO_CLIENT),
        ]
    if filters is None:
        return conditions
    if filters.status is not None:
        conditions.append(("status_id", filters.status.pk))
    if filters.client_id:
        conditions.append(("client_id", filters.client_id))
    if filters.direction in MailItem.Direction.values:
        conditions.append(("direction", filters.direction))
    if filters.mail_type_id:
        conditions.append(("mail_type_id", filters.mail_type_id))
    if filters.date_from:
        conditions.append(("received_at__gte", _local_day_start(filters.date_from)))
    if filters.date_to:
        day_after = filters.date_to + dt.timedelta(days=1)
        conditions.append(("received_at__lt", _local_day_start(day_after)))
    return conditions


# The client panel's "new letters": incoming items received in the last NEW_DAYS calendar
# days of the office (today included). The home's count and the list its link opens both
# filter by client_new_filters(): one rule, the same items.
NEW_DAYS = 7


def client_new_filters() -> MailFilters:
    return MailFilters(
        direction=MailItem.Direction.INCOMING,
        date_from=timezone.localdate() - dt.timedelta(days=NEW_DAYS - 1),
    )


def mail_filters_q(filters: MailFilters) -> Q:
    """The archive's filters (not whose items: combine with mail_item_list) as a Q, for an
    aggregate that counts what a filtered list shows."""
    return where_q(_conditions(membership=None, filters=filters))


def mail_item_list(*, membership) -> QuerySet[MailItem]:
    """Every item `membership` may see (missing and not-yours look alike to callers)."""
    if membership is None:
        return MailItem.objects.none()
    return MailItem.objects.filter(where_q(_conditions(membership=membership)))


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _search_tokens(query: str) -> list[str]:
    return [token for token in re.split(r"\s+", query.strip().lower())[:6] if token]


# search_document is unaccented and lower-cased (kept by a trigger, with a trigram index);
# the typed word is unaccented by the same function.
_WORD_MATCH = "{} LIKE public.vireo_unaccent(%s)"


def mail_item_filtered(*, membership, filters: MailFilters) -> QuerySet[MailItem]:
    """The items of the archive under `filters`, newest first, through the ORM: what the
    export and the API read. The archive's pages (_page_rows) give the same items."""
    if membership is None:
        return MailItem.objects.none()
    qs = MailItem.objects.filter(where_q(_conditions(membership=membership, filters=filters)))
    for token in _search_tokens(filters.query):
        qs = qs.extra(
            where=[_WORD_MATCH.format("mail_mailitem.search_document")], params=[_like(token)]
        )
    return qs.order_by(*NEWEST_FIRST)


# How many of the newest items (under the other filters) a search looks through before it
# asks the trigram index instead. See _page_rows.
SEARCH_WINDOW = 5000


def _where(*, membership, filters: MailFilters) -> tuple[str, list]:
    """Whose items, and every filter but the typed words, as one SQL condition on
    mail_mailitem, compiled by the ORM from _conditions() once per filter shape: building
    the query with the ORM on every request took 1-2 ms, longer than PostgreSQL took to
    answer it."""
    if membership is None:
        return "FALSE", []
    return compiled_where(MailItem, _conditions(membership=membership, filters=filters))


_NEWEST_FIRST = "ORDER BY " + ", ".join(
    f"mail_mailitem.{name.lstrip('-')} {'DESC' if name.startswith('-') else 'ASC'}"
    for name in NEWEST_FIRST
)
# The staff archive's columns, by the names rows.py reads them with.
ARCHIVE_COLUMNS = {
    "id": "mail_mailitem.id",
    "number": "mail_mailitem.number",
    "direction": "mail_mailitem.direction",
    "client__name": "clients_client.name",
    "client__code": "clients_client.code",
    "sender": "mail_mailitem.sender",
    "recipient": "mail_mailitem.recipient",
    "mail_type_id": "mail_mailitem.mail_type_id",
    "received_at": "mail_mailitem.received_at",
    "pieces": "mail_mailitem.pieces",
    "tracking_number": "mail_mailitem.tracking_number",
    "status_id": "mail_mailitem.status_id",
    "scan_count": "mail_mailitem.scan_count",
    "notified_at": "mail_mailitem.notified_at",
}
_ARCHIVE_SELECT = (
    f"SELECT {', '.join(ARCHIVE_COLUMNS.values())} FROM mail_mailitem "
    "JOIN clients_client ON clients_client.id = mail_mailitem.client_id"
)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page_rows(
    *, membership, filters: MailFilters, offset: int, limit: int, select: str
) -> list[tuple]:
    """Rows of `select` (_ARCHIVE_SELECT or _PAGE_SELECT), newest first, in a fixed number of
    queries whatever the office holds.

    Typed words: PostgreSQL cannot know how they correlate with a status tab, so it walks
    the tab in date order checking each item; for words the tab hardly holds (a courier's
    name on the "sent" tab) that is every item of the tab, 250 ms at a million items. So
    the page is first looked for among the newest SEARCH_WINDOW items (an index walk that
    stops at the page's last match, inside the page's own query). A page short of rows is
    the answer when the window holds everything there is; otherwise the matches are rare
    and the trigram index finds them all at once.
    """
    where, params = _where(membership=membership, filters=filters)
    tokens = [_like(token) for token in _search_tokens(filters.query)]
    if not tokens:
        return _rows(
            f"{select} WHERE {where} {_NEWEST_FIRST} OFFSET %s LIMIT %s",
            [*params, offset, limit],
        )
    window = (
        "SELECT mail_mailitem.id, mail_mailitem.received_at, mail_mailitem.search_document "
        f"FROM mail_mailitem WHERE {where} {_NEWEST_FIRST} LIMIT {SEARCH_WINDOW}"
    )
    in_window = (
        f"SELECT w.id FROM ({window}) AS w (id, received_at, doc) "
        f"WHERE {' AND '.join(_WORD_MATCH.format('w.doc') for _ in tokens)} "
        "ORDER BY w.received_at DESC, w.id DESC OFFSET %s LIMIT %s"
    )
    found = _rows(
        f"{select} WHERE mail_mailitem.id IN ({in_window}) {_NEWEST_FIRST}",
        [*params, *tokens, offset, limit],
    )
    if len(found) == limit:
        return found
    ((held,),) = _rows(
        f"SELECT count(*) FROM (SELECT 1 FROM mail_mailitem WHERE {where} "
        f"LIMIT {SEARCH_WINDOW}) AS w",
        params,
    )
    if held < SEARCH_WINDOW:
        return found
    # A bitmap of every match from the trigram index, then sorted: index scans, which
    # would walk the dates, are off for this one query.
    words = " AND ".join(_WORD_MATCH.format("mail_mailitem.search_document") for _ in tokens)
    ids = fetchall_planned(
        f"SELECT mail_mailitem.id FROM mail_mailitem WHERE {where} AND {words} "
        f"{_NEWEST_FIRST} OFFSET %s LIMIT %s",
        [*params, *tokens, offset, limit],
        settings={"enable_indexscan": "off"},
    )
    return _rows(
        f"{select} WHERE mail_mailitem.id = ANY(%s) {_NEWEST_FIRST}",
        [[row[0] for row in ids]],
    )


def _page(*, membership, filters: MailFilters, page: int, select: str) -> tuple[list[tuple], dict]:
    """A page's rows and its pager: PAGE_SIZE rows and no COUNT over a million items (the
    pager knows only whether there is a next page)."""
    page = max(1, page)
    found = _page_rows(
        membership=membership,
        filters=filters,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
        select=select,
    )
    pager = {"number": page, "has_next": len(found) > PAGE_SIZE, "has_previous": page > 1}
    return found[:PAGE_SIZE], pager


# What the client panel's tab, the client card's tab and the scan rules (scanrequests'
# "+" buttons) read of an item; a column more is parsed 51 times a page for nothing.
_PAGE_FIELDS = (
    "id",
    "number",
    "direction",
    "client_id",
    "sender",
    "recipient",
    "mail_type_id",
    "received_at",
    "status_id",
    "scan_count",
)
_PAGE_SELECT = (
    f"SELECT {', '.join(f'mail_mailitem.{name}' for name in _PAGE_FIELDS)} FROM mail_mailitem"
)
_STATUS, _TYPE = _PAGE_FIELDS.index("status_id"), _PAGE_FIELDS.index("mail_type_id")


class MailRow:
    """A row of a mail list: the columns of _PAGE_FIELDS with its status and type, read as a
    MailItem is (`pk`, `correspondent`) by the lists, their templates and the scan rules.
    Not a model instance: building 50 of those took 0.38 ms of the client panel's Mail tab,
    these 0.04 ms (tests/perf/test_scanrequests.py)."""

    __slots__ = (*_PAGE_FIELDS, "status", "mail_type")
    Direction = MailItem.Direction
    correspondent = MailItem.correspondent  # the model's own rule, not a copy of it

    def __init__(self, values: tuple, status: MailStatus, mail_type: MailType) -> None:
        # In _PAGE_FIELDS' order (tests/modules/mail/test_selectors.py checks it).
        (
            self.id,
            self.number,
            self.direction,
            self.client_id,
            self.sender,
            self.recipient,
            self.mail_type_id,
            self.received_at,
            self.status_id,
            self.scan_count,
        ) = values
        self.status = status
        self.mail_type = mail_type

    @property
    def pk(self) -> int:
        return self.id


def mail_page(
    *,
    membership,
    filters: MailFilters,
    page: int = 1,
    lists: tuple[list[MailStatus], list[MailType]] | None = None,
) -> dict:
    """A page of items as MailRow (the columns a list shows, each with its status and type
    from `lists`, status_and_type_lists(), read here when not given), in one query. No
    client: the panel's and the card's lists are one client's."""
    statuses, types = lists or status_and_type_lists()
    status_by_id = {status.pk: status for status in statuses}
    type_by_id = {mail_type.pk: mail_type for mail_type in types}
    found, pager = _page(membership=membership, filters=filters, page=page, select=_PAGE_SELECT)
    rows = [
        MailRow(values, status_by_id[values[_STATUS]], type_by_id[values[_TYPE]])
        for values in found
    ]
    return {"rows": rows, **pager}


def archive_page(*, membership, filters: MailFilters, page: int = 1) -> dict:
    """A page of the staff archive as dicts of ARCHIVE_COLUMNS: building 50 model instances
    took more time than the query."""
    found, pager = _page(membership=membership, filters=filters, page=page, select=_ARCHIVE_SELECT)
    names = tuple(ARCHIVE_COLUMNS)
    return {"rows": [dict(zip(names, row, strict=True)) for row in found], **pager}


def mail_item_get(*, membership, item_id: int) -> MailItem | None:
    return (
        mail_item_list(membership=membership)
        .select_related("client", "status", "mail_type")
        .filter(pk=item_id)
        .first()
    )


def mail_scan_get(*, membership, scan_id: int) -> MailScan | None:
    """A scan, only if its item is visible to `membership`."""
    return (
        MailScan.objects.select_related("item")
        .filter(pk=scan_id, item__in=mail_item_list(membership=membership))
        .first()
    )


def mail_item_history(*, item: MailItem):
    return audit_entry_list(target=item)


_STATUSES = FixedQuery(lambda: MailStatus.objects.all())
_TYPES = FixedQuery(lambda: MailType.objects.all())


def status_list(*, active_only: bool = True) -> list[MailStatus]:
    statuses = fetch_fixed(_STATUSES)[0]
    return [s for s in statuses if s.is_active] if active_only else statuses


def status_and_type_lists() -> tuple[list[MailStatus], list[MailType]]:
    """Every status and every type of the office (inactive ones too), in their order: what
    the archive, its filters and its rows need, in one round trip."""
    statuses, types = fetch_fixed(_STATUSES, _TYPES)
    return statuses, types


def status_by_code(code: str) -> MailStatus | None:
    """For other modules: the status with a built-in meaning (to_pick_up, picked_up...)."""
    return MailStatus.objects.filter(code=code).first()


def handover_status_ids() -> list[int]:
    """Statuses that route items to the hand-over screen (H2)."""
    return list(MailStatus.objects.filter(routes_to_handover=True).values_list("pk", flat=True))


def type_list(*, active_only: bool = True) -> list[MailType]:
    types = fetch_fixed(_TYPES)[0]
    return [t for t in types if t.is_active] if active_only else types


def client_typed_get(*, client_id: int | None, typed: str) -> Client | None:
    """The client a person meant in a client field: the one picked from the suggestions
    (`client_id`), else, typed without picking, an exact client code or a name only one
    client has. The registration form and the client autocomplete both ask this."""
    if client_id:
        client = Client.objects.filter(pk=client_id).first()
        if client is not None:
            return client
    typed = (typed or "").strip()
    if not typed:
        return None
    client = Client.objects.filter(code__iexact=typed).first()
    if client is None:
        named = list(Client.objects.filter(name__iexact=typed)[:2])
        client = named[0] if len(named) == 1 else None
    return client


def correspondent_suggest(*, query: str, limit: int = 8) -> list[str]:
    query = query.strip()
    if not query:
        return list(Correspondent.objects.values_list("name", flat=True)[:limit])
    return list(
        Correspondent.objects.filter(name__icontains=query)
        .order_by("-use_count", "name")
        .values_list("name", flat=True)[:limit]
    )


def inbox_list(*, state: str = InboxScan.State.UNASSIGNED) -> QuerySet[InboxScan]:
    return InboxScan.objects.filter(state=state).select_related("account")


def export_get(*, export_id: int, user) -> MailExport | None:
    """An export is seen by the person who started it."""
    return MailExport.objects.filter(pk=export_id, created_by_id=user.pk).first()


class _OfficeWide:
    """The scope of work the office itself runs (background exports, the FTP intake)."""

    is_staff_role = True
    client_id = None
    role = "staff"


OFFICE_WIDE = _OfficeWide()


def scans_for_items(*, item_ids: list[int]) -> dict[int, list[MailScan]]:
    """The scans of a page of items, in one query (the caller already checked the items)."""
    result: dict[int, list[MailScan]] = {}
    if not item_ids:
        return result
    for scan in MailScan.objects.filter(item_id__in=item_ids).order_by("item_id", "pk"):
        result.setdefault(scan.item_id, []).append(scan)
    return result


def billing_figures(*, client_ids: list[int] | None, start, end) -> dict[int, dict[str, int]]:
    """What billing counts against package limits, per client, for [start, end) (aware
    datetimes): mail items received or sent, scans added and their pages, items forwarded.
    `client_ids` None: every client. One statement (three grouped parts) whatever the number
    of clients: written out, because a client's month page runs it on every view."""
    params = {"start": start, "end": end}
    where = {"i": "", "s": "", "f": ""}
    if client_ids is not None:
        params["clients"] = list(client_ids)
        where = {alias: f" AND {alias}.client_id = ANY(%(clients)s)" for alias in where}
        where["s"] = " AND i.client_id = ANY(%(clients)s)"
    items, scans = MailItem._meta.db_table, MailScan._meta.db_table
    sql = f"""
SELECT 'mail_items', i.client_id, count(*), 0 FROM {items} i
WHERE i.received_at >= %(start)s AND i.received_at < %(end)s{where["i"]} GROUP BY 2
UNION ALL
SELECT 'scans', i.client_id, count(*), coalesce(sum(s.pages), 0) FROM {scans} s
JOIN {items} i ON i.id = s.item_id
WHERE s.created_at >= %(start)s AND s.created_at < %(end)s{where["s"]} GROUP BY 2
UNION ALL
SELECT 'forwarding', f.client_id, count(*), 0 FROM {items} f
WHERE f.pickup_method = %(forwarded)s AND f.picked_up_at >= %(start)s
  AND f.picked_up_at < %(end)s{where["f"]} GROUP BY 2"""
    params["forwarded"] = MailItem.PickupMethod.FORWARDED.value
    result: dict[int, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, owner, count, pages in cursor.fetchall():
            figures = result.setdefault(owner, {})
            figures[kind] = figures.get(kind, 0) + count
            if kind == "scans":
                figures["pages"] = figures.get("pages", 0) + pages
    return result


def _billing_costs_qs(client_ids: list[int] | None, start, end):
    qs = MailItem.objects.filter(received_at__gte=start, received_at__lt=end, additional_cost__gt=0)
    if client_ids is not None:
        qs = qs.filter(client_id__in=client_ids)
    return qs


def billing_costs(*, client_ids: list[int] | None, start, end) -> list[dict]:
    """Items with an additional cost (M9, S6/S7: a scan added on request puts its cost here),
    received or sent in [start, end): the lines of Billing > Summary (S8)."""
    return list(
        _billing_costs_qs(client_ids, start, end)
        .order_by("received_at", "id")
        .values("id", "number", "client_id", "received_at", "additional_cost", "additional_info")
    )


def billing_cost_totals(*, client_ids: list[int] | None, start, end) -> list[tuple]:
    """The same items as billing_costs, counted per client and cost: (client_id, cost, items).
    For billing's office-wide totals, which need no line of their own (each line's amounts
    depend only on its cost, so n equal lines are n times one)."""
    from django.db.models import Count

    return list(
        _billing_costs_qs(client_ids, start, end)
        .values_list("client_id", "additional_cost")
        .annotate(n=Count("id"))
        .order_by()
    )


def mail_items_exist() -> bool:
    """Whether any mail item was registered yet (the getting-started checklist)."""
    return MailItem.objects.exists()


def client_notify_defaults(*, client_ids: list[int]) -> dict[int, str]:
    """The registration form's notification per client that has its own ("" or absent:
    the office's default applies). One query for a page of client options."""
    return dict(
        ClientMailPreferences.objects.filter(client_id__in=client_ids)
        .exclude(notify_default="")
        .values_list("client_id", "notify_default")
    )
