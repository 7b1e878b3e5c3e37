import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.migrating import migrations_on_disk, schemas_pending, schemas_up_to_date


def _forget(schema: str, app: str, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', [app, name]
        )


@pytest.mark.django_db
def test_every_migrated_schema_is_up_to_date_in_one_query(office_a, office_b):
    schemas = ["public", "t_template", office_a.schema_name, office_b.schema_name]
    with CaptureQueriesContext(connection) as captured:
        done = schemas_up_to_date(schemas)
    assert done == set(schemas)
    # One catalogue query for which schemas have the table, one for all their counts.
    selects = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith(("SELECT", "WITH"))
    ]
    assert len(selects) == 2
    assert ("mail", "0001_initial") in migrations_on_disk()


@pytest.mark.django_db
def test_a_schema_missing_one_migration_is_pending_and_a_missing_schema_too(office_a, office_b):
    _forget(office_a.schema_name, "mail", "0001_initial")
    assert schemas_pending([office_a.schema_name, office_b.schema_name, "t_999999"]) == [
        office_a.schema_name,
        "t_999999",
    ]


@pytest.mark.django_db
def test_migrate_schemas_skips_schemas_up_to_date_and_migrates_the_pending(
    office_a, office_b, capsys
):
    # A public-only app's migration: recorded in every office schema, its operations skipped
    # there by the router, so applying it again changes nothing but the record.
    _forget(office_b.schema_name, "sessions", "0001_initial")
    try:
        call_command("migrate_schemas", interactive=False, verbosity=1, tenant=True)
    finally:
        connection.set_schema_to_public()
    out = capsys.readouterr().out
    assert "schemas up to date (checked in" in out
    assert out.count("; migrating 1\n") == 1
    assert f":{office_b.schema_name}]" in out
    assert f":{office_a.schema_name}]" not in out
    assert schemas_pending([office_b.schema_name]) == []
