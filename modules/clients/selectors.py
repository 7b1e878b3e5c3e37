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


def _tokens(query: str) -> list[tuple[str, ...]]:
    """The words of a query, each with the forms it may take in a document.

    A number is looked for as typed and as bare digits: "526-025-02-74" is stored as the NIP
    5260250274, "601 234 567" as a phone in both forms, "90-001" only as typed.
    """
    query = query.strip().lower()
    if _NUMBERISH.match(query) and sum(c.isdigit() for c in query) >= 3:
        digits = re.sub(r"\D", "", query)
        return [(digits, query) if query != digits else (digits,)]
    tokens = []
    for raw in query.split()[:6]:
        token = raw.strip(".,;:()\"'")
        if _NUMBERISH.match(token) and sum(c.isdigit() for c in token) >= 3:
            digits = re.sub(r"\D", "", token)
            tokens.append((digits, token) if digits != token else (digits,))
        elif token:
            tokens.append((token,))
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
    for forms in tokens:
        token = forms[0]
        if len(token) >= 3:
            conditions.append("(" + " OR ".join(
                "search_document LIKE public.vireo_unaccent(%s)" for _f in forms
            ) + ")")
            params += [_like(f) for f in forms]
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
        whole = _like(" ".join(forms[-1] for forms in tokens))[1:-1]
        hits = _run(sql, [*params, *status_params, whole, whole, limit])
    # Only words are corrected: a typo in a number is a different number.
    long_tokens = [f[0] for f in tokens if sum(ch.isalpha() for ch in f[0]) >= 3]
    if hits or not long_tokens:
        return hits
    return _fuzzy_search(tokens=long_tokens, status_sql=status_sql,
                         status_params=status_params, limit=limit)


def _lexeme(word: str, prefix: bool = False) -> str:
    """A word as a quoted tsquery lexeme (safe whatever it contains)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


_SIMILAR_WORDS = """
SELECT w.word FROM clients_clientsearchword w
WHERE w.word %% public.vireo_unaccent(%s)
ORDER BY similarity(w.word, public.vireo_unaccent(%s)) DESC, w.word LIMIT 6
"""


def _fuzzy_search(*, tokens, status_sql, status_params, limit) -> list[SearchHit]:
    """Typos: each word typed is replaced by the closest words that exist in the card file
    (the lexicon, a small trigram-indexed table), then the documents are searched for them
    through the tsvector index."""
    conditions, params, score_params = [], [], []
    with connection.cursor() as cursor:
        for token in tokens:
            cursor.execute(_SIMILAR_WORDS, [token, token])
            words = [row[0] for row in cursor.fetchall()]
            plain = re.sub(r"[^\w]", "", token)
            parts = [_lexeme(w) for w in words] + ([_lexeme(plain, prefix=True)] if plain else [])
            if not parts:
                return []
            conditions.append(
                "search_vector @@ (" + " || ".join(
                    "to_tsquery('simple', public.vireo_unaccent(%s))" for _p in parts
                ) + ")"
            )
            params += parts
            score_params.append(token)
    score = " + ".join(
        "word_similarity(public.vireo_unaccent(%s), c.search_document)" for _t in score_params
    )
    sql = _SELECT.format(
        fuzzy="true", where=" AND ".join(conditions), status=status_sql,
        candidates=_CANDIDATES, order=f"({score}) DESC",
    )
    return _run(sql, [*params, *status_params, *score_params, limit])


def _run(sql: str, params: list) -> list[SearchHit]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [SearchHit(*row) for row in cursor.fetchall()]
