"""Contact persons ticked "receives notifications" whose addresses have no recipient row
receive the events' defaults, as their form on the client card shows (C4).

The demo seed wrote contacts without recipients (fixed in demo_data.clients_bulk_save), so
the card listed such a person as having no e-mail or mobile number while their form showed
the default events ticked, and nothing was sent to them. The same steps as 0005: an
address that already has a row keeps it (linked to the person when it had no person).
"""

import importlib

from django.db import migrations

_contacts_are_recipients = importlib.import_module(
    "modules.clients.migrations.0005_contacts_are_recipients"
)


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_client_vat_number")]

    operations = [
        migrations.RunPython(_contacts_are_recipients.forwards, migrations.RunPython.noop)
    ]
