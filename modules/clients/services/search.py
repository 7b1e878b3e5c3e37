"""The denormalised search document of each client (C2).

Every service that changes something searchable calls `client_search_refresh` in its own
transaction; the document is rebuilt by one UPDATE from the rows themselves, so it can never
disagree with them for long, and a bulk import refreshes thousands of clients in one statement.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# Phones also go in as bare digits, so "600100200" finds "+48 600 100 200".
_DOCUMENT_SQL = r"""
UPDATE clients_client AS c
SET search_document = d.doc, search_vector = to_tsvector('simple', d.doc)
FROM (
  SELECT c2.id, public.vireo_unaccent(lower(concat_ws(' ',
    c2.name, c2.legal_form, c2.code, c2.nip, c2.regon, c2.krs, c2.ico, c2.dic, c2.ic_dph,
    c2.email, c2.phone, regexp_replace(c2.phone, '\D', '', 'g'), c2.notes,
    (SELECT string_agg(concat_ws(' ', a.street, a.postal_code, a.city, a.recipient), ' ')
       FROM clients_clientaddress a WHERE a.client_id = c2.id),
    (SELECT string_agg(concat_ws(' ', p.first_name, p.last_name, p.role,
        (SELECT string_agg(e, ' ') FROM jsonb_array_elements_text(p.emails) e),
        (SELECT string_agg(ph || ' ' || regexp_replace(ph, '\D', '', 'g'), ' ')
           FROM jsonb_array_elements_text(p.phones) ph)), ' ')
       FROM clients_contactperson p WHERE p.client_id = c2.id),
    (SELECT string_agg(v.value, ' ') FROM clients_customfieldvalue v
       WHERE v.client_id = c2.id)
  ))) AS doc
  FROM clients_client c2
  WHERE {where}
) AS d
WHERE c.id = d.id
"""


# Words with digits or "@" (numbers, e-mails, codes) are found exactly; only words are
# worth correcting, and leaving the rest out keeps the lexicon small.
_WORDS_SQL = r"""
INSERT INTO clients_clientsearchword (word)
SELECT DISTINCT w FROM clients_client c, unnest(tsvector_to_array(c.search_vector)) AS w
WHERE {where} AND length(w) BETWEEN 3 AND 60 AND w !~ '[0-9@]'
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
