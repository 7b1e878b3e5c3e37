"""The ready-made Polish and Slovak templates in every office (and in the template schema new
offices are cloned from)."""

from django.db import migrations


def seed(apps, schema_editor):
    from modules.documents.seeds import templates_seed

    templates_seed(apps.get_model("documents", "DocumentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
