"""An extra's name per language (common.names: pl, sk, en; the office's required, the others
falling back to it). The one name an extra had was written in the office's language, so it
moves into that language's field; the others start empty (shown as the office's name until
the office adds them). The template schema and pooled offices have no extras; without an
office row the language is Polish, the platform's default."""

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
    Extra = apps.get_model("rooms", "Extra")
    field = f"name_{office_language(schema_editor.connection)}"
    Extra.objects.update(**{field: models.F("name")})


def backwards(apps, schema_editor):
    Extra = apps.get_model("rooms", "Extra")
    language = office_language(schema_editor.connection)
    for extra in Extra.objects.all():
        names = {code: getattr(extra, f"name_{code}") for code in LANGUAGES}
        extra.name = names[language] or next((n for n in names.values() if n), "")
        extra.save(update_fields=["name"])


def _name(code: str, label: str):
    return migrations.AddField(
        model_name="extra",
        name=f"name_{code}",
        field=models.CharField(
            blank=True, db_default="", default="", max_length=120, verbose_name=label
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("rooms", "0008_extras_double_counted")]

    operations = [
        _name("pl", "name (Polish)"),
        _name("sk", "name (Slovak)"),
        _name("en", "name (English)"),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="extra", name="name"),
        migrations.AlterModelOptions(
            name="extra",
            options={
                "ordering": ["pk"],
                "verbose_name": "extra",
                "verbose_name_plural": "extras",
            },
        ),
    ]
