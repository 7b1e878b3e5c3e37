"""Demo messages (`manage.py seed_demo`), made through the real services: a conversation the
client started with the office's answer (read by the office, the answer not yet read by
the client), one the office started with an internal note, and an announcement to every
active client. The demo client user writes for the first two companies."""

from __future__ import annotations

from django.db import transaction

from modules.clients.models import Client
from modules.messaging.models import Conversation
from modules.messaging.services import announcement_send, conversation_read, message_send

TEXTS = {
    "PL": {
        "asked": (
            "Zmiana adresu do doręczeń",
            "Dzień dobry, od maja prosimy o przesyłanie "
            "korespondencji na nowy adres: ul. Długa 5, Kraków.",
        ),
        "answer": "Dziękujemy, adres zapisaliśmy. Pierwsza przesyłka wyjdzie w poniedziałek.",
        "started": (
            "Aneks do umowy",
            "Dzień dobry, przygotowaliśmy aneks zmieniający pakiet. "
            "Prosimy o podpis przy najbliższej wizycie.",
        ),
        "note": "Klient pytał telefonicznie o rabat - do decyzji kierownika.",
        "announce": (
            "Biuro nieczynne 11 listopada",
            "Informujemy, że 11 listopada biuro będzie "
            "nieczynne. Korespondencję wydamy następnego dnia od 8:00.",
        ),
    },
    "SK": {
        "asked": (
            "Zmena adresy na doručovanie",
            "Dobrý deň, od mája prosíme posielať poštu na novú adresu: Dlhá 5, Košice.",
        ),
        "answer": "Ďakujeme, adresu sme si zapísali. Prvá zásielka odíde v pondelok.",
        "started": (
            "Dodatok k zmluve",
            "Dobrý deň, pripravili sme dodatok, ktorým sa mení "
            "balík. Prosíme o podpis pri najbližšej návšteve.",
        ),
        "note": "Klient sa telefonicky pýtal na zľavu - rozhodne vedúci.",
        "announce": (
            "Kancelária zatvorená 17. novembra",
            "Oznamujeme, že 17. novembra bude "
            "kancelária zatvorená. Poštu vydáme nasledujúci deň od 8:00.",
        ),
    },
}


@transaction.atomic
def seed_demo(*, office, people) -> None:
    if Conversation.objects.exists():
        return
    clients = list(Client.objects.order_by("pk")[:2])
    if not clients:
        return
    slovak = office.country == "SK"
    text = TEXTS["SK" if slovak else "PL"]
    staff = people["staff"]
    writer = None if slovak else people["client"]
    subject, body = text["asked"]
    asked = message_send(
        actor=writer, client=clients[0], subject=subject, body=body, from_client=True
    ).conversation
    conversation_read(conversation=asked, by_client=False)
    message_send(actor=staff, conversation=asked, body=text["answer"])
    subject, body = text["started"]
    started = message_send(actor=staff, client=clients[-1], subject=subject, body=body).conversation
    message_send(actor=staff, conversation=started, body=text["note"], internal=True)
    subject, body = text["announce"]
    announcement_send(actor=staff, subject=subject, body=body, audience="all")
