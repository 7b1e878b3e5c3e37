from accounts.models import Role
from modules.documents.demo import seed_demo
from modules.documents.models import Document
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def test_demo_generates_shared_documents_and_runs_twice(in_office_a, office_a):
    first, second = ClientFactory(), ClientFactory()
    people = {"staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    rows = list(
        Document.objects.order_by("pk").values_list("client_id", "template__seed_key", "version")
    )
    assert rows == [
        (first.pk, "pl_service_agreement", 1),
        (first.pk, "pl_seat_consent", 1),
        (second.pk, "pl_service_agreement", 2),
        (second.pk, "pl_seat_consent", 1),
        (first.pk, "pl_forwarding_authorisation", 1),
    ]
    assert Document.objects.filter(shared_at__isnull=False).count() == 4


def test_demo_of_a_slovak_office_keeps_only_the_slovak_templates(office_b):
    from modules.documents.models import DocumentTemplate
    from tests.helpers.offices import in_office

    with in_office(office_b):
        ClientFactory()
        seed_demo(office=office_b, people={"staff": member(office_b, Role.STAFF)})
        languages = set(
            DocumentTemplate.objects.exclude(seed_key="").values_list("language", flat=True)
        )
        used = set(Document.objects.values_list("template__seed_key", flat=True))
    assert languages == {"sk"}
    assert used == {"sk_service_agreement", "sk_seat_consent", "sk_forwarding_authorisation"}
