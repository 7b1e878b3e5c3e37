"""Helpdesk test data, made through the services."""

from __future__ import annotations

from accounts.models import Role
from modules.helpdesk.models import Request
from modules.helpdesk.services import request_create
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def raised(*, actor=None, client=None, subject="Forward my mail abroad", **data) -> Request:
    client = client if client is not None else ClientFactory()
    return request_create(actor=actor, subject=subject, client=client, **data)


def client_user(office, client, **kwargs):
    user = member(office, Role.CLIENT, client_id=client.pk, client_name=client.name, **kwargs)
    user.language = "en"
    user.save(update_fields=["language"])
    return user
