"""Copy the template schema into a new office schema, fast at any number of offices.

django-tenants' generic clone_schema() (a large PL/pgSQL function) took 0.16 s with 3 offices
and about 4 s with 200 (tests/perf/test_foundation.py): its catalogue queries grow with the
whole database. Office schemas only ever hold what Django migrations create (tables, identity
sequences, constraints, indexes, extended statistics, row triggers; functions live in
public), so this copy works from the template's own catalogue rows and keeps every name
Django knows (constraints and indexes), which later migrations rely on.
"""

from __future__ import annotations

from django.db import connection

from tenants.validators import validate_schema_name

TABLES = """
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'p')
    ORDER BY c.relname
"""
# Primary keys, unique, check and exclusion constraints; foreign keys come after the data.
CONSTRAINTS = """
    SELECT cl.relname, con.conname, pg_get_constraintdef(con.oid), con.contype
    FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid
    WHERE con.connamespace = %s::regnamespace AND con.contype IN ('p', 'u', 'c', 'x', 'f')
    ORDER BY con.contype = 'f', cl.relname, con.conname
"""
# Indexes that do not back a constraint (those come with their constraint).
INDEXES = """
    SELECT pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
    WHERE ic.relnamespace = %s::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
    ORDER BY ic.relname
"""
TRIGGERS = """
    SELECT pg_get_triggerdef(t.oid)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal
    ORDER BY t.tgname
"""
# Extended statistics (CREATE STATISTICS) tell the planner how columns go together.
STATISTICS = """
    SELECT pg_get_statisticsobjdef(s.oid) FROM pg_statistic_ext s
    WHERE s.stxnamespace = %s::regnamespace ORDER BY s.stxname
"""
IDENTITY_SEQUENCES = """
    SELECT c.relname, a.attname,
           pg_get_serial_sequence(quote_ident(%s) || '.' || quote_ident(c.relname), a.attname)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND a.attidentity <> ''
"""


def _requalify(definition: str, source: str, target: str) -> str:
    # Catalogue definitions are printed with search_path = public, so objects of the source
    # schema are qualified ("t_template.audit_auditentry") and public ones are not.
    return definition.replace(f"{source}.", f'"{target}".')


def schema_clone(*, source: str, target: str) -> None:
    """Create `target` as a copy of `source`, structure and rows, inside the caller's
    transaction (DDL is transactional in PostgreSQL: a failure leaves nothing behind)."""
    validate_schema_name(source)
    validate_schema_name(target)
    # Catalogue definitions below are printed relative to the search path, which must be
    # public alone: the source's objects then come out qualified and public ones do not.
    assert connection.schema_name == "public", "clone from the public schema"
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(TABLES, [source])
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(CONSTRAINTS, [source])
        constraints = cursor.fetchall()
        cursor.execute(INDEXES, [source])
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(TRIGGERS, [source])
        triggers = [row[0] for row in cursor.fetchall()]
        cursor.execute(STATISTICS, [source])
        statistics = [row[0] for row in cursor.fetchall()]
        cursor.execute(IDENTITY_SEQUENCES, [source, source])
        identities = cursor.fetchall()

        cursor.execute(f"CREATE SCHEMA {q(target)}")
        for table in tables:
            cursor.execute(
                f"CREATE TABLE {q(target)}.{q(table)} (LIKE {q(source)}.{q(table)}"
                " INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED"
                " INCLUDING STORAGE INCLUDING COMMENTS)"
            )
        for table, name, definition, kind in constraints:
            if kind == "f":
                continue
            cursor.execute(_alter_add(target, table, name, _requalify(definition, source, target)))
        for definition in indexes + statistics:
            cursor.execute(_requalify(definition, source, target))
        for table in tables:
            cursor.execute(
                f"INSERT INTO {q(target)}.{q(table)} SELECT * FROM {q(source)}.{q(table)}"
            )
        for table, column, source_sequence in identities:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), last_value, is_called) FROM "
                + source_sequence,
                [f'"{target}"."{table}"', column],
            )
        for table, name, definition, kind in constraints:
            if kind == "f":
                cursor.execute(
                    _alter_add(target, table, name, _requalify(definition, source, target))
                )
        for definition in triggers:
            cursor.execute(_requalify(definition, source, target))


def _alter_add(schema: str, table: str, name: str, definition: str) -> str:
    q = connection.ops.quote_name
    return f"ALTER TABLE {q(schema)}.{q(table)} ADD CONSTRAINT {q(name)} {definition}"
