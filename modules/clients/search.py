"""Client search (C2): one box that finds a client by anything on its card, in any word
order, without diacritics and with a typo. How the words are stored: services/search.py.

Every word typed narrows the result: it must be the beginning of some word of the card
("Kowalski J" finds Jan Kowalski, "ul Dluga 5" finds "ul. Długa 5"). Passes, each only when
the previous ones found nothing:
1. words, through the GIN index on `search_vector` (the card's own words); a word followed
   by a number must be followed by it on the card ("Długa 5" is not "Długa 17, 5 Maja");
2. the same without that rule;
3. fragments: a word of 3+ characters anywhere inside the card's words ("owalski", phone
   digits without +48);
4. typos: a word of letters found nowhere is replaced by its closest words of the lexicon.
A word of letters is first looked up in the lexicon (every run of letters of the cards, a
small trigram-indexed table), in one round trip for all the words: the words it begins, the
words it is inside of and, when there are none, its closest words. The index is then asked
for those exact words (a third of the cost of a prefix range), and a pass that cannot match
is not run at all: a typo costs two queries, not five.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.db import connection

from common.collation import collation_key
from common.db import Conditions, compiled_where, fetchall_planned
from modules.clients.models import Client
from modules.clients.services.search import client_shown_documents, search_text_fold

SEARCH_LIMIT = 20
# Ranking is done over at most this many index hits: a one-word query that matches half the
# card file is narrowed by typing on, never by sorting 50,000 rows on every keystroke.
_CANDIDATES = 200
# More lexicon words than this ("ko", "owa"), and the word is matched as a prefix range or a
# trigram LIKE instead of a list of exact words.
_LEXICON_WORDS = 100
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
    # Higher first: the name starts with the query, contains it; for similar words, how
    # many of the closest ones the card holds. Hits of equal rank are in alphabetical order.
    rank: int = 0
    # The company numbers: the live results show the list's number column (the office's).
    nip: str = ""
    ico: str = ""
    vat_number: str = ""

    def get_status_display(self) -> str:
        return Client.Status(self.status).label


@dataclass(frozen=True)
class _Word:
    """One typed word: the forms it may take on a card (unaccented, lower case), and for a
    word of letters the lexicon words it begins, it is inside of (None: too many, or not a
    word of letters; empty: no word of any card) and, if it is inside of none, the closest
    ones (a typo)."""

    forms: tuple[str, ...]
    starts: tuple[str, ...] | None = None
    inside: tuple[str, ...] | None = None
    near: tuple[str, ...] = ()

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


# One round trip: every form unaccented as the documents are and, for a word of letters,
# the lexicon words it begins, those it is inside of and, if none, the six most similar
# (pg_trgm's % operator: similarity above pg_trgm.similarity_threshold, 0.3).
_PREPARE_SQL = """
SELECT u.plain, s.starts, i.inside, n.near
FROM unnest(%(forms)s::text[]) WITH ORDINALITY AS t(form, ord)
CROSS JOIN LATERAL (
  SELECT p.plain, p.plain ~ '^[[:alpha:]]{3,60}$' AS letters
  FROM (SELECT public.vireo_unaccent(t.form) AS plain) AS p
) AS u
LEFT JOIN LATERAL (SELECT ARRAY(
  SELECT w.word FROM clients_clientsearchword w WHERE w.word LIKE u.plain || '%%'
  ORDER BY w.word LIMIT %(n)s) AS starts) AS s ON u.letters
LEFT JOIN LATERAL (SELECT ARRAY(
  SELECT w.word FROM clients_clientsearchword w WHERE w.word LIKE '%%' || u.plain || '%%'
  ORDER BY w.word LIMIT %(n)s) AS inside) AS i ON u.letters
LEFT JOIN LATERAL (SELECT ARRAY(
  SELECT w.word FROM clients_clientsearchword w WHERE w.word %% u.plain
  ORDER BY similarity(w.word, u.plain) DESC, w.word LIMIT 6) AS near) AS n
  ON cardinality(i.inside) = 0
ORDER BY t.ord
"""


def _prepare(cursor, query: str) -> list[_Word]:
    raw = _split(query)
    flat = [form for forms in raw for form in forms]
    if not flat:
        return []
    cursor.execute(_PREPARE_SQL, {"n": _LEXICON_WORDS + 1, "forms": flat})
    rows = cursor.fetchall()

    def listed(found):
        return tuple(found) if found is not None and len(found) <= _LEXICON_WORDS else None

    words, i = [], 0
    for forms in raw:
        _plain, starts, inside, near = rows[i]
        one = len(forms) == 1  # numbers have two forms, and no lexicon words
        words.append(
            _Word(
                forms=tuple(row[0] for row in rows[i : i + len(forms)]),
                starts=listed(starts) if one else None,
                inside=listed(inside) if one else None,
                near=tuple(near or ()) if one else (),
            )
        )
        i += len(forms)
    return words


def _lexeme(word: str, prefix: bool = False) -> str:
    """A word as a quoted tsquery lexeme (safe whatever it contains)."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def _any(lexemes) -> str:
    return "(" + " | ".join(lexemes) + ")"


