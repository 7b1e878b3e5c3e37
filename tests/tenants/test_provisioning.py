import shutil
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_exists

from common.exceptions import ApplicationError
from tenants import clone
from tenants.migrating import migrations_on_disk
from tenants.models import CloneScript, Domain, Office
from tenants.services import office_provision, office_slug_change


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
        )
        return {row[0] for row in cursor.fetchall()}


def test_session_offices_have_opaque_schemas_and_subdomains(office_a, office_b):
    assert office_a.schema_name == f"t_{office_a.pk}"
    assert office_b.schema_name == f"t_{office_b.pk}"
    assert Domain.objects.get(tenant=office_a).domain == "office-a.localhost"
    assert (office_a.language, office_a.currency, office_a.time_zone) == (
        "pl",
        "PLN",
        "Europe/Warsaw",
    )
    assert (office_b.language, office_b.currency, office_b.time_zone) == (
        "sk",
        "EUR",
        "Europe/Bratislava",
    )


def test_cloned_schema_has_the_same_tables_as_the_template(office_a):
    template = _tables("t_template")
    assert "audit_auditentry" in template
    assert _tables(office_a.schema_name) == template


@pytest.mark.django_db
def test_provision_clones_and_rolls_back_with_the_transaction():
    office = office_provision(name="Biuro C", slug="biuro-c", country="PL")
    assert schema_exists(office.schema_name)
    assert _tables(office.schema_name) == _tables("t_template")
    assert Office.objects.get(slug="biuro-c").domains.get().domain == "biuro-c.localhost"


def _structure(schema: str) -> dict[str, set]:
    """Everything Django relies on, with the schema's own name taken out."""
    queries = {
        "columns": """SELECT table_name, column_name, data_type, is_nullable,
                             coalesce(column_default, ''), is_identity,
                             coalesce(identity_generation, ''), is_generated,
                             coalesce(generation_expression, '')
                      FROM information_schema.columns WHERE table_schema = %s""",
        "constraints": """SELECT cl.relname, con.conname, pg_get_constraintdef(con.oid)
                          FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
                          WHERE con.connamespace = %s::regnamespace""",
        "indexes": """SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s""",
        "triggers": """SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t
                       JOIN pg_class c ON c.oid = t.tgrelid
                       WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal""",
        "statistics": """SELECT stxname, pg_get_statisticsobjdef(oid) FROM pg_statistic_ext
                         WHERE stxnamespace = %s::regnamespace""",
        "functions": """SELECT proname, pg_get_functiondef(oid) FROM pg_proc
                        WHERE pronamespace = %s::regnamespace""",
        "views": """SELECT relname, relkind, pg_get_viewdef(oid) FROM pg_class
                    WHERE relnamespace = %s::regnamespace AND relkind IN ('v', 'm')""",
        "sequences": """SELECT c.relname, s.seqstart, s.seqincrement FROM pg_class c
                        JOIN pg_sequence s ON s.seqrelid = c.oid
                        WHERE c.relnamespace = %s::regnamespace""",
    }
    result = {}
    with connection.cursor() as cursor:
        for name, query in queries.items():
            cursor.execute(query, [schema])
            result[name] = {
                tuple(str(v).replace(f"{schema}.", "S.").replace(f'"{schema}".', "S.") for v in row)
                for row in cursor.fetchall()
            }
    return result


@pytest.mark.django_db
def test_a_cloned_schema_is_identical_to_a_migrated_one():
    migrated = office_provision(name="Biuro D", slug="biuro-d", country="SK", clone=False)
    cloned = office_provision(name="Biuro F", slug="biuro-f", country="SK")
    connection.set_schema_to_public()
    expected = _structure(migrated.schema_name)
    assert expected["triggers"], "the audit trigger is part of the structure"
    assert expected["statistics"], "the mail module's extended statistics too"
    assert _structure(cloned.schema_name) == expected


