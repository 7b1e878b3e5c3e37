import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from modules.clients.models import ContactPerson
from modules.clients.services.clients import (
    client_update,
    contact_person_delete,
    contact_person_save,
)
from modules.clients.services.imports import (
    client_import_configure,
    client_import_run,
    client_import_upload,
)
from modules.notifications.models import Delivery, NotificationRecipient
from modules.notifications.services import notify, recipient_create
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.clients.test_imports import _csv


def _rows(client):
    return sorted(
        NotificationRecipient.objects.filter(client_id=client.pk).values_list(
            "channel", "address", "language", "name", "source", "contact_id", "events"
        )
    )


def _email_defaults() -> list[str]:
    """The client events a new e-mail recipient gets: every module's, not only mail's."""
    from modules.notifications.hooks import CLIENT, EMAIL, event_list

    return sorted(
        e.code for e in event_list() if e.audience == CLIENT and EMAIL in e.default_channels
    )


def test_a_contact_ticked_receives_notifications_on_every_email_and_mobile(in_office_a, staff_a):
    client = ClientFactory(name="Zielony Las")
    contact = contact_person_save(
        client=client,
        actor=staff_a,
        data={
            "first_name": "Anna",
            "last_name": "Nowak",
            "emails": "anna@zielony.pl, biuro@zielony.pl",
            "phones": "600 100 200, 22 123 45 67",
            "receives_notifications": True,
        },
    )
    assert contact.phones == ["+48600100200", "+48221234567"]
    # The landline receives no SMS; mail.new is on for e-mail and SMS by default.
    both = _email_defaults()
    assert _rows(client) == [
        ("email", "anna@zielony.pl", "pl", "Anna Nowak", "clients", contact.pk, both),
        ("email", "biuro@zielony.pl", "pl", "Anna Nowak", "clients", contact.pk, both),
        ("sms", "+48600100200", "pl", "Anna Nowak", "clients", contact.pk, ["mail.new"]),
    ]


def test_contact_edits_keep_recipients_in_step(in_office_a, staff_a):
    client = ClientFactory(name="Zielony Las")
    recipient_create(
        client_id=client.pk,
        channel="email",
        address="ksiegowa@biuro.pl",
        language="pl",
        actor=staff_a,
    )
    contact = contact_person_save(
        client=client,
        actor=staff_a,
        data={"last_name": "Nowak", "emails": "a@zielony.pl", "receives_notifications": True},
    )
    contact_person_save(
        client=client,
        actor=staff_a,
        contact=contact,
        data={"emails": "b@zielony.pl", "phones": "+48 601 234 567"},
        notify_events={"email": ["mail.new"], "sms": []},
    )
    assert _rows(client) == [
        ("email", "b@zielony.pl", "pl", "Nowak", "clients", contact.pk, ["mail.new"]),
        ("email", "ksiegowa@biuro.pl", "pl", "", "manual", None, _email_defaults()),
        ("sms", "+48601234567", "pl", "Nowak", "clients", contact.pk, []),
    ]
    client_update(client=client, actor=staff_a, data={"language": "en"})
    assert set(
        NotificationRecipient.objects.filter(source="clients").values_list("language", flat=True)
    ) == {"en"}
    contact_person_save(
        client=client, actor=staff_a, contact=contact, data={"receives_notifications": False}
    )
    assert [r[1] for r in _rows(client)] == ["ksiegowa@biuro.pl"]
    contact_person_save(
        client=client, actor=staff_a, contact=contact, data={"receives_notifications": True}
    )
    contact_person_delete(contact=contact, actor=staff_a)
    assert [r[1] for r in _rows(client)] == ["ksiegowa@biuro.pl"]


def test_a_failed_contact_save_changes_no_recipient(in_office_a, staff_a):
    client = ClientFactory()
    contact = contact_person_save(
        client=client,
        actor=staff_a,
        data={"last_name": "Nowak", "emails": "a@zielony.pl", "receives_notifications": True},
    )
    before = _rows(client)
    with pytest.raises(ValidationError) as exc:
        contact_person_save(client=client, actor=staff_a, contact=contact, data={"phones": "12"})
    assert exc.value.message_dict == {"phones": ["12 is not a valid phone number."]}
    assert _rows(client) == before


def test_import_makes_contacts_recipients(in_office_a, staff_a):
    upload = _csv(
        [
            ["Firma", "Nazwisko", "E-mail", "Telefon"],
            ["Alfa sp. z o.o.", "Nowak", "nowak@alfa.pl", "601 234 567"],
            ["Beta s.r.o.", "Kováč", "", "601 000 111"],
        ]
    )
    job = client_import_upload(upload=upload, actor=staff_a, language="en")
    client_import_configure(
        job=job,
        mapping={"0": "name", "1": "contact.last_name", "2": "contact.email", "3": "contact.phone"},
        mode="all",
    )
    job = client_import_run(import_id=job.pk)
    assert (job.status, job.imported_count) == ("done", 2)
    alfa = ContactPerson.objects.get(last_name="Nowak")
    rows = NotificationRecipient.objects.values_list(
        "client_label", "channel", "address", "contact_id"
    )
    assert sorted(rows) == [
        ("Alfa sp. z o.o.", "email", "nowak@alfa.pl", alfa.pk),
        ("Alfa sp. z o.o.", "sms", "+48601234567", alfa.pk),
    ]


