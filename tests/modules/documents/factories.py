"""Documents test data, made through the services."""

from __future__ import annotations

from modules.documents.models import Document, DocumentTemplate
from modules.documents.services import document_generate, template_create
from tests.modules.clients.factories import ClientFactory

BODY = (
    "<h1>Umowa {{ document_number }}</h1>"
    "<p>{{ client_name }}{% if client_nip %}, NIP {{ client_nip }}{% endif %}</p>"
    "<p>{% for name in client_contacts %}{{ name }};{% endfor %}</p>"
    "<p>{{ office_name }} · {{ place }}</p>"
)


def template_made(*, actor=None, body: str = BODY, name: str = "Umowa", **data) -> DocumentTemplate:
    data.setdefault("fields", [{"key": "place", "label": "Place"}])
    return template_create(actor=actor, data={"name": name, "body": body, **data})


def document_made(*, client=None, template=None, actor=None, **kwargs) -> Document:
    return document_generate(
        template=template or template_made(actor=actor),
        client=client if client is not None else ClientFactory(),
        actor=actor,
        **kwargs,
    )
