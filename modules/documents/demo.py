"""Demo documents (`manage.py seed_demo`): the ready-made agreement, consent and forwarding
authorisation generated for the first clients through the real services; the agreement is
shared (the demo client user sees it in the panel) and generated twice (two versions)."""

from __future__ import annotations

from django.db import transaction

from modules.clients.models import Client
from modules.documents.models import Document, DocumentTemplate
from modules.documents.seeds import templates_seed
from modules.documents.services import (
    document_generate,
    document_regenerate,
    templates_country_settle,
)

PLACE = {"PL": "Warszawa", "SK": "Bratislava"}


@transaction.atomic
def seed_demo(*, office, people) -> None:
    templates_seed(DocumentTemplate)  # an office whose schema predates the migration
    templates_country_settle(office=office)  # its country's set only, as a new office
    if Document.objects.exists():
        return
    clients = list(Client.objects.order_by("pk")[:2])
    if not clients:
        return
    country = "SK" if office.country == "SK" else "PL"
    prefix = country.lower()
    staff = people["staff"]
    templates = {
        t.seed_key: t for t in DocumentTemplate.objects.filter(seed_key__startswith=f"{prefix}_")
    }
    values = {"signing_place": PLACE[country]}
    for client in clients:
        agreement = document_generate(
            template=templates[f"{prefix}_service_agreement"],
            client=client,
            actor=staff,
            field_values=values,
            share=True,
        )
        document_generate(
            template=templates[f"{prefix}_seat_consent"],
            client=client,
            actor=staff,
            field_values={**values, "agreement_number": agreement.number},
            share=True,
        )
    document_regenerate(document=agreement, actor=staff)
    document_generate(
        template=templates[f"{prefix}_forwarding_authorisation"],
        client=clients[0],
        actor=staff,
        field_values=values,
    )
