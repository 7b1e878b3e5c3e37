"""search_vector now holds the card's own words (see services/search.py) instead of the
text-search parser's, and the lexicon also the words with digits that start with a letter:
rebuild both for the clients already stored."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from modules.clients.services.search import client_search_refresh

    client_search_refresh(client_ids=None)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_search_words"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
