"""Client search (C2): one box that finds a client by anything on its card, in any word
order, without diacritics and with a typo. How the words are stored: services/search.py.

Every word typed narrows the result: it must be the beginning of some word of the card
("Kowalski J" finds Jan Kowalski, "ul Dluga 5" finds "ul. Długa 5"). Passes, each only when
the previous one found nothing:
1. words, through the GIN index on `search_vector` (the card's own words); a word followed
   by a number must be followed by it on the card ("Długa 5" is not "Długa 17, 5 Maja");
2. the same without that rule;
3. fragments: every word of 3+ characters is a substring of the document (trigram index),
   for what is not the start of a word ("owalski", phone digits without +48);
4. typos: each word is replaced by its closest words of the lexicon.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.db import connection, transaction

from modules.clients.models import Client

SEARCH_LIMIT = 20
# Ranking is done over at most this many index hits: a one-word query that matches half the
# card file is narrowed by typing on, never by sorting 50,000 rows on every keystroke.
_CANDIDATES = 200
# A typed word is completed to the whole words of the lexicon that start with it, and the
# index is asked for those: an exact GIN lookup is ~3x cheaper than a prefix range scan.
# Beyond this many completions ("ko"), the prefix range is used instead.
_COMPLETIONS = 100
_NUMBERISH = re.compile(r"^[\d\s\-./()+]+$")
# Trimmed from both ends of each word, as services.search trims the words it stores.
_EDGE = ".,;:()\"'!?+#"
_LETTERS = re.compile(r"^[^\W\d_]+$")


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


@dataclass(frozen=True)
class _Word:
    """One typed word: the forms it may take on a card (unaccented, lower case) and, for a
    word of letters, the lexicon words it is the beginning of (None: too many to list)."""

    forms: tuple[str, ...]
    completions: tuple[str, ...] | None = None

    @property
    def short(self) -> bool:
        return len(self.forms[0]) < 3

    @property
    def letters(self) -> bool:
        return bool(_LETTERS.match(self.forms[0]))

    @property
    def number(self) -> bool:
        return self.forms[0][:1].isdigit()


def _split(query: str) -> list[tuple[str, ...]]:
    """The words of a query, each with the forms it may take in a document.

    A number is looked for as typed and as bare digits: "526-025-02-74" is stored as the NIP
    5260250274, "601 234 567" as a phone in both forms, "90-001" only as typed.
    """
    query = query.strip().lower()
    if _NUMBERISH.match(query) and sum(c.isdigit() for c in query) >= 3:
        digits = re.sub(r"\D", "", query)
        return [(digits, query) if query != digits else (digits,)]
    words = []
    for raw in query.split()[:6]:
        token = raw.strip(_EDGE)
        if _NUMBERISH.match(token) and sum(c.isdigit() for c in token) >= 3:
            digits = re.sub(r"\D", "", token)
            words.append((digits, token) if digits != token else (digits,))
        elif token:
            words.append((token,))
    return words


# One round trip: every form unaccented as the documents are, and the completions of each
# word of letters from the lexicon (trigram index; LIKE 'abc%').
_PREPARE_SQL = """
SELECT t.ord, u.plain,
       CASE WHEN u.plain ~ '^[[:alpha:]]{3,60}$' THEN ARRAY(
         SELECT w.word FROM clients_clientsearchword w WHERE w.word LIKE u.plain || '%%'
         ORDER BY w.word LIMIT %s) END
FROM unnest(%s::text[]) WITH ORDINALITY AS t(form, ord)
CROSS JOIN LATERAL (SELECT public.vireo_unaccent(t.form) AS plain) AS u
ORDER BY t.ord
"""


def _prepare(query: str) -> list[_Word]:
    raw = _split(query)
    flat = [form for forms in raw for form in forms]
    if not flat:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_PREPARE_SQL, [_COMPLETIONS + 1, flat])
        rows = cursor.fetchall()
    plain = [row[1] for row in rows]
    completions = [row[2] for row in rows]
    words, i = [], 0
    for forms in raw:
        found = completions[i] if len(forms) == 1 else None
        words.append(
            _Word(
                forms=tuple(plain[i : i + len(forms)]),
                # None (prefix range) when there are too many, and when there are none:
                # the lexicon holds whole words only, a prefix may still start "srebrny1".
                completions=tuple(found) if found and len(found) <= _COMPLETIONS else None,
            )
        )
        i += len(forms)
    return words


def _lexeme(word: str, prefix: bool = False) -> str:
    """A word as a quoted tsquery lexeme (safe whatever it contains)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def _any(lexemes: list[str]) -> str:
    return "(" + " | ".join(lexemes) + ")"


def _word_terms(words: list[_Word], *, pairs: bool) -> list[tuple[str, bool]] | None:
    """(tsquery, short) for each word; a word of letters and the number after it become one
    "#word number" term (services.search stores those). None: nothing can match."""
    terms, i = [], 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        if pairs and after is not None and word.letters and after.number:
            heads = word.completions or (word.forms[0],)
            tails = [f for f in after.forms if " " not in f]
            terms.append(
                (_any([_lexeme(f"#{h} {t}", prefix=True) for h in heads for t in tails]), False)
            )
            i += 2
            continue
        if word.completions:
            lexemes = [_lexeme(w) for w in word.completions]
        else:
            lexemes = [_lexeme(f, prefix=True) for f in word.forms if " " not in f]
        if not lexemes:
            return None
        terms.append((_any(lexemes), word.short))
        i += 1
    return terms


