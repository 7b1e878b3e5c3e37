import pytest

from modules.messaging import selectors
from modules.messaging.models import Message
from modules.messaging.selectors import InboxFilters, conversation_search
from tests.factories import MembershipFactory, UserFactory
from tests.modules.clients.factories import ClientFactory
from tests.modules.messaging.factories import started


@pytest.mark.parametrize("cap", [2000, 1], ids=["id-list plan", "newest-first plan"])
def test_both_search_plans_find_the_same_and_hide_notes_from_clients(
    in_office_a, office_a, monkeypatch, cap
):
    monkeypatch.setattr(selectors, "SEARCH_IDS_MAX", cap)
    client, other = ClientFactory(), ClientFactory()
    by_subject = started(client=client, subject="Parcel to Berlin", body="x")
    by_body = started(client=client, subject="Hello", body="the parcel is here")
    by_note = started(client=client, subject="Other", body="y")
    Message.objects.create(conversation=by_note, body="parcel noted internally", internal=True)
    elsewhere = started(client=other, subject="Parcel", body="z")
    started(client=client, subject="Nothing", body="nothing")
    staff = MembershipFactory(office=office_a, role="staff", user=UserFactory())
    person = MembershipFactory(
        office=office_a, role="client", client_id=client.pk, client_name="C", user=UserFactory()
    )

    def found(membership):
        rows = conversation_search(membership=membership, filters=InboxFilters(q="PARCEL"))
        return sorted(rows.values_list("pk", flat=True))

    assert found(staff) == sorted([by_subject.pk, by_body.pk, by_note.pk, elsewhere.pk])
    assert found(person) == sorted([by_subject.pk, by_body.pk])


def test_a_rare_term_sends_three_statements_and_no_list_of_subject_ids(in_office_a, office_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = ClientFactory()
    by_subject = started(client=client, subject="Parcel to Berlin", body="x")
    by_body = started(client=client, subject="Hello", body="the parcel is here")
    started(client=client, subject="Nothing", body="nothing")
    staff = MembershipFactory(office=office_a, role="staff", user=UserFactory())
    with CaptureQueriesContext(connection) as captured:
        rows = list(conversation_search(membership=staff, filters=InboxFilters(q="parcel")))
    assert [row.pk for row in rows] == [by_body.pk, by_subject.pk]
    explain, body_ids, page = (query["sql"] for query in captured.captured_queries)
    assert explain.startswith("EXPLAIN")
    assert body_ids.startswith('SELECT "messaging_message"."conversation_id"')
    assert "ORDER BY" not in body_ids
    assert 'UPPER("messaging_conversation"."subject"::text) LIKE UPPER(' in page
    assert f'"messaging_conversation"."id" IN ({by_body.pk})' in page


@pytest.mark.parametrize("q", ["a", "pa", " p "])
def test_a_term_under_three_characters_is_not_searched(in_office_a, office_a, q):
    client = ClientFactory()
    made = [started(client=client, subject=s, body="b") for s in ("pa", "xy")]
    staff = MembershipFactory(office=office_a, role="staff", user=UserFactory())
    filters = InboxFilters(q=q)
    rows = conversation_search(membership=staff, filters=filters)
    assert sorted(rows.values_list("pk", flat=True)) == sorted(c.pk for c in made)
    assert filters.too_short is True
    assert InboxFilters(q="par").too_short is False
    assert InboxFilters(q="  ").too_short is False
