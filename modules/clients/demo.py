"""Demo clients (`manage.py seed_demo`): a few hundred Polish and Slovak companies.

The foundation's demo client user acts for clients 1 and 2 (common.demo_foundation), so these
two are created with exactly those ids and names; the id sequence is moved past them.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from common.demo_foundation import DEMO_CLIENTS
from modules.clients.demo_data import clients_bulk_save, clients_generate
from modules.clients.models import (
    Client,
    ClientAddress,
    ContactPerson,
    CustomField,
    CustomFieldValue,
)
from modules.clients.services.clients import client_update
from modules.clients.services.search import client_search_refresh


def _fixed_clients(people) -> list[tuple[Client, list, list]]:
    client_user = people["client"]
    zielony = Client(
        pk=1,
        name=DEMO_CLIENTS[1],
        legal_form="sp. z o.o.",
        code="ZL-001",
        country="PL",
        # not the demo office's own NIP (5260250274): its invoices printed one NIP for the
        # seller and the buyer
        nip="5252387604",
        regon="012345675",
        krs="0000123456",
        language="pl",
        email="biuro@zielonylas.pl",
        phone="+48 22 123 45 67",
        contract_start=dt.date(2023, 3, 1),
        notes="Odbiór poczty zwykle w czwartki.",
    )
    kowalski = Client(
        pk=2,
        name=DEMO_CLIENTS[2],
        legal_form="",
        code="KC-002",
        country="PL",
        nip="7740001454",
        language="pl",
        email="jan@kowalski-consulting.pl",
        contract_start=dt.date(2024, 9, 15),
    )
    result = []
    for client, street, city, postal in (
        (zielony, "ul. Leśna 12", "Warszawa", "00-950"),
        (kowalski, "ul. Mickiewicza 7/3", "Kraków", "31-120"),
    ):
        addresses = [
            ClientAddress(
                kind=ClientAddress.Kind.REGISTERED,
                street="ul. Marszałkowska 84/92",
                postal_code="00-514",
                city="Warszawa",
            ),
            ClientAddress(
                kind=ClientAddress.Kind.CORRESPONDENCE, street=street, postal_code=postal, city=city
            ),
        ]
        contacts = [
            ContactPerson(
                first_name="Marek",
                last_name="Zieliński",
                role="Prezes zarządu",
                emails=[client_user.email],
                phones=["+48601234567"],
                authorised_to_pick_up_mail=True,
                receives_notifications=True,
            ),
        ]
        if client.pk == 1:
            contacts.append(
                ContactPerson(
                    first_name="Ewa",
                    last_name="Zielińska",
                    role="Księgowa",
                    emails=["ksiegowosc@zielonylas.pl"],
                    phones=["+48602345678"],
                    authorised_to_pick_up_mail=False,
                    receives_notifications=True,
                )
            )
        result.append((client, addresses, contacts))
    return result


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if Client.objects.exists():
        return
    slovak = office.country == "SK"
    if not slovak:
        clients_bulk_save(_fixed_clients(people))
        # Rows inserted with explicit ids leave the sequence behind them.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('clients_client', 'id'), "
                "(SELECT MAX(id) FROM clients_client))"
            )
    clients_bulk_save(
        list(
            clients_generate(
                40 if slovak else 320,
                seed=7 if slovak else 4,
                slovak_share=1.0 if slovak else 0.25,
                start=3,
            )
        )
    )
    # No "package" custom field: billing owns the client's package and the Profile tab shows
    # it (clients.hooks.client_profile_fact_register); a field beside it would contradict it.
    mailbox = CustomField.objects.create(
        name="Numer skrytki" if not slovak else "Číslo schránky", order=0
    )
    values = []
    for i, client_id in enumerate(Client.objects.order_by("pk").values_list("pk", flat=True)):
        if i % 4 == 0:
            values.append(CustomFieldValue(client_id=client_id, field=mailbox, value=f"S-{i:03d}"))
    CustomFieldValue.objects.bulk_create(values)
    client_search_refresh(client_ids=None)
    if not slovak:
        # Something on the History tab of the demo client user's first company.
        client_update(
            client=Client.objects.get(pk=1),
            actor=people["staff"],
            data={"phone": "+48 22 123 45 68"},
        )
