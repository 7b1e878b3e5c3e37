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
