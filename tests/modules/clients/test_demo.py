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


def test_demo_contacts_receive_what_their_form_shows(office_a, in_office_a):
    # The audit: the card listed Marek as having no e-mail or mobile while his form showed
    # every default event ticked, and nothing was sent to him.
    from modules.clients.forms import ContactForm
    from modules.clients.models import ContactPerson
    from modules.notifications.models import Delivery
    from modules.notifications.selectors import recipients_by_contact
    from modules.notifications.services import notify

    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    marek = ContactPerson.objects.get(client_id=2, last_name="Zieliński")
    rows = recipients_by_contact(client_id=2)[marek.pk]
    initial = ContactForm.initial_for(marek)
    assert [(r.channel, r.address, r.events) for r in rows] == [
        ("email", people["client"].email, initial["email_events"]),
        ("sms", "+48601234567", initial["sms_events"]),
    ]
    assert "mail.new" in initial["email_events"]
    ticked = ContactPerson.objects.filter(receives_notifications=True)
    assert not ticked.exclude(pk__in=list(_contact_ids_with_rows())).exists()
    notify(event="mail.new", client_id=2, context={"client_name": DEMO_CLIENTS[2]})
    assert sorted(Delivery.objects.values_list("channel", "address")) == [
        ("email", people["client"].email),
        ("sms", "+48601234567"),
    ]


def _contact_ids_with_rows() -> set[int]:
    from modules.notifications.models import NotificationRecipient

    return set(
        NotificationRecipient.objects.exclude(contact_id=None).values_list("contact_id", flat=True)
    )


def test_demo_contacts_roles_agree_with_the_persons_gender():
    """Audit: the Slovak demo listed "Peter Szabó · Účtovníčka" (a woman's title for a man)
    on the hand-over panel and the client card; Polish had "Księgowa"/"Asystentka" for men
    too. A role is written for the person."""
    import random

    from modules.clients.demo_data import ROLE_FORMS, client_build, role_for

    assert role_for("Účtovníčka", "Peter") == "Účtovník"
    assert role_for("Účtovník", "Monika") == "Účtovníčka"
    assert role_for("Księgowa", "Tomasz") == "Księgowy"
    assert role_for("Asystentka", "Kuba") == "Asystent"
    assert role_for("Prezes zarządu", "Anna") == "Prezes zarządu"
    rng = random.Random(4)
    feminine = {f for _m, f in ROLE_FORMS}
    for number in range(200):
        _client, _addresses, contacts = client_build(rng, number, slovak=number % 2 == 0)
        for person in contacts:
            woman = person.first_name.endswith("a") and person.first_name != "Kuba"
            assert (person.role in feminine) <= woman, (person.first_name, person.role)


def test_demo_slovak_vat_numbers_are_ones_an_invoice_can_be_issued_to():
    """The audit: Poľana Služby s.r.o. (SK2059755929) and Pieniny Obchod a.s.
    (SK2116189845) got month-end drafts, reverse-charged, that could not be issued: "Numer
    podatkowy klienta ... jest nieprawidłowy" (python-stdnum: no IČ DPH has a third digit
    of 5 or 1)."""
    from stdnum.sk import dph

    from modules.clients.demo_data import clients_generate
    from modules.clients.validators import validate_ic_dph

    numbers = [c.ic_dph for c, _a, _c in clients_generate(600, slovak_share=0.5) if c.ic_dph]
    assert len(numbers) > 100
    for number in numbers:
        assert dph.is_valid(number), number
        validate_ic_dph(number)


def test_demo_clients_do_not_share_the_demo_office_s_tax_numbers(office_a, in_office_a):
    """The audit: FV/13/12/2026 printed NIP 5260250274 for the seller (the demo office) and
    for the buyer (Zielony Las sp. z o.o., the first demo client)."""
    from modules.office.demo import DETAILS

    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    office_numbers = {DETAILS["PL"]["nip"], DETAILS["SK"]["ic_dph"], DETAILS["SK"]["ico"]}
    assert not Client.objects.filter(nip__in=office_numbers).exists()
    assert not Client.objects.filter(ic_dph__in=office_numbers).exists()
    assert not Client.objects.filter(ico__in=office_numbers).exists()
    validate_nip(Client.objects.get(pk=1).nip)
