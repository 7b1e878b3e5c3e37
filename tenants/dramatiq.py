"""Carry the office schema through dramatiq, so that every actor runs inside its office.

Every message records the schema it was enqueued from; the worker switches the database
connection to that schema before the actor runs and back to public afterwards. The office's
language is active meanwhile: what an actor stores as text for the office's staff (why an
e-mail waits for triage, why a job failed) reads in the office's language, not in the
worker's default English; messages to a person still choose that person's language
(translation.override). An office
actor cannot be enqueued from the public schema, and a message without a schema (or naming
an unknown one) is refused, never run in the wrong place. Actors that span offices (periodic
fan-outs) declare `office_scope="platform"` and run in the public schema.
"""

from __future__ import annotations

import logging

import dramatiq
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import translation
from django_tenants.utils import get_public_schema_name
from dramatiq.middleware import Middleware, MiddlewareError, SkipMessage

logger = logging.getLogger("vireo.worker")

SCHEMA_OPTION = "schema_name"
OFFICE = "office"
PLATFORM = "platform"


class MessageRefused(MiddlewareError):
    pass


class OfficeSchemaMiddleware(Middleware):
    @property
    def actor_options(self) -> set[str]:
        return {"office_scope"}

    def _scope(self, broker: dramatiq.Broker, actor_name: str) -> str:
        return broker.get_actor(actor_name).options.get("office_scope", OFFICE)

    def before_enqueue(self, broker, message, delay) -> None:
        if SCHEMA_OPTION in message.options:
            return  # a retry or a re-delivery keeps the schema it was first sent with
        schema = connection.schema_name
        scope = self._scope(broker, message.actor_name)
        if scope == OFFICE and schema == get_public_schema_name():
            raise MessageRefused(
                f"{message.actor_name} is an office actor and was enqueued outside an office"
            )
        if scope == PLATFORM:
            schema = get_public_schema_name()
        message.options[SCHEMA_OPTION] = schema

    def before_process_message(self, broker, message) -> None:
        from tenants.models import Office

        close_old_connections()
        connection.set_schema_to_public()
        schema = message.options.get(SCHEMA_OPTION)
        scope = self._scope(broker, message.actor_name)
        if scope == PLATFORM and schema == get_public_schema_name():
            return
        office = (
            Office.objects.filter(schema_name=schema, is_template=False).first()
            if scope == OFFICE and schema and schema != get_public_schema_name()
            else None
        )
        if office is None:
            logger.error(
                "message refused: no office schema",
                extra={
                    "actor": message.actor_name,
                    "message_id": message.message_id,
                    "schema": schema,
                },
            )
            # Failed, not merely skipped: the message lands in the dead-letter queue where the
            # platform's failed-jobs view shows it.
            message.fail()
            raise SkipMessage(f"no valid office schema on message {message.message_id}")
        connection.set_tenant(office)
        translation.activate(office.language or settings.LANGUAGE_CODE)

    def after_process_message(self, broker, message, *, result=None, exception=None) -> None:
        translation.deactivate()
        connection.set_schema_to_public()
        close_old_connections()

    def after_skip_message(self, broker, message) -> None:
        translation.deactivate()
        connection.set_schema_to_public()
        close_old_connections()
