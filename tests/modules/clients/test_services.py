import pytest
from django.core.exceptions import ValidationError

from accounts.models import Invitation, Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.clients import validators
from modules.clients.models import Client, CustomField
from modules.clients.services.clients import (
    client_code_generate,
    client_create,
    client_custom_values_set,
    client_update,
    contact_person_save,
    custom_field_save,
)
from modules.clients.services.users import client_user_invite
from tests.modules.clients.factories import ClientFactory


@pytest.mark.parametrize(
    ("validator", "good", "bad"),
    [
        (
            validators.validate_nip,
            ["5260250274", "526-025-02-74", "PL 774 000 14 54"],
            ["5260250275", "123", "abcdefghij"],
        ),
        (
            validators.validate_regon,
            ["012345675", "123456785", "12345678512347"],
            ["012345674", "12345678", "12345678512346"],
        ),
        (validators.validate_krs, ["0000123456"], ["123456", "00001234567"]),
        (validators.validate_ico, ["35757442", "31322832"], ["35757443", "1234567"]),
        (validators.validate_dic, ["2020317068"], ["20203170", "abc"]),
        # SK2059755929 is divisible by 11 but no IČ DPH (third digit 5): the card took it and
        # its invoice was refused at issue (python-stdnum's sk.dph, the invoices' check)
        (
            validators.validate_ic_dph,
            ["SK2020317068", "SK2030881765"],
            ["SK2020317069", "2020317068", "CZ1", "SK2059755929", "SK2116189845"],
        ),
    ],
)
def test_number_validators(validator, good, bad):
    for value in good:
        validator(value)
    for value in bad:
        with pytest.raises(ValidationError):
            validator(value)


def test_create_normalises_numbers_generates_code_and_records_history(in_office_a, staff_a):
    ClientFactory(code="ZIE-001")
    client = client_create(
        actor=staff_a,
        data={
            "name": " Zielony Las ",
            "nip": "526-025-02-74",
            "country": "PL",
        },
    )
    assert (client.name, client.nip, client.code) == ("Zielony Las", "5260250274", "ZIE-002")
    entry = AuditEntry.objects.get(action="client.created", target_id=str(client.pk))
    assert entry.changes["nip"] == "5260250274"
    assert entry.actor == staff_a


def test_code_generation_without_letters():
    assert client_code_generate(name="123 ÄÖ", taken={"123-001"}) == "123-002"
    assert client_code_generate(name="!!!", taken=set()) == "K-001"


def test_update_records_only_real_changes(in_office_a, staff_a):
    client = ClientFactory(name="Firma", nip="5260250274")
    client_update(client=client, actor=staff_a, data={"nip": "526 025 02 74", "name": "Firma"})
    assert not AuditEntry.objects.filter(action="client.updated").exists()
    client_update(client=client, actor=staff_a, data={"status": "suspended"})
    assert AuditEntry.objects.get(action="client.updated").changes == {
        "status": ["active", "suspended"]
    }


def test_contract_cannot_end_before_it_starts(in_office_a, staff_a):
    with pytest.raises(ValidationError) as exc:
        client_create(
            actor=staff_a,
            data={"name": "X", "contract_start": "2025-02-01", "contract_end": "2025-01-01"},
        )
    assert exc.value.message_dict == {"contract_end": ["The contract cannot end before it starts."]}
    assert Client.objects.count() == 0


def test_contact_person_validation(in_office_a, staff_a):
    client = ClientFactory()
    with pytest.raises(ValidationError) as exc:
        contact_person_save(
            client=client, actor=staff_a, data={"last_name": "Nowak", "emails": "a@b.pl, zły"}
        )
    assert exc.value.message_dict == {"emails": ["zły is not a valid e-mail address."]}
    with pytest.raises(ValidationError):
        contact_person_save(
            client=client,
            actor=staff_a,
            data={"last_name": "Nowak", "receives_notifications": True},
        )
    contact = contact_person_save(
        client=client,
        actor=staff_a,
        data={
            "last_name": "Nowak",
            "emails": "a@b.pl; c@d.pl",
            "phones": "+48 600 100 200",
            "authorised_to_pick_up_mail": True,
        },
    )
    assert (contact.emails, contact.phones) == (["a@b.pl", "c@d.pl"], ["+48600100200"])
    assert list(client.contacts.filter(authorised_to_pick_up_mail=True)) == [contact]


def test_custom_values_are_checked_by_kind(in_office_a, staff_a):
    client = ClientFactory()
    number = CustomField.objects.create(name="Skrytka", kind=CustomField.Kind.NUMBER)
    flag = CustomField.objects.create(name="VIP", kind=CustomField.Kind.YES_NO)
    with pytest.raises(ApplicationError):
        client_custom_values_set(client=client, actor=staff_a, values={number.pk: "abc"})
    changes = client_custom_values_set(
        client=client, actor=staff_a, values={number.pk: "17", flag.pk: "tak"}
    )
    assert changes == {"Skrytka": ["", "17"], "VIP": ["", "yes"]}
    client_custom_values_set(client=client, actor=staff_a, values={number.pk: ""})
    assert list(client.custom_values.values_list("value", flat=True)) == ["yes"]


def test_a_custom_field_saved_unchanged_records_nothing(in_office_a, staff_a):
    data = {"name": "Skrytka", "kind": CustomField.Kind.NUMBER, "order": 1, "is_active": True}
    field = custom_field_save(actor=staff_a, data=data)
    custom_field_save(actor=staff_a, data=data, field=CustomField.objects.get(pk=field.pk))
    custom_field_save(
        actor=staff_a, data={**data, "order": 2}, field=CustomField.objects.get(pk=field.pk)
    )
    actions = list(
        AuditEntry.objects.filter(action__startswith="client.custom_field")
        .order_by("pk")
        .values_list("action", "changes")
    )
    assert [a for a, _c in actions] == ["client.custom_field_added", "client.custom_field_changed"]
    assert actions[1][1] == {"order": [1, 2]}


def test_invite_refuses_ended_clients_and_existing_users(in_office_a, office_a, staff_a):
    from tests.helpers.offices import member

    ended = ClientFactory(status=Client.Status.ENDED)
    with pytest.raises(ApplicationError):
        client_user_invite(client=ended, email="a@b.pl", actor=staff_a)
    client = ClientFactory()
    person = member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name)
    with pytest.raises(ApplicationError):
        client_user_invite(client=client, email=person.email.upper(), actor=staff_a)
    client_user_invite(client=client, email="new@b.pl", actor=staff_a)
    assert Invitation.objects.filter(client_id=client.pk, role="client").count() == 1


def test_a_number_saved_under_an_older_check_does_not_block_other_changes(in_office_a):
    # SK2059755929 was accepted before python-stdnum's rule (divisible by 11): such a card
    # refused every later change, a phone number too, with "not valid".
    client = ClientFactory(country="SK", ico="", dic="", ic_dph="")
    Client.objects.filter(pk=client.pk).update(ic_dph="SK2059755929")
    client.refresh_from_db()
    client_update(client=client, actor=None, data={"phone": "+421 900 123 456"})
    client.refresh_from_db()
    assert client.phone == "+421 900 123 456" and client.ic_dph == "SK2059755929"
    # Typed anew (changed), it is checked as any new number.
    with pytest.raises(ValidationError) as refused:
        client_update(client=client, actor=None, data={"ic_dph": "SK2116189845"})
    assert "ic_dph" in refused.value.message_dict
