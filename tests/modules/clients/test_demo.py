from accounts.models import Role
from common.demo_foundation import DEMO_CLIENTS
from modules.clients.demo import seed_demo
from modules.clients.models import Client
from modules.clients.validators import validate_ico, validate_nip
from tests.helpers.offices import member


def test_demo_creates_the_foundations_client_companies_with_their_ids(office_a, in_office_a):
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    assert dict(Client.objects.filter(pk__in=[1, 2]).values_list("pk", "name")) == DEMO_CLIENTS
    assert Client.objects.count() == 322
    assert (
        Client.objects.get(pk=1)
        .contacts.filter(emails__contains=[people["client"].email], authorised_to_pick_up_mail=True)
        .exists()
    )
    for client in Client.objects.exclude(nip="")[:50]:
        validate_nip(client.nip)
    for client in Client.objects.exclude(ico="")[:50]:
        validate_ico(client.ico)
    seed_demo(office=office_a, people=people)  # idempotent
    assert Client.objects.count() == 322
    new = Client.objects.create(name="Po demo", code="PO-1")  # the sequence moved on
    assert new.pk > 322
