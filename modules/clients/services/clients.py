"""Client companies, their addresses, contact persons and custom fields (C1, C3, C4)."""

from __future__ import annotations

import re
import unicodedata

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Role
from common.audit import audit_diff, audit_value
from common.exceptions import ApplicationError
from common.phones import phone_clean, phone_is_mobile
from modules.audit.services import audit_record
from modules.clients.models import (
    IDENTIFIER_FIELDS,
    OTHER_IDENTIFIER_FIELDS,
    Client,
    ClientAddress,
    ContactPerson,
    CustomField,
    CustomFieldValue,
)
from modules.clients.selectors import client_defaults
from modules.clients.services.search import client_search_refresh
from modules.notifications.services import recipient_set
from subscriptions.access import plan_limit_check

CLIENT_FIELDS = (
    "name",
    "legal_form",
    "code",
    "country",
    "nip",
    "regon",
    "krs",
    "ico",
    "dic",
    "ic_dph",
    "vat_number",
    "email",
    "phone",
    "status",
    "contract_start",
    "contract_end",
    "language",
    "notes",
)
ADDRESS_FIELDS = ("kind", "street", "postal_code", "city", "country", "recipient")
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "role",
    "emails",
    "phones",
    "authorised_to_pick_up_mail",
    "receives_notifications",
)


def _normalised_changes(instance, changes: dict) -> dict:
    """After full_clean normalised the values, keep the changes that still are changes."""
    result = {}
    for field, (old, _new) in changes.items():
        new = audit_value(getattr(instance, field))
        if old != new:
            result[field] = [old, new]
    return result