def _like(token: str) -> str:
    return "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class _Where:
    """The conditions of one pass: tsquery terms the index is asked for, tsquery terms only
    checked on the rows found, and trigram LIKE conditions."""

    indexed: list[str]
    checked: list[str]
    likes: list[list[str]]

    def sql(self) -> tuple[str, list]:
        where, params = [], []
        if self.indexed:
            where.append("search_vector @@ %s::tsquery")
            params.append(" & ".join(self.indexed))
        if self.checked:
            # ts_match_vq() is the function behind @@, which the planner cannot take for an
            # index condition: in the index, "j:*" would read the posting lists of every
            # word starting with j; checked on the rows the other words found, it is cheap.
            where.append("ts_match_vq(search_vector, %s::tsquery)")
            params.append(" & ".join(self.checked))
        for forms in self.likes:
            where.append("(" + " OR ".join("search_document LIKE %s" for _f in forms) + ")")
            params += [_like(f) for f in forms]
        return " AND ".join(where), params


def _words_where(words: list[_Word], *, pairs: bool, typos: bool = False) -> _Where | None:
    """Passes 1 and 2: each word is the beginning of a word of the card; with `pairs`, a
    word of letters and the number after it are one "#word number" (services.search stores
    those). With `typos` (pass 4), a word that begins nothing stands for its closest words.
    None: some word begins nothing."""
    terms, i = [], 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        if word.starts == ():
            if not (typos and word.near):
                return None
            terms.append((_any(_lexeme(w) for w in word.near), False))
            i += 1
            continue
        if pairs and after is not None and word.letters and after.number:
            heads = word.starts or (word.forms[0],)
            tails = [f for f in after.forms if " " not in f]
            terms.append((_any(_lexeme(f"#{h} {t}", True) for h in heads for t in tails), False))
            i += 2
            continue
        if word.starts:
            term = _any(_lexeme(w) for w in word.starts)
        else:
            forms = [f for f in word.forms if " " not in f]
            if not forms:
                return None
            term = _any(_lexeme(f, prefix=True) for f in forms)
        terms.append((term, word.short))
        i += 1
    return _split_short(terms)


def _split_short(terms: list[tuple[str, bool]]) -> _Where:
    """One- and two-letter words are checked on the rows the longer ones found (unless all
    the words are that short)."""
    indexed = [t for t, short in terms if not short]
    if not indexed:
        return _Where(indexed=[t for t, _short in terms], checked=[], likes=[])
    return _Where(indexed=indexed, checked=[t for t, short in terms if short], likes=[])


def _fragments_where(words: list[_Word]) -> _Where | None:
    """Pass 3: each word of 3+ characters anywhere inside the card's words: the lexicon
    words it is inside of, or (numbers, e-mails, too many) a trigram LIKE of the document.
    Shorter words still as the beginning of a word. None: nothing can match, or this would
    only repeat pass 2 (all words short)."""
    where = _Where(indexed=[], checked=[], likes=[])
    for word in words:
        if word.short:
            where.checked.append(_any(_lexeme(f, prefix=True) for f in word.forms))
        elif word.inside == ():
            return None
        elif word.inside:
            where.indexed.append(_any(_lexeme(w) for w in word.inside))
        else:
            where.likes.append(list(word.forms))
    if not where.indexed and not where.likes:
        return None
    return where


_SELECT = """
SELECT c.id, c.name, c.code, c.status,
       COALESCE((SELECT a.city FROM clients_clientaddress a WHERE a.client_id = c.id
                 ORDER BY a.kind, a.id LIMIT 1), '') AS city,
       {fuzzy} AS fuzzy, {rank} AS hit_rank, c.nip, c.ico, c.vat_number
FROM (SELECT id, name, code, status, nip, ico, vat_number, search_document, search_vector
      FROM clients_client
      WHERE {where} {narrow} LIMIT {candidates}) AS c
ORDER BY hit_rank DESC, lower(public.vireo_unaccent(c.name)), c.id
LIMIT %s
"""
# The document starts with the unaccented name: a name that starts with (or contains) the
# query comes first, without unaccenting names row by row. (The unaccented name only cuts
# the list at the limit close to the alphabet; client_search then orders equal ranks by the
# office language's alphabet, which a byte order, "Z" before "Ś", is not.)
_RANK = (
    "((c.search_document LIKE %s || '%%')::int * 2"
    " + (strpos(c.search_document, %s) BETWEEN 1 AND length(c.name))::int)"
)


