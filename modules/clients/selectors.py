"""Reads of the clients module. Staff see every client of the office; a client user sees
only the company they act for (request.membership.client_id)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
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
_CANDIDATES = 200
# word_similarity() over whole documents is the costly part of the typo pass.
_FUZZY_CANDIDATES = 200
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
    return _short_words_joined(tokens)


def _short_words_joined(tokens: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A one- or two-letter word is searched together with its neighbour as a phrase
    ("Leśna 4", "J Kowalski"): on its own it would match most of the card file, while the
    phrase keeps the trigram index selective. Only short words stay alone."""
    if all(len(forms[0]) < 3 for forms in tokens):
        return tokens
    joined: list[list[str]] = []
    pending: list[str] = []
    for forms in tokens:
        word = forms[-1]
        if len(forms[0]) < 3:
            if joined:
                joined[-1] = [f"{f} {word}" for f in joined[-1][-1:]]
            else:
                pending.append(word)
            continue
        joined.append(
            [f"{' '.join(pending)} {f}".strip() for f in forms] if pending else list(forms)
        )
        pending = []
    return [tuple(forms) for forms in joined]


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_SELECT = """
SELECT c.id, c.name, c.code, c.status,
       COALESCE((SELECT a.city FROM clients_clientaddress a WHERE a.client_id = c.id
                 ORDER BY a.kind, a.id LIMIT 1), '') AS city,
       {fuzzy} AS fuzzy
FROM (SELECT id, name, code, status, search_document, search_vector FROM clients_client
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
            conditions.append(
                "("
                + " OR ".join("search_document LIKE public.vireo_unaccent(%s)" for _f in forms)
                + ")"
            )
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
        # The document starts with the unaccented name: a name that starts with (or contains)
        # the query comes first, without unaccenting names row by row.
        sql = _SELECT.format(
            fuzzy="false",
            where=" AND ".join(conditions),
            status=status_sql,
            candidates=_CANDIDATES,
            order=(
                "(c.search_document LIKE public.vireo_unaccent(%s) || '%%') DESC, "
                "(strpos(c.search_document, public.vireo_unaccent(%s)) "
                "BETWEEN 1 AND length(c.name)) DESC"
            ),
        )
        whole = " ".join(forms[-1] for forms in tokens)
        hits = _run(sql, [*params, *status_params, _like(whole)[1:-1], whole, limit])
    # Only words are corrected: a typo in a number is a different number.
    long_tokens = [f[0] for f in tokens if sum(ch.isalpha() for ch in f[0]) >= 3]
    if hits or not long_tokens:
        return hits
    return _fuzzy_search(
        tokens=long_tokens, status_sql=status_sql, status_params=status_params, limit=limit
    )


def _lexeme(word: str, prefix: bool = False) -> str:
    """A word as a quoted tsquery lexeme (safe whatever it contains)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


# For every word typed, the six closest words of the lexicon (one round trip for all).
_SIMILAR_WORDS = """
SELECT t.ord, w.word
FROM unnest(%s::text[]) WITH ORDINALITY AS t(token, ord)
CROSS JOIN LATERAL (
  SELECT word FROM clients_clientsearchword
  WHERE word %% public.vireo_unaccent(t.token)
  ORDER BY similarity(word, public.vireo_unaccent(t.token)) DESC, word LIMIT 6
) AS w
"""


def _fuzzy_search(*, tokens, status_sql, status_params, limit) -> list[SearchHit]:
    """Typos: each word typed is replaced by the closest words that exist in the card file
    (the lexicon, a small trigram-indexed table), then the documents are searched for them
    through the tsvector index. Documents holding the closest word of each come first."""
    similar: dict[int, list[str]] = {i: [] for i in range(1, len(tokens) + 1)}
    with connection.cursor() as cursor:
        cursor.execute(_SIMILAR_WORDS, [tokens])
        for ordinal, word in cursor.fetchall():
            similar[ordinal].append(word)
    conditions, params, score, score_params = [], [], [], []
    for ordinal, token in enumerate(tokens, start=1):
        plain = re.sub(r"[^\w]", "", token)
        parts = [_lexeme(w) for w in similar[ordinal]]
        parts += [_lexeme(plain, prefix=True)] if plain else []
        if not parts:
            return []
        conditions.append(
            "search_vector @@ ("
            + " || ".join("to_tsquery('simple', public.vireo_unaccent(%s))" for _p in parts)
            + ")"
        )
        params += parts
        if similar[ordinal]:
            score.append("(c.search_vector @@ to_tsquery('simple', %s))::int")
            score_params.append(_lexeme(similar[ordinal][0]))
    sql = _SELECT.format(
        fuzzy="true",
        where=" AND ".join(conditions),
        status=status_sql,
        candidates=_FUZZY_CANDIDATES,
        order=f"({' + '.join(score)}) DESC" if score else "c.name",
    )
    return _run(sql, [*params, *status_params, *score_params, limit])


def _run(sql: str, params: list) -> list[SearchHit]:
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner's guess for LIKE '%...%' on long documents is poor; with a LIMIT it
        # then prefers reading the table until enough rows match, which for a word found
        # in 2% of 100,000 clients is ten times slower than the trigram index. SET LOCAL
        # keeps this to the one query's transaction.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        return [SearchHit(*row) for row in cursor.fetchall()]