@pytest.mark.parametrize(
    ("office_fixture", "typed", "stored"),
    [
        ("office_a", "600 100 200", "+48600100200"),
        ("office_a", "0048 600-100-200", "+48600100200"),
        ("office_b", "0905 123 456", "+421905123456"),
        ("office_b", "+48 600 100 200", "+48600100200"),
    ],
)
def test_phones_are_read_in_the_office_country(request, staff_a, office_fixture, typed, stored):
    office = request.getfixturevalue(office_fixture)
    with in_office(office):
        client = ClientFactory()
        contact = contact_person_save(
            client=client,
            actor=staff_a,
            data={"last_name": "Nowak", "phones": typed, "receives_notifications": True},
        )
        assert contact.phones == [stored]
        assert list(
            NotificationRecipient.objects.filter(client_id=client.pk).values_list(
                "channel", "address"
            )
        ) == [("sms", stored)]
    connection.set_schema_to_public()


def test_a_contact_of_one_client_never_receives_another_clients_notification(in_office_a, staff_a):
    alfa, beta = ClientFactory(name="Alfa"), ClientFactory(name="Beta")
    for client, email in ((alfa, "a@alfa.pl"), (beta, "b@beta.pl")):
        contact_person_save(
            client=client,
            actor=staff_a,
            data={"last_name": "Nowak", "emails": email, "receives_notifications": True},
        )
    notify(event="mail.new", client_id=beta.pk, context={"client_name": "Beta"})
    assert list(Delivery.objects.values_list("client_id", "address")) == [(beta.pk, "b@beta.pl")]


def test_the_data_migration_turns_existing_contacts_into_recipients(in_office_a, staff_a):
    migration = importlib.import_module("modules.clients.migrations.0005_contacts_are_recipients")
    client = ClientFactory(name="Zielony Las", language="sk")
    # Rows as they were before: phones as typed, nothing read "receives notifications".
    ticked = ContactPerson.objects.create(
        client=client,
        last_name="Nowak",
        emails=["anna@zielony.pl"],
        phones=["601 234 567", "22 123 45 67", "nie wiem"],
        receives_notifications=True,
    )
    unticked = ContactPerson.objects.create(
        client=client, last_name="Kowal", emails=["k@zielony.pl"], phones=["0048 602 000 000"]
    )
    manual = NotificationRecipient.objects.create(
        client_id=client.pk,
        channel="email",
        address="anna@zielony.pl",
        language="pl",
        events=["mail.new"],
    )
    from django.apps import apps

    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    ticked.refresh_from_db()
    unticked.refresh_from_db()
    manual.refresh_from_db()
    assert ticked.phones == ["+48601234567", "+48221234567", "nie wiem"]
    assert unticked.phones == ["+48602000000"]
    assert (manual.contact_id, manual.source, manual.events) == (ticked.pk, "clients", ["mail.new"])
    assert _rows(client) == [
        ("email", "anna@zielony.pl", "pl", "", "clients", ticked.pk, ["mail.new"]),
        ("sms", "+48601234567", "sk", "Nowak", "clients", ticked.pk, ["mail.new"]),
    ]


def test_the_repair_migration_gives_a_ticked_contact_without_rows_the_defaults(
    in_office_a, staff_a
):
    migration = importlib.import_module(
        "modules.clients.migrations.0007_contacts_without_recipients"
    )
    client = ClientFactory(name="Kowalski Consulting")
    # As the demo seed wrote it: ticked, an e-mail and a mobile, no recipient row.
    marek = ContactPerson.objects.create(
        client=client,
        last_name="Zieliński",
        first_name="Marek",
        emails=["client@demo.example.com"],
        phones=["+48601234567"],
        receives_notifications=True,
    )
    from django.apps import apps

    from modules.notifications.hooks import SMS

    with connection.schema_editor() as editor:
        migration.Migration.operations[0].code(apps, editor)
    sms_defaults = sorted(e.code for e in _client_events() if SMS in e.default_channels)
    assert _rows(client) == [
        (
            "email",
            "client@demo.example.com",
            "pl",
            "Marek Zieliński",
            "clients",
            marek.pk,
            _email_defaults(),
        ),
        ("sms", "+48601234567", "pl", "Marek Zieliński", "clients", marek.pk, sms_defaults),
    ]


def _client_events():
    from modules.notifications.hooks import CLIENT, event_list

    return event_list(audience=CLIENT)


def test_a_contact_persons_recipient_is_not_removed_on_the_notifications_screen(
    in_office_a, staff_a
):
    from common.exceptions import ApplicationError
    from modules.notifications.services import recipient_remove

    client = ClientFactory(name="Alfa")
    contact_person_save(
        client=client,
        actor=staff_a,
        data={"last_name": "Nowak", "emails": "a@alfa.pl", "receives_notifications": True},
    )
    row = NotificationRecipient.objects.get(client_id=client.pk)
    with pytest.raises(ApplicationError):
        recipient_remove(recipient=row, actor=staff_a)
    assert NotificationRecipient.objects.filter(pk=row.pk).exists()
    manual = recipient_create(
        client_id=client.pk, channel="email", address="x@alfa.pl", language="pl", actor=staff_a
    )
    recipient_remove(recipient=manual, actor=staff_a)
    assert not NotificationRecipient.objects.filter(pk=manual.pk).exists()
