from django.db import migrations

# In the public schema, visible from every office schema through the search path:
# pg_trgm + unaccent for typo- and diacritics-tolerant search, btree_gist for exclusion
# constraints (room bookings).
SQL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gist;
"""


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
