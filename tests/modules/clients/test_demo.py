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


def test_generated_phone_numbers_are_ones_the_forms_accept():
    # A demo contact with a number the contact form refuses could not be saved unchanged
    # (Slovak 9xx prefixes not in use, "+421 2 1..." landlines), nor texted.
    from common.phones import phone_clean, phone_is_mobile
    from modules.clients.demo_data import clients_generate

    for client, _addresses, contacts in clients_generate(600, slovak_share=0.5):
        phone_clean(client.phone, country=client.country)
        for contact in contacts:
            (phone,) = contact.phones
            assert phone_is_mobile(phone_clean(phone, country=client.country)), phone
