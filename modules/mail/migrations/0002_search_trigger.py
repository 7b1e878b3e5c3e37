"""The archive's full-text column, kept by a trigger so that every write path (the ORM, bulk
SQL in demo data and benchmarks) fills it. A generated column would be simpler, but office
schemas are cloned with INSERT ... SELECT *, which generated columns refuse."""

from django.db import migrations

# The function lives in public beside vireo_unaccent (clients 0001), shared by all offices.
SQL = """
CREATE OR REPLACE FUNCTION public.mail_item_search_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_document := public.vireo_unaccent(lower(concat_ws(' ', NEW.number, NEW.sender,
    NEW.recipient, NEW.tracking_number, NEW.notes, NEW.additional_info)));
  RETURN NEW;
END $$;
CREATE TRIGGER mail_item_search_document BEFORE INSERT OR UPDATE ON mail_mailitem
FOR EACH ROW EXECUTE FUNCTION public.mail_item_search_document();
"""
REVERSE = "DROP TRIGGER IF EXISTS mail_item_search_document ON mail_mailitem;"


class Migration(migrations.Migration):
    dependencies = [("mail", "0001_initial"), ("clients", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
