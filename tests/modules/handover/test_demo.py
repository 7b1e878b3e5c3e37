from accounts.models import Role
from modules.clients.models import Client
from modules.handover.demo import seed_demo
from modules.handover.models import HandOver
from modules.handover.selectors import waiting_client_list
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import authorised


def test_demo_has_past_handovers_of_every_way_and_mail_waiting(office_a, in_office_a):
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    for _ in range(6):
        ClientFactory()
    first, second = Client.objects.order_by("pk")[:2]
    authorised(first, first_name="Marek", last_name="Zieliński")
    seed_demo(office=office_a, people=people)
    assert sorted(HandOver.objects.values_list("method", flat=True)) == [
        "confirmed",
        "digital",
        "forwarded",
        "po_box",
        "printed",
    ]
    assert HandOver.objects.exclude(pdf_path="").count() == 2
    assert HandOver.objects.get(method="confirmed").person_name == "Marek Zieliński"
    waiting = {c.pk: c.waiting for c in waiting_client_list()}
    assert (waiting[first.pk], waiting[second.pk]) == (3, 2)
    seed_demo(office=office_a, people=people)  # idempotent
    assert HandOver.objects.count() == 5
