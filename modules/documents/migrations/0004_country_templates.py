"""The ready-made templates follow the office's country.

1. Slovakia has no KRS: the Slovak agreement and annex now name the client's entry in the
   obchodný register (a free field asked when the document is generated). A seeded Slovak
   agreement or annex with exactly the earlier text and fields gets it; one an office edited
   stays as it wrote it.
2. A Slovak office was seeded with the Polish templates too (NIP, REGON, KRS). Its Polish
   ready-made templates go when the office has neither edited nor used them
   (seeds.templates_settle); Polish offices keep what they have.
The template schema and pooled offices are left alone: an office gets its country's set when
it is provisioned or claimed (tenants.setup, documents.services.templates_country_settle).
"""

from django.db import migrations

from modules.documents import seeds


def _office(connection) -> tuple[str, bool, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT country, is_template, state FROM public.tenants_office WHERE schema_name = %s",
            [connection.schema_name],
        )
        return cursor.fetchone()


def _register_added(apps) -> None:
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for key in ("sk_service_agreement", "sk_package_annex"):
        seed = seeds.BY_KEY[key]
        old_body = seed["body"].replace(seeds.SK_REGISTER, "")
        old_fields = [f for f in seed["fields"] if f != seeds.SK_REGISTER_FIELD]
        for template in DocumentTemplate.objects.filter(seed_key=key):
            if (template.body, template.fields) == (old_body, old_fields):
                template.body, template.fields = seed["body"], seed["fields"]
                template.save(update_fields=["body", "fields"])


def forwards(apps, schema_editor):
    _register_added(apps)
    office = _office(schema_editor.connection)
    if office is None:
        return
    country, is_template, state = office
    if country == "SK" and not is_template and state != "pooled":
        seeds.templates_settle(apps.get_model("documents", "DocumentTemplate"), country="SK")


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_ready_made_wording")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
