"""The denormalised search document of each client (C2).

Every service that changes something searchable calls `client_search_refresh` in its own
transaction; the document is rebuilt by one UPDATE from the rows themselves, so it can never
disagree with them for long, and a bulk import refreshes thousands of clients in one statement.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# The words of the document (search_vector, GIN) are its own, not a text-search parser's, so
# that what is typed and what is stored are cut the same way (selectors.search mirrors it):
# - every whitespace-separated token, punctuation trimmed from its ends ("ul." -> "ul");
# - the pieces of tokens joined by . @ / _ + - ("jan", "kowalski" of jan.kowalski@x.pl,
#   "63" of "63/3", "001" of "PL-001");
# - every run of letters ("srebrny" of biuro@srebrny1.pl): a typed word of letters is then
#   the beginning of a stored word only if it is the beginning of a run of letters, so the
#   lexicon of those (below) lists every word it can complete to;
# - "#street number" for a word followed by a number ("#dluga 5/3"): "Długa 5" is then one
#   short index lookup instead of every client on a Długa street rechecked for a "5" after
#   it. The "#" keeps these out of the prefix range of the word itself.
# Phones also go in as bare digits, so "600100200" finds "+48 600 100 200".
# The text of a client's card, lower case and unaccented. {internal} and {custom} hold what
# the office keeps for itself (its notes, its custom fields): in the search document staff
# search, not in what a client user's query may match (client_shown_documents).
_CARD_TEXT = r"""
public.vireo_unaccent(lower(concat_ws(' ',
    c2.name, c2.legal_form, c2.code, c2.nip, c2.regon, c2.krs, c2.ico, c2.dic, c2.ic_dph,
    c2.email, c2.phone, regexp_replace(c2.phone, '\D', '', 'g'), {internal}
    (SELECT string_agg(concat_ws(' ', a.street, a.postal_code, a.city, a.recipient), ' ')
       FROM clients_clientaddress a WHERE a.client_id = c2.id),
    (SELECT string_agg(concat_ws(' ', p.first_name, p.last_name, p.role,
        (SELECT string_agg(e, ' ') FROM jsonb_array_elements_text(p.emails) e),
        (SELECT string_agg(ph || ' ' || regexp_replace(ph, '\D', '', 'g'), ' ')
           FROM jsonb_array_elements_text(p.phones) ph)), ' ')
       FROM clients_contactperson p WHERE p.client_id = c2.id)
    {custom}
  )))
"""
_INTERNAL = "c2.notes,"
_CUSTOM = r""",
    (SELECT string_agg(v.value, ' ') FROM clients_customfieldvalue v
       WHERE v.client_id = c2.id)"""
_DOCUMENT_SQL = r"""
UPDATE clients_client AS c
SET search_document = d.doc, search_vector = array_to_tsvector(ARRAY(
  SELECT DISTINCT w FROM unnest(
    regexp_split_to_array(d.words, '\s+') || regexp_split_to_array(d.words, '[\s.@/_+-]+')
    || regexp_split_to_array(d.words, '[^[:alpha:]]+')
    || ARRAY(SELECT '#' || m[1] || ' ' || m[2]
             FROM regexp_matches(d.words, '(?:^|\s)([[:alpha:]]+)\s+([0-9]\S*)', 'g') AS m)
  ) AS w
  WHERE w <> '' AND length(w) <= 100
))
FROM (
  SELECT id, doc, regexp_replace(regexp_replace(doc,
    '(^|\s)[.,;:()"''!?+#]+', '\1', 'g'), '[.,;:()"''!?+#]+(\s|$)', '\1', 'g') AS words
  FROM (
  SELECT c2.id, {document} AS doc
  FROM clients_client c2
  WHERE {where}
  ) AS d0
) AS d
WHERE c.id = d.id
""".replace("{document}", _CARD_TEXT.strip().format(internal=_INTERNAL, custom=_CUSTOM))
_SHOWN_SQL = (
    "SELECT c2.id, "
    + _CARD_TEXT.strip().format(internal="", custom="")
    + " FROM clients_client c2 WHERE c2.id = ANY(%s)"
)


def client_shown_documents(*, client_ids: list[int]) -> dict[int, str]:
    """What a client user is shown of each client's card, as search text (no notes, no
    custom fields): their query is matched against this, not the whole search document."""
    with connection.cursor() as cursor:
        cursor.execute(_SHOWN_SQL, [client_ids])
        return dict(cursor.fetchall())


def search_text_fold(text: str) -> str:
    """Text as the search document holds it: lower case, unaccented."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.vireo_unaccent(lower(%s))", [text])
        return cursor.fetchone()[0]


# The lexicon: every stored run of letters. The typo pass corrects typed words to these,
# and a typed word of letters is completed to these (numbers, e-mails and codes are found
# as typed; leaving them out keeps the lexicon small).
_WORDS_SQL = r"""
INSERT INTO clients_clientsearchword (word)
SELECT DISTINCT w FROM clients_client c, unnest(tsvector_to_array(c.search_vector)) AS w
WHERE {where} AND w ~ '^[[:alpha:]]{{3,60}}$'
ON CONFLICT DO NOTHING
"""


def client_search_refresh(*, client_ids: Iterable[int] | None) -> int:
    """Rebuild the search document of the given clients (all of them with None)."""
    with connection.cursor() as cursor:
        if client_ids is None:
            cursor.execute(_DOCUMENT_SQL.format(where="TRUE"))
            count = cursor.rowcount
            cursor.execute(_WORDS_SQL.format(where="TRUE"))
            return count
        ids = list(client_ids)
        if not ids:
            return 0
        cursor.execute(_DOCUMENT_SQL.format(where="c2.id = ANY(%s)"), [ids])
        count = cursor.rowcount
        cursor.execute(_WORDS_SQL.format(where="c.id = ANY(%s)"), [ids])
        return count
