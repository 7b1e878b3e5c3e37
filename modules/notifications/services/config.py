"""Writes to the office's notification set-up: settings, templates, recipients."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from common import singletons
from common.audit import audit_diff
from common.exceptions import ApplicationError
from common.phones import phone_clean
from modules.audit.services import audit_record
from modules.notifications import sandbox
from modules.notifications.channels.sms import CALLING_CODES, normalise_phone
from modules.notifications.hooks import CLIENT, EMAIL, LANGUAGES, SMS, event_get, event_list
from modules.notifications.models import (
    MessageTemplate,
    NotificationRecipient,
    NotificationSettings,
)
from modules.notifications.selectors import default_fingerprint

SETTINGS_FIELDS = (
    "office_email",
    "office_phone",
    "sms_sender_id",
    "sms_daily_cap",
    "sms_countries",
    "attachment_max_bytes",
    "office_channels",
)


def settings_get() -> NotificationSettings:
    return singletons.settings_get(NotificationSettings)


def settings_update(*, actor, **fields) -> NotificationSettings:
    """Change the given settings: the phone number is normalised and the SMS countries
    checked here, the rest is the common settings update (row lock, validation, audit)."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings {sorted(unknown)}")
    if "office_phone" in fields:
        fields["office_phone"] = normalise_phone(fields["office_phone"])
    if "sms_countries" in fields:
        fields["sms_countries"] = sorted({c.upper() for c in fields["sms_countries"]})
        bad = set(fields["sms_countries"]) - set(CALLING_CODES)
        if bad:
            raise ValidationError(
                {
                    "sms_countries": _("Unknown country: %(codes)s.")
                    % {"codes": ", ".join(sorted(bad))}
                }
            )
    row, _changes = singletons.settings_update(
        NotificationSettings,
        actor=actor,
        data=fields,
        fields=SETTINGS_FIELDS,
        action="notifications.settings_changed",
    )
    return row


def template_errors(*, event: str, subject: str, body: str, sms: str) -> dict[str, list[str]]:
    variables = event_get(event).variable_names
    errors = {}
    for field, source in (("subject", subject), ("body", body), ("sms", sms)):
        if not source.strip():
            errors[field] = [_("This part cannot be empty.")]
            continue
        problems = sandbox.validate(source, variables=variables)
        if problems:
            errors[field] = problems
    return errors


@transaction.atomic
def template_save(
    *, event: str, language: str, subject: str, body: str, sms: str, actor
) -> MessageTemplate | None:
    """Store the office's wording; a template that would not render is refused here. The
    wording as it stands (the office's, else the default) sent back unchanged writes
    nothing: an editor saved without a change must not turn the default into an own copy
    that later improvements of the default no longer reach. Returns the office's row
    (None while it has none). The row keeps the default's fingerprint as it is now
    (selectors.default_fingerprint): own wording saved unchanged over a changed default
    keeps it and stores the new fingerprint (the editor's notice goes)."""
    if language not in LANGUAGES:
        raise ApplicationError(_("Unknown language."))
    errors = template_errors(event=event, subject=subject, body=body, sms=sms)
    if errors:
        raise ValidationError(errors)
    row = MessageTemplate.objects.select_for_update().filter(event=event, language=language).first()
    if row is None:  # the first own wording starts from the default
        default = event_get(event).defaults[language]
        row = MessageTemplate(
            event=event,
            language=language,
            subject=default.subject,
            body=default.body,
            sms=default.sms,
        )
    wanted = {"subject": _text(subject), "body": _text(body), "sms": _text(sms)}
    for part in wanted:  # compared as the browser's copy is: CRLF and edges aside
        setattr(row, part, _text(getattr(row, part)))
    changes = audit_diff(row, wanted, tuple(wanted))
    fingerprint = default_fingerprint(event=event, language=language)
    if not changes:
        if row.pk and row.default_hash != fingerprint:  # kept over a changed default
            row.default_hash = fingerprint
            row.updated_by = actor
            row.save(update_fields=["default_hash", "updated_by", "updated_at"])
            audit_record(action="notifications.template_kept", actor=actor, target=row)
        return row if row.pk else None
    row.default_hash = fingerprint
    row.updated_by = actor
    row.save()
    audit_record(action="notifications.template_saved", actor=actor, target=row, changes=changes)
    return row


def _text(value: str) -> str:
    """A template's text as compared: a browser sends a textarea's lines ended by CRLF."""
    return value.replace("\r\n", "\n").strip()


@transaction.atomic
def template_reset(*, event: str, language: str, actor) -> None:
    row = MessageTemplate.objects.filter(event=event, language=language).first()
    if row is not None:
        audit_record(action="notifications.template_reset", actor=actor, target=row)
        row.delete()