@pytest.mark.django_db
def test_the_clone_copies_functions_views_and_sequences_a_migration_may_create():
    # What a RunSQL migration could add to every office (rolled back with the test).
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION t_template.client_label(code text) RETURNS text
                LANGUAGE sql IMMUTABLE AS $$ SELECT upper(code) $$;
            CREATE VIEW t_template.client_labels AS
                SELECT id, t_template.client_label(code) AS label FROM t_template.clients_client;
            CREATE MATERIALIZED VIEW t_template.client_count AS
                SELECT count(*) AS n FROM t_template.clients_client;
            CREATE UNIQUE INDEX client_count_n ON t_template.client_count (n);
            CREATE SEQUENCE t_template.contract_number START 100;
            SELECT nextval('t_template.contract_number');
            SELECT nextval('t_template.contract_number');
            CREATE TABLE t_template.vat_rate (
                id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                net numeric NOT NULL,
                gross numeric GENERATED ALWAYS AS (net * 1.23) STORED
            );
            INSERT INTO t_template.vat_rate (net) VALUES (10), (20);
        """)
    office = office_provision(name="Biuro G", slug="biuro-g", country="PL")
    connection.set_schema_to_public()
    schema = office.schema_name

    assert _structure(schema) == _structure("t_template")
    with connection.cursor() as cursor:
        # The office's view reads the office's own table through the office's own function.
        cursor.execute(f"SELECT pg_get_viewdef('{schema}.client_labels'::regclass)")
        definition = cursor.fetchone()[0]
        assert "t_template" not in definition and f"{schema}.client_label(" in definition
        cursor.execute(f"SELECT nextval('{schema}.contract_number')")
        assert cursor.fetchone()[0] == 102  # the template's value came along
        cursor.execute(
            f"SELECT indexname FROM pg_indexes WHERE schemaname = '{schema}'"
            " AND tablename = 'client_count'"
        )
        assert cursor.fetchall() == [("client_count_n",)]
        # Rows with a generated column and an identity column: copied, and the office's
        # identity goes on from the template's.
        cursor.execute(f"INSERT INTO {schema}.vat_rate (net) VALUES (30)")
        cursor.execute(f"SELECT id, net, gross FROM {schema}.vat_rate ORDER BY id")
        assert [tuple(str(v) for v in row) for row in cursor.fetchall()] == [
            ("1", "10", "12.30"),
            ("2", "20", "24.60"),
            ("3", "30", "36.90"),
        ]


def _refuse(*args, **kwargs):
    raise AssertionError("not expected here")


@pytest.mark.django_db
def test_a_clone_runs_the_kept_script_in_one_round_trip_and_matches_a_migrated_schema(
    monkeypatch,
):
    migrated = office_provision(name="Biuro K", slug="biuro-k", country="PL", clone=False)
    fingerprint, script = clone.clone_script("t_template")
    assert CloneScript.objects.get(source="t_template").fingerprint == fingerprint
    # As in another process: the script comes from the table, and nothing is rebuilt or
    # migrated per clone (the template holds every migration on disk).
    clone._scripts.clear()
    monkeypatch.setattr(clone, "clone_script_build", _refuse)
    monkeypatch.setattr("tenants.services.call_command", _refuse)
    with CaptureQueriesContext(connection) as captured:
        cloned = office_provision(name="Biuro L", slug="biuro-l", country="PL")
    connection.set_schema_to_public()

    statements = [q["sql"] for q in captured.captured_queries]
    ddl = [sql for sql in statements if "CREATE TABLE" in sql]
    assert ddl == [script.replace(clone.TARGET, f'"{cloned.schema_name}"')]
    assert ddl[0].count("CREATE TABLE") == len(_tables("t_template"))
    assert sum("pg_class" in sql or "pg_constraint" in sql for sql in statements) == 1
    # The office and domain rows (13 with their checks and savepoints), the template's row and
    # schema, the fingerprint, the stored script, the script, the template's migrations (2);
    # then tenants.setup in the office's schema (9: the search path there and back, the
    # documents' templates of the other country read, unlinked and deleted; the rooms'
    # settings row upserted, opening hours looked for and inserted).
    assert len(statements) == 33
    assert _structure(cloned.schema_name) == _structure(migrated.schema_name)


@pytest.fixture
def mail_migration_added(settings, tmp_path, monkeypatch):
    """A release's migration, on disk for this test only: a nullable column and an index on
    the mail table (as tests/perf/migrate_child.py adds)."""
    from tests.perf.migrate_child import EXTRA

    leaf = max(name for app, name in migrations_on_disk() if app == "mail")
    folder = tmp_path / "provisioning_mail_migrations"
    shutil.copytree(settings.BASE_DIR / "modules" / "mail" / "migrations", folder)
    (folder / "9000_bench_add_column.py").write_text(EXTRA.format(leaf=leaf))
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {**settings.MIGRATION_MODULES, "mail": folder.name}
    migrations_on_disk.cache_clear()
    yield
    migrations_on_disk.cache_clear()
    for name in [name for name in sys.modules if name.startswith(folder.name)]:
        del sys.modules[name]


@pytest.mark.django_db
def test_a_script_built_before_the_template_migrated_is_never_used(mail_migration_added):
    stale_fingerprint, stale_script = clone.clone_script("t_template")
    call_command(
        "migrate_schemas", tenant=True, schema_name="t_template", interactive=False, verbosity=0
    )
    connection.set_schema_to_public()
    fingerprint = clone.template_fingerprint("t_template")
    assert fingerprint != stale_fingerprint
    # migrate_schemas built the new script right away; take it away again, leaving only the
    # stale one at hand, in memory and in the table.
    assert CloneScript.objects.get(source="t_template").fingerprint == fingerprint
    CloneScript.objects.all().delete()
    clone._scripts.clear()
    clone._scripts[stale_fingerprint] = stale_script
    CloneScript.objects.create(
        source="t_template", fingerprint=stale_fingerprint, script=stale_script, build_seconds=0
    )

    office = office_provision(name="Biuro M", slug="biuro-m", country="PL")
    connection.set_schema_to_public()
    assert _structure(office.schema_name) == _structure("t_template")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = %s"
            " AND indexname = 'mail_bench_note_idx'",
            [office.schema_name],
        )
        assert cursor.fetchall() == [("mail_bench_note_idx",)]
    assert list(CloneScript.objects.values_list("fingerprint", flat=True)) == [fingerprint]


@pytest.mark.django_db
def test_a_template_behind_the_code_still_gives_a_fully_migrated_office(monkeypatch):
    # The template lacks a migration on disk (new code, migrate_schemas not run yet): the
    # clone is migrated after the copy. A public-only app's migration: only its record.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM t_template.django_migrations WHERE app = 'sessions'"
            " AND name = '0001_initial'"
        )
    migrated = []
    original = call_command

    def spy(name, *args, **kwargs):
        migrated.append(kwargs.get("schema_name"))
        return original(name, *args, **kwargs)

    monkeypatch.setattr("tenants.services.call_command", spy)
    office = office_provision(name="Biuro N", slug="biuro-n", country="PL")
    connection.set_schema_to_public()
    assert migrated == [office.schema_name]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {office.schema_name}.django_migrations"
            " WHERE app = 'sessions' AND name = '0001_initial'"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_the_clone_refuses_loudly_what_it_cannot_copy():
    from tenants.clone import CloneUnsupported, clone_unsupported
    from tenants.migrating import template_clone_check

    assert clone_unsupported("t_template") == []
    with connection.cursor() as cursor:
        cursor.execute("CREATE TYPE t_template.mood AS ENUM ('ok', 'late')")
        cursor.execute("CREATE DOMAIN t_template.positive AS integer CHECK (VALUE > 0)")
    assert clone_unsupported("t_template") == [("type", "mood"), ("type", "positive")]
    with pytest.raises(CloneUnsupported, match="type mood, type positive"):
        office_provision(name="Biuro H", slug="biuro-h", country="PL")
    with pytest.raises(CloneUnsupported):
        template_clone_check()


@pytest.mark.django_db
def test_taken_and_reserved_slugs_are_refused(office_a):
    with pytest.raises(ApplicationError):
        office_provision(name="Copy", slug="office-a", country="PL")
    with pytest.raises(ValidationError) as info:
        office_provision(name="Admin", slug="admin", country="PL")
    assert info.value.code == "reserved_slug"
    assert not Office.objects.filter(slug="admin").exists()


@pytest.mark.django_db
def test_slug_rename_keeps_the_schema_and_moves_the_host():
    office = office_provision(name="Biuro E", slug="biuro-e", country="PL")
    schema = office.schema_name
    office_slug_change(office=office, slug="biuro-e2")
    office.refresh_from_db()
    assert office.schema_name == schema
    assert list(office.domains.values_list("domain", flat=True)) == ["biuro-e2.localhost"]
