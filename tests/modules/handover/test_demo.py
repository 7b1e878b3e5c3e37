from accounts.models import Role
from modules.clients.demo import seed_demo as clients_demo
from modules.handover.demo import seed_demo
from modules.handover.models import HandOver
from modules.handover.selectors import waiting_client_list
from tests.helpers.offices import member


def test_demo_has_past_handovers_of_every_way_and_mail_waiting(office_a, in_office_a):
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    clients_demo(office=office_a, people=people)
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
    assert waiting[1] == 3 and waiting[2] == 2
    seed_demo(office=office_a, people=people)  # idempotent
    assert HandOver.objects.count() == 5