def _clean_events(events) -> list[str]:
    codes = {e.code for e in event_list(audience=CLIENT)}
    unknown = set(events) - codes
    if unknown:
        raise ValidationError(
            {"events": _("Unknown event: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    return sorted(set(events))


def default_events(channel: str) -> list[str]:
    return sorted(e.code for e in event_list(audience=CLIENT) if channel in e.default_channels)


def _normalise_address(channel: str, address: str) -> str:
    if channel != SMS:
        return address.strip().lower()
    try:
        # A number typed without a country code is read in the office's country.
        return phone_clean(address, country=getattr(connection.tenant, "country", ""))
    except ValidationError:
        return normalise_phone(address)  # the model's validation names the error


def _save(recipient: NotificationRecipient) -> NotificationRecipient:
    recipient.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            recipient.save()
    except IntegrityError:
        raise ValidationError(
            {"address": _("This address already receives this client's notifications.")}
        ) from None
    return recipient


@transaction.atomic
def recipient_create(
    *,
    client_id: int,
    channel: str,
    address: str,
    language: str,
    actor,
    name: str = "",
    events: list[str] | None = None,
    client_label: str = "",
    source: str = NotificationRecipient.Source.MANUAL,
    contact_id: int | None = None,
) -> NotificationRecipient:
    recipient = NotificationRecipient(
        contact_id=contact_id,
        client_id=client_id,
        client_label=client_label,
        channel=channel,
        address=_normalise_address(channel, address),
        name=name,
        language=language,
        events=_clean_events(default_events(channel) if events is None else events),
        source=source,
    )
    _save(recipient)
    audit_record(
        action="notifications.recipient_added",
        actor=actor,
        target=recipient,
        changes={"client_id": client_id, "channel": channel},
    )
    return recipient


@transaction.atomic
def recipient_update(*, recipient: NotificationRecipient, actor, **fields) -> NotificationRecipient:
    allowed = {"address", "name", "language", "events", "is_active", "client_label", "contact_id"}
    if set(fields) - allowed:
        raise TypeError(f"unknown fields {sorted(set(fields) - allowed)}")
    if "address" in fields:
        fields["address"] = _normalise_address(recipient.channel, fields["address"])
    if "events" in fields:
        fields["events"] = _clean_events(fields["events"])
    changes = audit_diff(recipient, fields, fields)
    _save(recipient)
    audit_record(
        action="notifications.recipient_changed", actor=actor, target=recipient, changes=changes
    )
    return recipient


@transaction.atomic
def recipient_delete(*, recipient: NotificationRecipient, actor) -> None:
    audit_record(action="notifications.recipient_removed", actor=actor, target=recipient)
    recipient.delete()


@transaction.atomic
def recipient_remove(*, recipient: NotificationRecipient, actor) -> None:
    """Remove a recipient on the client's notifications screen. A contact person's address
    is not removed here: the person would still show "receives notifications" on the card
    while nothing is sent to them. Its events are switched off here, or the person changed
    on the client card (which keeps the rows in step through recipient_set)."""
    if recipient.contact_id is not None:
        raise ApplicationError(
            _(
                "This address is a contact person's: switch its events off here, or change "
                "the person on the client card."
            )
        )
    recipient_delete(recipient=recipient, actor=actor)


@transaction.atomic
def recipient_set(
    *, client_id: int, contacts: list[dict], client_label: str = "", actor=None
) -> list[NotificationRecipient]:
    """Make the client's synced recipients exactly `contacts` (for the clients module).

    Each contact: {"channel": "email"|"sms", "address": ..., "language": ...,
    optional "name", "events" (None keeps the current switches, or the defaults for a new
    one), "is_active", "contact_id" (the contact person it comes from)}. Rows added by
    hand on the recipients screen are left alone; synced rows no longer listed are removed.
    Call it with contacts=[] when a client is deleted.
    """
    existing = {
        (r.channel, r.address.lower()): r
        for r in NotificationRecipient.objects.select_for_update().filter(client_id=client_id)
    }
    kept, result = set(), []
    for contact in contacts:
        channel = contact["channel"]
        if channel not in (EMAIL, SMS):
            raise ValidationError({"channel": _("Unknown channel.")})
        address = _normalise_address(channel, contact["address"])
        key = (channel, address.lower())
        kept.add(key)
        row = existing.get(key)
        fields = {
            "name": contact.get("name", ""),
            "language": contact["language"],
            "client_label": client_label,
            "contact_id": contact.get("contact_id"),
        }
        if contact.get("events") is not None:
            fields["events"] = contact["events"]
        if "is_active" in contact:
            fields["is_active"] = contact["is_active"]
        if row is None:
            row = recipient_create(
                client_id=client_id,
                channel=channel,
                address=address,
                actor=actor,
                client_label=client_label,
                name=fields["name"],
                language=fields["language"],
                events=fields.get("events"),
                source=NotificationRecipient.Source.CLIENTS,
                contact_id=fields["contact_id"],
            )
        elif any(getattr(row, k) != v for k, v in fields.items()):
            row = recipient_update(recipient=row, actor=actor, **fields)
        result.append(row)
    for key, row in existing.items():
        if key not in kept and row.source == NotificationRecipient.Source.CLIENTS:
            recipient_delete(recipient=row, actor=actor)
    if client_label:
        NotificationRecipient.objects.filter(client_id=client_id).exclude(
            client_label=client_label
        ).update(client_label=client_label)
    return result


@transaction.atomic
def recipient_add_many(*, contacts: list[dict], actor=None) -> int:
    """Add many clients' contact recipients at once (the clients import: new clients only).

    Each row as recipient_set() takes it plus "client_id" and "client_label". One INSERT
    per call; an address a client already has is skipped (the unique constraint), rows that
    would not validate are skipped too: the import checked them already. One audit row
    tells how many were added.
    """
    rows = []
    for contact in contacts:
        row = NotificationRecipient(
            client_id=contact["client_id"],
            client_label=contact.get("client_label", ""),
            channel=contact["channel"],
            address=_normalise_address(contact["channel"], contact["address"]),
            name=contact.get("name", ""),
            language=contact["language"],
            events=default_events(contact["channel"])
            if contact.get("events") is None
            else contact["events"],
            source=NotificationRecipient.Source.CLIENTS,
            contact_id=contact.get("contact_id"),
        )
        try:
            row.full_clean(validate_constraints=False, validate_unique=False)
        except ValidationError:
            continue
        rows.append(row)
    created = NotificationRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    if created:
        audit_record(
            action="notifications.recipients_imported",
            actor=actor,
            target=None,
            changes={"count": len(created)},
        )
    return len(created)
