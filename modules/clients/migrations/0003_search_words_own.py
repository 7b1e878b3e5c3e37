"""search_vector now holds the card's own words (see services/search.py) instead of the
text-search parser's, and the lexicon its runs of letters: rebuild both for the clients
already stored. The lexicon's trigram index loses its pending list (read on every
keystroke, written only when a new word appears)."""

import django.contrib.postgres.indexes
from django.db import migrations


def rebuild(apps, schema_editor):
    from modules.clients.services.search import client_search_refresh

    schema_editor.execute("DELETE FROM clients_clientsearchword")
    client_search_refresh(client_ids=None)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_search_words"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="clientsearchword", name="client_search_word_trgm"),
        migrations.AddIndex(
            model_name="clientsearchword",
            index=django.contrib.postgres.indexes.GinIndex(
                fastupdate=False,
                fields=["word"],
                name="client_search_word_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