def client_code_generate(*, name: str, taken: set[str] | None = None) -> str:
    """A short code from the name's first letters: "Zielony Las" -> "ZIE-001"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = (re.sub(r"[^A-Za-z0-9]", "", ascii_name).upper() or "K")[:3]
    existing = (
        taken
        if taken is not None
        else set(Client.objects.filter(code__startswith=f"{stem}-").values_list("code", flat=True))
    )
    number = 1
    while f"{stem}-{number:03d}" in existing:
        number += 1
    return f"{stem}-{number:03d}"


@transaction.atomic
def client_create(*, actor, data: dict, custom_values: dict[int, str] | None = None) -> Client:
    # The office's plan may cap its clients (the pricing page sells "50 clients"): refused
    # with what to do, before anything is written. lock=True: the office's Subscription row
    # stays locked until this transaction commits the new client, so two clients created
    # at the same moment at the cap's edge are counted one after the other.
    plan_limit_check(office=connection.tenant, limit="clients", lock=True)
    # Not given (the API, an old form): the office's country and language, not Poland's.
    data = {**data, **{k: v for k, v in client_defaults().items() if not data.get(k)}}
    client = Client()
    audit_diff(client, {**data, "code": data.get("code") or ""}, CLIENT_FIELDS)
    if not client.code:
        client.code = client_code_generate(name=client.name)
    client.full_clean(exclude=["search_document", "search_vector"])
    client.save()
    audit_record(
        action="client.created",
        actor=actor,
        target=client,
        changes={f: audit_value(getattr(client, f)) for f in CLIENT_FIELDS if getattr(client, f)},
    )
    if custom_values:
        client_custom_values_set(client=client, actor=actor, values=custom_values)
    client_search_refresh(client_ids=[client.pk])
    return client


_NUMBER_FIELDS = (
    *(name for names in IDENTIFIER_FIELDS.values() for name in names),
    *OTHER_IDENTIFIER_FIELDS,
)


@transaction.atomic
def client_update(
    *, client: Client, actor, data: dict, custom_values: dict[int, str] | None = None
) -> Client:
    old_name = client.name
    changes = audit_diff(client, data, CLIENT_FIELDS)
    # A tax or registry number the person did not touch is not checked again: one saved
    # under an earlier, looser check (an IČ DPH python-stdnum refuses, accepted before
    # 2026-12-07) refused every other change of the card. It is checked when changed, and
    # an invoice to it is refused at issue as before.
    untouched = [name for name in _NUMBER_FIELDS if name not in changes]
    client.full_clean(exclude=["search_document", "search_vector", *untouched])
    changes = _normalised_changes(client, changes)
    if changes:
        client.save(update_fields=[*changes, "updated_at"])
        audit_record(action="client.updated", actor=actor, target=client, changes=changes)
        client_search_refresh(client_ids=[client.pk])
        if client.name != old_name:
            client_memberships_rename(client=client)
        if {"name", "language"} & set(changes):
            client_recipients_sync(client=client, actor=actor)
    if custom_values:
        client_custom_values_set(client=client, actor=actor, values=custom_values)
    return client


def client_memberships_rename(*, client: Client) -> int:
    """Keep the switcher's copy of the company name (public schema) in step with the client.

    The office is the current schema's: a client row never speaks for another office.
    """
    office = connection.tenant
    Invitation.objects.filter(
        office=office, role=Role.CLIENT, client_id=client.pk, accepted_at__isnull=True
    ).update(client_name=client.name)
    return Membership.objects.filter(office=office, role=Role.CLIENT, client_id=client.pk).update(
        client_name=client.name
    )


def _clean_list(values) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[,;\n]", values)
    return [v.strip() for v in values or [] if v and v.strip()]


@transaction.atomic
def client_address_save(
    *, client: Client, actor, data: dict, address: ClientAddress | None = None
) -> ClientAddress:
    created = address is None
    address = address or ClientAddress(client=client)
    if address.client_id != client.pk:
        raise ApplicationError(_("This address belongs to another client."))
    changes = audit_diff(address, data, ADDRESS_FIELDS)
    address.full_clean()
    address.save()
    audit_record(
        action="client.address_added" if created else "client.address_changed",
        actor=actor,
        target=client,
        changes={"address": str(address), **changes},
    )
    client_search_refresh(client_ids=[client.pk])
    return address


@transaction.atomic
def client_address_delete(*, address: ClientAddress, actor) -> None:
    client = address.client
    label = str(address)
    address.delete()
    audit_record(
        action="client.address_removed", actor=actor, target=client, changes={"address": label}
    )
    client_search_refresh(client_ids=[client.pk])


def _contact_validate(contact: ContactPerson, *, country: str | None = None) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    contact.emails = _clean_list(contact.emails)
    contact.phones = _clean_list(contact.phones)
    for email in contact.emails:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"emails": _("%(value)s is not a valid e-mail address.") % {"value": email}}
            ) from None
    country = country if country is not None else getattr(connection.tenant, "country", "")
    phones = []
    for phone in contact.phones:
        try:
            # Stored in E.164; a local number is read in the office's country.
            phones.append(phone_clean(phone, country=country))
        except ValidationError:
            raise ValidationError(
                {"phones": _("%(value)s is not a valid phone number.") % {"value": phone}}
            ) from None
    contact.phones = list(dict.fromkeys(phones))
    if contact.receives_notifications and not (contact.emails or contact.phones):
        raise ValidationError(
            {
                "receives_notifications": _(
                    "A person who receives notifications needs an e-mail address or a phone number."
                )
            }
        )


def contact_recipients(client: Client, contacts) -> list[dict]:
    """What the client's contact persons receive, as notifications' recipient_set() takes
    it: each e-mail and each mobile number of a person ticked "receives notifications", in
    the client's language. Landlines receive no SMS. An address two persons share is
    listed once (the first person's)."""
    rows, seen = [], set()
    for contact in contacts:
        if not contact.receives_notifications:
            continue
        addresses = [("email", e) for e in contact.emails]
        addresses += [("sms", p) for p in contact.phones if phone_is_mobile(p)]
        for channel, address in addresses:
            key = (channel, address.lower())
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "channel": channel,
                    "address": address,
                    "language": client.language,
                    "name": str(contact),
                    "contact_id": contact.pk,
                    "events": None,
                }
            )
    return rows


def client_recipients_sync(
    *, client: Client, actor, events: dict[tuple[int, str], list[str]] | None = None
) -> None:
    """Keep the client's notification recipients in step with its contact persons (C4),
    in the caller's transaction. `events` sets a person's switches per channel:
    {(contact id, "email"): ["mail.new", ...]}; a person or channel not in it keeps its own."""
    rows = contact_recipients(client, client.contacts.order_by("pk"))
    for row in rows:
        row["events"] = (events or {}).get((row["contact_id"], row["channel"]))
    recipient_set(client_id=client.pk, client_label=client.name, actor=actor, contacts=rows)


def contact_defaults(*, client: Client) -> dict:
    """What a new contact person of `client` starts with: the company's first one receives
    notifications (its e-mail gets the events' defaults), later ones not. Until 2026-12-07
    every new person started unticked, so a new client received nothing until someone
    noticed the card's warning. The contact form shows it ticked; `contact_person_save`
    applies it when it is not given, to a person with an e-mail address."""
    return {"receives_notifications": not client.contacts.exists()}


