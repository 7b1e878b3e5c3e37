from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr


def office_relative(apps, schema_editor):
    """Import files were named relative to MEDIA_ROOT ("<schema>/clients/imports/x.csv");
    every stored file is now named relative to its office (common.storage), the same file."""
    schema = schema_editor.connection.schema_name
    ClientImport = apps.get_model("clients", "ClientImport")
    ClientImport.objects.filter(stored_path__startswith=f"{schema}/").update(
        stored_path=Substr("stored_path", len(schema) + 2)
    )


def media_relative(apps, schema_editor):
    schema = schema_editor.connection.schema_name
    ClientImport = apps.get_model("clients", "ClientImport")
    ClientImport.objects.exclude(stored_path__startswith=f"{schema}/").update(
        stored_path=Concat(Value(f"{schema}/"), "stored_path")
    )


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_search_words_own")]

    operations = [migrations.RunPython(office_relative, media_relative)]
