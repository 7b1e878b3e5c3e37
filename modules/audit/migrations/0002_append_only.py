from django.db import migrations

# The audit log is evidence: the database itself refuses to change or delete entries, whatever
# the application code does. (TRUNCATE, used only by test teardown, is not a row change.)
SQL = """
CREATE OR REPLACE FUNCTION public.vireo_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION public.vireo_audit_append_only();
"""

REVERSE = "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;"


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