def _has_pair(words: list[_Word]) -> bool:
    return any(a.letters and b.number for a, b in itertools.pairwise(words))


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
# The document starts with the unaccented name: a name that starts with (or contains) the
# query comes first, without unaccenting names row by row.
_RANK = (
    "(c.search_document LIKE %s || '%%') DESC, "
    "(strpos(c.search_document, %s) BETWEEN 1 AND length(c.name)) DESC"
)
# ts_match_vq() is the function behind @@: the planner cannot take it for an index
# condition. One- and two-letter words are checked on the rows the other words found; in
# the index, "j:*" would read the posting lists of every word starting with j.
_FILTER = "ts_match_vq(search_vector, %s::tsquery)"


def client_search(
    *, membership, query: str, status: str = "", limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """Find clients by anything on their card (see the module docstring for the passes)."""
    if membership is None or not membership.is_staff_role:
        return []
    words = _prepare(query)
    if not words:
        return []
    status_sql, status_params = ("AND status = %s", [status]) if status else ("", [])
    whole = " ".join(w.forms[-1] for w in words)
    ranked = {"status_sql": status_sql, "status_params": status_params, "whole": whole}
    ranked["limit"] = limit
    for pairs in (True, False) if _has_pair(words) else (False,):
        terms = _word_terms(words, pairs=pairs)
        if terms is None:
            break
        indexed = [t for t, short in terms if not short] or [t for t, _short in terms]
        checked = [t for t, short in terms if short] if len(indexed) < len(terms) else []
        where = ["search_vector @@ %s::tsquery"] + ([_FILTER] if checked else [])
        params = [" & ".join(indexed)] + ([" & ".join(checked)] if checked else [])
        hits = _ranked(" AND ".join(where), params, **ranked)
        if hits:
            return hits
    # With only short words, pass 3 would repeat pass 2.
    hits = _fragments(words, **ranked) if any(not w.short for w in words) else []
    if hits:
        return hits
    # Only words are corrected: a typo in a number is a different number.
    typed = [w.forms[0] for w in words if sum(ch.isalpha() for ch in w.forms[0]) >= 3]
    if not typed:
        return []
    return _fuzzy_search(
        tokens=typed, status_sql=status_sql, status_params=status_params, limit=limit
    )


def _ranked(where, params, *, status_sql, status_params, whole, limit) -> list[SearchHit]:
    sql = _SELECT.format(
        fuzzy="false", where=where, status=status_sql, candidates=_CANDIDATES, order=_RANK
    )
    return _run(sql, [*params, *status_params, _like(whole)[1:-1], whole, limit])


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fragments(words: list[_Word], **ranked) -> list[SearchHit]:
    """Pass 3: each word of 3+ characters anywhere in the document (trigram index), the
    shorter ones still as the start of a word."""
    where, params, checked = [], [], []
    for word in words:
        if word.short:
            checked.append(_any([_lexeme(f, prefix=True) for f in word.forms]))
            continue
        where.append("(" + " OR ".join("search_document LIKE %s" for _f in word.forms) + ")")
        params += [_like(f) for f in word.forms]
    if checked:
        where.append(_FILTER)
        params.append(" & ".join(checked))
    return _ranked(" AND ".join(where), params, **ranked)


# For every word typed, the six closest words of the lexicon (one round trip for all).
_SIMILAR_WORDS = """
SELECT t.ord, w.word
FROM unnest(%s::text[]) WITH ORDINALITY AS t(token, ord)
CROSS JOIN LATERAL (
  SELECT word FROM clients_clientsearchword
  WHERE word %% t.token
  ORDER BY similarity(word, t.token) DESC, word LIMIT 6
) AS w
"""
# word_similarity() over whole documents is the costly part of the typo pass.
_FUZZY_CANDIDATES = 200


def _fuzzy_search(*, tokens, status_sql, status_params, limit) -> list[SearchHit]:
    """Typos: each word typed is replaced by the closest words that exist in the card file
    (the lexicon, a small trigram-indexed table), then the documents are searched for them
    through the word index. Documents holding the closest word of each come first."""
    similar: dict[int, list[str]] = {i: [] for i in range(1, len(tokens) + 1)}
    with connection.cursor() as cursor:
        cursor.execute(_SIMILAR_WORDS, [tokens])
        for ordinal, word in cursor.fetchall():
            similar[ordinal].append(word)
    conditions, score = [], []
    for ordinal, token in enumerate(tokens, start=1):
        parts = [_lexeme(w) for w in similar[ordinal]] + [_lexeme(token, prefix=True)]
        conditions.append(_any(parts))
        if similar[ordinal]:
            score.append(_lexeme(similar[ordinal][0]))
    sql = _SELECT.format(
        fuzzy="true",
        where="search_vector @@ %s::tsquery",
        status=status_sql,
        candidates=_FUZZY_CANDIDATES,
        order=" + ".join(["(c.search_vector @@ %s::tsquery)::int"] * len(score)) + " DESC"
        if score
        else "c.name",
    )
    return _run(sql, [" & ".join(conditions), *status_params, *score, limit])


def _run(sql: str, params: list) -> list[SearchHit]:
    with transaction.atomic(), connection.cursor() as cursor:
        # With a LIMIT, the planner may prefer reading the table until enough rows match,
        # which for a word found in 2% of 100,000 clients is ten times slower than the
        # index. SET LOCAL keeps this to the one query's transaction.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        return [SearchHit(*row) for row in cursor.fetchall()]
