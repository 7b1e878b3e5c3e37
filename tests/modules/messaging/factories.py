"""Messages test data, made through the services."""

from __future__ import annotations

from accounts.models import Role
from modules.messaging.services import message_send
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def started(*, actor=None, client=None, subject="Mail forwarding", body="Hello", **data):
    client = client if client is not None else ClientFactory()
    return message_send(actor=actor, client=client, subject=subject, body=body, **data).conversation


def client_user(office, client, **kwargs):
    user = member(office, Role.CLIENT, client_id=client.pk, client_name=client.name, **kwargs)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def staff_user(office, role=Role.STAFF):
    user = member(office, role)
    user.language = "en"
    user.save(update_fields=["language"])
    return user
