"""Two Polish ready-made phrases put a name where Polish needs it declined ("w imieniu Biuro
Centrum sp. z o.o.", "zawartą z Zielony Las sp. z o.o."): the consent's signature line now
reads "Biuro Centrum sp. z o.o. – podpis osoby uprawnionej" and the termination, addressed to
the client, "zawartą z Państwem". Only the exact old phrases of a seeded template are
replaced (so an untouched one stays equal to its seed); what an office rewrote stays."""

from django.db import migrations

PHRASES = [
    (
        "podpis osoby uprawnionej w imieniu {{ office_legal_name }}",
        "{{ office_legal_name }} – podpis osoby uprawnionej",
    ),
    ("zawartą z {{ client_name }}, z zachowaniem", "zawartą z Państwem, z zachowaniem"),
]


def mend(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for template in DocumentTemplate.objects.exclude(seed_key=""):
        body = template.body
        for old, new in PHRASES:
            body = body.replace(old, new)
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_country_templates")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
