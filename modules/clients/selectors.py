"""Reads of the clients module. Staff see every client of the office; a client user sees
only the company they act for (request.membership.client_id)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, QuerySet

from accounts.models import Invitation, Membership, Role
from modules.audit.selectors import audit_entry_list
from modules.clients.models import Client, ContactPerson, CustomField, CustomFieldValue


def client_list(*, membership, status: str = "") -> QuerySet[Client]:
    qs = Client.objects.defer("search_document", "search_vector")
    if membership is None:
        return qs.none()
    if not membership.is_staff_role:
        qs = qs.filter(pk=membership.client_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def client_get(*, membership, client_id: int) -> Client | None:
    return (
        client_list(membership=membership)
        .prefetch_related(
            "addresses",
            "contacts",
            Prefetch("custom_values", CustomFieldValue.objects.select_related("field")),
        )
        .filter(pk=client_id)
        .first()
    )


def client_custom_fields(*, active_only: bool = True) -> QuerySet[CustomField]:
    qs = CustomField.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def client_users_list(*, client: Client) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            office=connection.tenant, role=Role.CLIENT, client_id=client.pk, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def client_invitations_pending(*, client: Client) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        office=connection.tenant, role=Role.CLIENT, client_id=client.pk, accepted_at__isnull=True
    ).order_by("-created_at")


def client_history(*, client: Client):
    return audit_entry_list(target=client)


def pickup_authorised_list(*, client: Client) -> QuerySet[ContactPerson]:
    """The persons who may collect this client's mail (H2)."""
    return client.contacts.filter(authorised_to_pick_up_mail=True)


# --- search (C2) -----------------------------------------------------------------------

SEARCH_LIMIT = 20
# Ranking is done over at most this many index hits: a one-word query that matches half the
# card file is narrowed by typing on, never by sorting 50,000 rows on every keystroke.
_CANDIDATES = 500
_NUMBERISH = re.compile(r"^[\d\s\-./()+]+$")


@dataclass(frozen=True)
class SearchHit:
    id: int
    name: str
    code: str
    status: str
    city: str
    fuzzy: bool

    def get_status_display(self) -> str:
        return Client.Status(self.status).label


def _tokens(query: str) -> list[str]:
    query = query.strip()
    if _NUMBERISH.match(query) and sum(c.isdigit() for c in query) >= 3:
        # "123-456-32-18" or "600 100 200": one number, stored as digits only.
        return [re.sub(r"\D", "", query)]
    tokens = []
    for raw in query.lower().split()[:6]:
        token = raw.strip(".,;:()\"'")
        if _NUMBERISH.match(token) and sum(c.isdigit() for c in token) >= 3:
            token = re.sub(r"\D", "", token)
        if token:
            tokens.append(token)
    return tokens


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_SELECT = """
SELECT c.id, c.name, c.code, c.status,
       COALESCE((SELECT a.city FROM clients_clientaddress a WHERE a.client_id = c.id
                 ORDER BY a.kind, a.id LIMIT 1), '') AS city,
       {fuzzy} AS fuzzy
FROM (SELECT id, name, code, status, search_document FROM clients_client
      WHERE {where} {status} LIMIT {candidates}) AS c
ORDER BY {order}, c.name, c.id
LIMIT %s
"""


def client_search(
    *, membership, query: str, status: str = "", limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """Find clients by anything on their card, tolerant to missing diacritics and typos.

    First an exact pass (every word is a substring of the unaccented search document, via the
    trigram index; one- and two-letter words as tsvector prefixes); only when that finds
    nothing, a fuzzy pass by trigram word similarity (typos).
    """
    if membership is None or not membership.is_staff_role:
        return []
    tokens = _tokens(query)
    if not tokens:
        return []
    status_sql, status_params = ("AND status = %s", [status]) if status else ("", [])
    conditions, params = [], []
    for token in tokens:
        if len(token) >= 3:
            conditions.append("search_document LIKE public.vireo_unaccent(%s)")
            params.append(_like(token))
        else:
            word = re.sub(r"[^\w]", "", token)
            if word:
                conditions.append(
                    "search_vector @@ to_tsquery('simple', public.vireo_unaccent(%s) || ':*')"
                )
                params.append(word)
    hits = []
    if conditions:
        name = "public.vireo_unaccent(lower(c.name))"
        sql = _SELECT.format(
            fuzzy="false",
            where=" AND ".join(conditions),
            status=status_sql,
            candidates=_CANDIDATES,
            order=(
                f"({name} LIKE public.vireo_unaccent(%s) || '%%') DESC, "
                f"({name} LIKE '%%' || public.vireo_unaccent(%s) || '%%') DESC"
            ),
        )
        whole = _like(" ".join(tokens))[1:-1]
        hits = _run(sql, [*params, *status_params, whole, whole, limit])
    long_tokens = [t for t in tokens if len(t) >= 3]
    if hits or not long_tokens:
        return hits
    fuzzy_conditions = " AND ".join(
        "public.vireo_unaccent(%s) <%% search_document" for _t in long_tokens
    )
    score = " + ".join(
        "word_similarity(public.vireo_unaccent(%s), c.search_document)" for _t in long_tokens
    )
    sql = _SELECT.format(
        fuzzy="true", where=fuzzy_conditions, status=status_sql, candidates=_CANDIDATES,
        order=f"({score}) DESC",
    )
    return _run(sql, [*long_tokens, *status_params, *long_tokens, limit], fuzzy=True)


# pg_trgm's default (0.6) misses one dropped letter in a short word ("zielny" / "zielony"
# scores 0.57); 0.5 still keeps unrelated words out and the ranking puts the closest first.
_FUZZY_SETUP = "SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', false)"


def _run(sql: str, params: list, fuzzy: bool = False) -> list[SearchHit]:
    with connection.cursor() as cursor:
        if fuzzy:
            cursor.execute(_FUZZY_SETUP)
        cursor.execute(sql, params)
        return [SearchHit(*row) for row in cursor.fetchall()]
