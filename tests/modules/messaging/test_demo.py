from accounts.models import Role
from modules.messaging.demo import seed_demo
from modules.messaging.models import Announcement, Conversation, Message
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def test_demo_has_both_directions_a_note_an_announcement_and_runs_twice(in_office_a, office_a):
    first, second = ClientFactory(), ClientFactory()
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    rows = list(Conversation.objects.order_by("pk"))
    assert len(rows) == 4
    assert [(r.client_id, r.started_by_client, r.staff_unread, r.client_unread) for r in rows] == [
        (first.pk, True, 0, 1),
        (second.pk, False, 0, 1),
        (first.pk, False, 0, 1),
        (second.pk, False, 0, 1),
    ]
    assert Message.objects.filter(internal=True).count() == 1
    assert Announcement.objects.get().recipients == 2
