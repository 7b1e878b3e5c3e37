"""The ready-made templates' wording mended in offices that already have them: a town's name
cannot be declined by a variable ("w Warszawa", "v Bratislava"), a name after "przez" /
"zastúpená" needs a colon to stay in the nominative, and months take the plural their number
needs (the sandbox's `months` filter, in place of "mesiac(e)"). Only the exact old phrases of
a seeded template are replaced: what an office rewrote stays as it wrote it."""

from django.db import migrations

DATE = '{{ document_date|date:"d.m.Y" }}'
PLACE = "{{ signing_place|default:office_city }}"
PHRASES = [
    (
        f"zawarta w dniu {DATE} w {PLACE} pomiędzy:",
        f"zawarta w dniu {DATE} (miejsce zawarcia: {PLACE}) pomiędzy:",
    ),
    (
        f"uzavretá dňa {DATE} v {PLACE} medzi:",
        f"uzavretá dňa {DATE} (miesto uzavretia: {PLACE}) medzi:",
    ),
    (f"V {PLACE} dňa {DATE}", f"{PLACE}, {DATE}"),
    (
        ", reprezentowaną przez {{ client_contact_name",
        ", reprezentowaną przez: {{ client_contact_name",
    ),
    (", zastúpená {{ client_contact_name", ", zastúpená: {{ client_contact_name"),
    (
        "na okres {{ package_contract_months|default:12 }} miesięcy",
        "na okres {{ package_contract_months|default:12|months }}",
    ),
    (
        "na dobu {{ package_contract_months|default:12 }} mesiacov",
        "na dobu {{ package_contract_months|default:12|months }}",
    ),
    (
        "lehotou {{ package_notice_months|default:1 }} mesiac(e), ktorá",
        "lehotou {{ package_notice_months|default:1|months }}, ktorá",
    ),
    (
        "{{ package_notice_months|default:1 }} mesiac(e).",
        "{{ package_notice_months|default:1|months }}.",
    ),
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
    dependencies = [("documents", "0002_ready_made_templates")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
