"""Contact persons become their client's notification recipients (C4) and their phone
numbers are stored in E.164.

Until now "receives notifications" was stored and nothing read it. Each phone a person has
is read in the office's country ("600 100 200" in a Polish office -> "+48600100200"); a
number that cannot be read stays as typed. Each e-mail and mobile number of a person ticked
"receives notifications" becomes a recipient with the events' default switches; an address
the client already had on the recipients screen is linked to the person instead.
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from common.phones import phone_clean, phone_is_mobile
from modules.notifications.hooks import CLIENT, event_list


def _office_country(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT country FROM public.tenants_office WHERE schema_name = %s",
            [connection.schema_name],
        )
        row = cursor.fetchone()
    return row[0] if row else "PL"


def _e164(phone: str, country: str) -> str:
    try:
        return phone_clean(phone, country=country)
    except ValidationError:
        return phone


def forwards(apps, schema_editor):
    ContactPerson = apps.get_model("clients", "ContactPerson")
    Recipient = apps.get_model("notifications", "NotificationRecipient")
    country = _office_country(schema_editor.connection)
    defaults = {
        channel: sorted(
            e.code for e in event_list(audience=CLIENT) if channel in e.default_channels
        )
        for channel in ("email", "sms")
    }
    existing = {(r.client_id, r.channel, r.address.lower()): r for r in Recipient.objects.all()}
    new = []
    for contact in ContactPerson.objects.select_related("client").order_by("pk"):
        phones = list(dict.fromkeys(_e164(p, country) for p in contact.phones))
        if phones != contact.phones:
            contact.phones = phones
            contact.save(update_fields=["phones"])
        if not contact.receives_notifications:
            continue
        client = contact.client
        addresses = [("email", e.strip().lower()) for e in contact.emails]
        addresses += [("sms", p) for p in phones if phone_is_mobile(p)]
        for channel, address in addresses:
            key = (client.pk, channel, address.lower())
            row = existing.get(key)
            if row is not None:
                if row.contact_id is None:
                    row.contact_id = contact.pk
                    row.source = "clients"
                    row.save(update_fields=["contact_id", "source"])
                continue
            row = Recipient(
                client_id=client.pk,
                client_label=client.name,
                channel=channel,
                address=address,
                name=f"{contact.first_name} {contact.last_name}".strip(),
                language=client.language,
                events=defaults[channel],
                is_active=True,
                source="clients",
                contact_id=contact.pk,
            )
            existing[key] = row
            new.append(row)
    Recipient.objects.bulk_create(new)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_import_paths_office_relative"),
        ("notifications", "0003_notificationrecipient_contact_id"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
