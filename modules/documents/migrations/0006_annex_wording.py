"""The ready-made annex is "zawarty" / "uzavretý" (aneks, dodatok: masculine), not "zawarta" /
"uzavretá" as the agreement it shared its opening with. Only the seeded annexes' exact old
phrase is replaced: what an office rewrote stays as it wrote it."""

from django.db import migrations

# The seeds' words as they were when this ran (frozen: a later change of seeds.py must not
# change what this migration did).
PL_CONCLUDED = (
    'w dniu {{ document_date|date:"d.m.Y" }} (miejsce zawarcia: '
    "{{ signing_place|default:office_city }}) pomiędzy:"
)
SK_CONCLUDED = (
    'dňa {{ document_date|date:"d.m.Y" }} (miesto uzavretia: '
    "{{ signing_place|default:office_city }}) medzi:"
)

PHRASES = {
    "pl_package_annex": ("zawarta " + PL_CONCLUDED, "zawarty " + PL_CONCLUDED),
    "sk_package_annex": ("uzavretá " + SK_CONCLUDED, "uzavretý " + SK_CONCLUDED),
}


def mend(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for template in DocumentTemplate.objects.filter(seed_key__in=PHRASES):
        old, new = PHRASES[template.seed_key]
        body = template.body.replace(old, new)
        if body != template.body:
            template.body = body
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_names_in_the_nominative")]

    operations = [migrations.RunPython(mend, migrations.RunPython.noop)]