def client_search(
    *, membership, query: str, status: str = "", limit: int = SEARCH_LIMIT
) -> list[SearchHit]:
    """Find clients by anything on their card (the passes: see the module docstring).

    Staff search the whole card file; a client user only their own company, by what they
    are shown of it.
    """
    hits = _in_alphabetical_order(
        _client_search(membership=membership, query=query, status=status, limit=limit)
    )
    if not hits or membership.is_staff_role:
        return hits
    # The search document also holds the office's notes and custom fields (staff search
    # them): a client's query must match what the client is shown, or it would tell them
    # what the notes say.
    shown = client_shown_documents(client_ids=[h.id for h in hits])
    words = search_text_fold(query).split()
    return [h for h in hits if all(w in shown.get(h.id, "") for w in words)]


def _in_alphabetical_order(hits: list[SearchHit]) -> list[SearchHit]:
    """Hits of equal rank in the office language's alphabet ("Śnieżka Audyt, Zorza Audyt,
    Źródło Audyt" in Polish); the list is short (the limit), sorted here after the query."""
    office = getattr(connection, "tenant", None)
    language = (getattr(office, "language", "") or "pl")[:2]
    return sorted(hits, key=lambda hit: (-hit.rank, collation_key(hit.name, language)))


def _client_search(*, membership, query: str, status: str, limit: int) -> list[SearchHit]:
    narrow, narrow_params = _narrowing(membership, status)
    if narrow is None:
        return []
    with connection.cursor() as cursor:
        words = _prepare(cursor, query)
    if not words:
        return []
    whole = " ".join(w.forms[-1] for w in words)
    wheres = [_words_where(words, pairs=True)] if _has_pair(words) else []
    wheres += [_words_where(words, pairs=False), _fragments_where(words)]
    for where in wheres:
        if where is None:
            continue
        sql, params = where.sql()
        hits = _run(
            _SELECT.format(
                fuzzy="false", where=sql, narrow=narrow, candidates=_CANDIDATES, rank=_RANK
            ),
            [_like(whole)[1:-1], whole, *params, *narrow_params, limit],
        )
        if hits:
            return hits
    # Only words are corrected: a typo in a number is a different number.
    where = _words_where(words, pairs=False, typos=True) if any(w.near for w in words) else None
    if where is None:
        return []
    sql, params = where.sql()
    # Clients holding the closest word of each corrected word come first.
    closest = [_lexeme(w.near[0]) for w in words if w.starts == () and w.near]
    rank = " + ".join(["(c.search_vector @@ %s::tsquery)::int"] * len(closest))
    sql = _SELECT.format(
        fuzzy="true",
        where=sql,
        narrow=narrow,
        candidates=_CANDIDATES,
        rank=f"({rank})",
    )
    return _run(sql, [*closest, *params, *narrow_params, limit])


def client_conditions(*, membership, status: str = "") -> Conditions | None:
    """THE definition of which clients a person is shown (the list and the search): staff
    every client, a client user only the company they act for; narrowed to `status`. None:
    nothing. selectors.client_list() filters by it; the search compiles it to SQL."""
    if membership is None or not (membership.is_staff_role or membership.client_id):
        return None
    conditions: Conditions = []
    if not membership.is_staff_role:
        conditions.append(("pk", membership.client_id))
    if status:
        conditions.append(("status", status))
    return conditions


def _narrowing(membership, status: str) -> tuple[str | None, list]:
    """client_conditions() as SQL after the search's own WHERE (None: nothing)."""
    conditions = client_conditions(membership=membership, status=status)
    if conditions is None:
        return None, []
    if not conditions:
        return "", []
    sql, params = compiled_where(Client, conditions)
    return f"AND {sql}", params


def _has_pair(words: list[_Word]) -> bool:
    return any(a.letters and b.number for a, b in itertools.pairwise(words))


def _run(sql: str, params: list) -> list[SearchHit]:
    # Always through the index. With a LIMIT, the planner may prefer reading the table
    # until enough rows match: for two common words that rarely meet ("Nowak Bratislava"),
    # or a word common only among the clients imported last, that reads most of the table.
    rows = fetchall_planned(sql, params, settings={"enable_seqscan": "off"})
    return [SearchHit(*row) for row in rows]
