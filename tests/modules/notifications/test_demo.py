from types import SimpleNamespace

from modules.notifications.demo import seed_demo
from modules.notifications.models import Delivery


def test_demo_messages_are_delivered_not_left_queued(office_a, in_office_a):
    from accounts.models import Role
    from modules.clients.demo import seed_demo as clients_seed_demo
    from tests.helpers.offices import member

    # The recipients are the demo clients' contact persons (seeded before notifications).
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    clients_seed_demo(office=office_a, people=people)
    seed_demo(
        office=SimpleNamespace(slug="demo", country="PL", url="http://demo.localhost:8000"),
        people={},
    )
    statuses = set(Delivery.objects.values_list("status", flat=True))
    assert Delivery.objects.count() >= 3
    assert statuses == {"sent"}
    assert not Delivery.objects.filter(sent_at=None).exists()
