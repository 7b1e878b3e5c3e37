"""Test helpers for work inside an office: its schema, its host, its people."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager

from django.db import connection
from django.test import Client

from accounts.models import Role
from tests.factories import MembershipFactory, UserFactory


@contextmanager
def in_office(office):
    """Run ORM code inside the office's schema (requests reset the connection to public)."""
    previous = connection.schema_name
    connection.set_tenant(office)
    try:
        yield office
    finally:
        if previous == "public":
            connection.set_schema_to_public()


class OfficeClient(Client):
    """A test client that talks to one office's host, like a browser on its subdomain."""

    def __init__(self, office, user=None, **defaults):
        super().__init__(HTTP_HOST=office.host, **defaults)
        self.office = office
        if user is not None:
            self.force_login(user)


def handoff_follow(client: Client, path: str):
    """Open a cross-host sign-in link (accounts/handoff) as a browser does: its page, then
    the POST of its form (js/vireo.js sends it at once)."""
    page = client.get(path).content.decode()
    form = page[page.index("data-autosubmit") :].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    return client.post("/accounts/handoff/", {k: html.unescape(v) for k, v in fields.items()})


def member(office, role: str = Role.STAFF, *, language: str = "", **kwargs):
    """A new person with a membership in `office` (reading `language` when given)."""
    if role == Role.CLIENT:
        kwargs.setdefault("client_id", 1)
        kwargs.setdefault("client_name", "Client One")
    user = UserFactory(language=language) if language else UserFactory()
    return MembershipFactory(office=office, role=role, user=user, **kwargs).user
