"""A category's name per language (common.names: pl, sk, en; the office's required, the
others falling back to it). The one name a category had was written in the office's
language, so it moves into that language's field; the others start empty (shown as the
office's name until the office adds them). Without an office row (the template schema, which
has no categories) the language is Polish, the platform's default."""

from django.db import migrations, models

LANGUAGES = ("pl", "sk", "en")


def office_language(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT language FROM public.tenants_office WHERE schema_name = %s",
            [connection.schema_name],
        )
        row = cursor.fetchone()
    language = ((row[0] if row else "") or "pl")[:2]
    return language if language in LANGUAGES else "pl"


def forwards(apps, schema_editor):
    Category = apps.get_model("helpdesk", "Category")
    field = f"name_{office_language(schema_editor.connection)}"
    Category.objects.update(**{field: models.F("name")})


def backwards(apps, schema_editor):
    Category = apps.get_model("helpdesk", "Category")
    language = office_language(schema_editor.connection)
    for category in Category.objects.all():
        names = {code: getattr(category, f"name_{code}") for code in LANGUAGES}
        category.name = names[language] or next((n for n in names.values() if n), "")
        category.save(update_fields=["name"])


def _name(code: str, label: str):
    return migrations.AddField(
        model_name="category",
        name=f"name_{code}",
        field=models.CharField(
            blank=True, db_default="", default="", max_length=120, verbose_name=label
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0012_intake_reason_code")]

    operations = [
        _name("pl", "name (Polish)"),
        _name("sk", "name (Slovak)"),
        _name("en", "name (English)"),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="category", name="name"),
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["pk"],
                "verbose_name": "request category",
                "verbose_name_plural": "request categories",
            },
        ),
    ]