@transaction.atomic
def contact_person_save(
    *,
    client: Client,
    actor,
    data: dict,
    contact: ContactPerson | None = None,
    notify_events: dict[str, list[str]] | None = None,
) -> ContactPerson:
    """Save a contact person and, in the same transaction, the client's recipients.
    `notify_events` ({"email": [...], "sms": [...]}) sets what this person receives."""
    created = contact is None
    contact = contact or ContactPerson(client=client)
    if contact.client_id != client.pk:
        raise ApplicationError(_("This person belongs to another client."))
    data = {**data}
    for key in ("emails", "phones"):
        if key in data:
            data[key] = _clean_list(data[key])
    if created and data.get("receives_notifications") is None:
        # Not given: the company's first person with an e-mail address receives them.
        first = contact_defaults(client=client)["receives_notifications"]
        data["receives_notifications"] = first and bool(data.get("emails"))
    changes = audit_diff(contact, data, CONTACT_FIELDS)
    _contact_validate(contact)
    contact.full_clean()
    contact.save()
    audit_record(
        action="client.contact_added" if created else "client.contact_changed",
        actor=actor,
        target=client,
        changes={"person": str(contact), **changes},
    )
    client_search_refresh(client_ids=[client.pk])
    client_recipients_sync(
        client=client,
        actor=actor,
        events={(contact.pk, ch): ev for ch, ev in (notify_events or {}).items()},
    )
    return contact


@transaction.atomic
def contact_notifications_set(
    *, client: Client, contact: ContactPerson, actor, notify_events: dict[str, list[str]]
) -> None:
    """What one contact person receives, per channel ({"email": [...], "sms": [...]}): the
    client panel's Profile page. Only the switches change (the card's contact_person_save
    keeps the person's details); the recipients stay in step through the same sync."""
    if contact.client_id != client.pk:
        raise ApplicationError(_("This person belongs to another client."))
    if not contact.receives_notifications:
        raise ApplicationError(_("This person does not receive notifications."))
    client_recipients_sync(
        client=client,
        actor=actor,
        events={(contact.pk, channel): events for channel, events in notify_events.items()},
    )


@transaction.atomic
def contact_person_delete(*, contact: ContactPerson, actor) -> None:
    client = contact.client
    label = str(contact)
    contact.delete()
    audit_record(
        action="client.contact_removed", actor=actor, target=client, changes={"person": label}
    )
    client_search_refresh(client_ids=[client.pk])
    client_recipients_sync(client=client, actor=actor)


@transaction.atomic
def custom_field_save(*, actor, data: dict, field: CustomField | None = None) -> CustomField:
    created = field is None
    field = field or CustomField()
    changes = audit_diff(field, data, ("name", "kind", "order", "is_active"))
    if not created and not changes:
        return field  # saved unchanged: nothing to write or record
    field.full_clean()
    field.save()
    audit_record(
        action="client.custom_field_added" if created else "client.custom_field_changed",
        actor=actor,
        target=field,
        changes=changes,
    )
    return field


def custom_value_check(field: CustomField, value: str) -> str:
    """The value as stored (text), or ApplicationError if it does not fit the field's kind."""
    from django.utils.dateparse import parse_date

    value = (value or "").strip()
    if not value:
        return ""
    if field.kind == CustomField.Kind.NUMBER:
        try:
            float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise ApplicationError(
                _("%(field)s must be a number.") % {"field": field.name}
            ) from None
    elif field.kind == CustomField.Kind.DATE:
        if parse_date(value) is None:
            raise ApplicationError(
                _("%(field)s must be a date (YYYY-MM-DD).") % {"field": field.name}
            )
    elif field.kind == CustomField.Kind.YES_NO:
        truthy = {"1", "true", "yes", "tak", "áno", "ano", "y", "t"}
        value = "yes" if value.lower() in truthy else "no"
    return value


@transaction.atomic
def client_custom_values_set(*, client: Client, actor, values: dict[int, str]) -> dict:
    """Set the client's values of the office's custom fields; empty removes a value."""
    fields = CustomField.objects.in_bulk(list(values))
    current = {v.field_id: v for v in client.custom_values.select_for_update()}
    changes = {}
    for field_id, raw in values.items():
        field = fields.get(field_id)
        if field is None:
            continue
        value = custom_value_check(field, raw)
        existing = current.get(field_id)
        old = existing.value if existing else ""
        if old == value:
            continue
        if not value:
            existing.delete()
        elif existing:
            existing.value = value
            existing.save(update_fields=["value"])
        else:
            CustomFieldValue.objects.create(client=client, field=field, value=value)
        changes[field.name] = [old, value]
    if changes:
        audit_record(
            action="client.custom_values_changed", actor=actor, target=client, changes=changes
        )
        client_search_refresh(client_ids=[client.pk])
    return changes
