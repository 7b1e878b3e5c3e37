"""Copy the template schema into a new office schema, fast at any number of offices.

django-tenants' generic clone_schema() (a large PL/pgSQL function) took 0.16 s with 3 offices
and about 4 s with 200 (tests/perf/test_foundation.py): its catalogue queries grow with the
whole database. This copy works from the template's own catalogue rows and keeps every name
Django knows (constraints and indexes), which later migrations rely on. It copies what a
migration can create in an office schema: tables (with defaults, identity and generated
columns), constraints, indexes, extended statistics, row triggers, functions and procedures,
views and materialised views, and standalone sequences (with their values).

Anything else found in the template (types, domains, enums, aggregates, rules, policies...)
makes `clone_unsupported()` list it: the clone then refuses loudly (CloneUnsupported), and
`migrate_schemas` fails right after migrating the template, so a migration that creates
such an object is caught at deploy time, never copied into a silently different office.
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


# Functions and procedures the migrations created in the schema (not aggregates/windows).
FUNCTIONS = """
    SELECT pg_get_functiondef(p.oid) FROM pg_proc p
    WHERE p.pronamespace = %s::regnamespace AND p.prokind IN ('f', 'p')
    ORDER BY p.oid
"""
# Views in creation order (a view built on another comes after it).
VIEWS = """
    SELECT c.relname, c.relkind, pg_get_viewdef(c.oid)
    FROM pg_class c WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('v', 'm')
    ORDER BY c.oid
"""
# Sequences no identity or serial column owns (CREATE SEQUENCE in a RunSQL).
SEQUENCES = """
    SELECT c.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
           s.seqcycle
    FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
    WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'S'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    ORDER BY c.relname
"""
# What the clone cannot copy: each row is (kind, name).
UNSUPPORTED = """
    SELECT 'type', t.typname FROM pg_type t
    WHERE t.typnamespace = %(s)s::regnamespace AND t.typcategory <> 'A'
      AND (t.typtype IN ('e', 'd', 'r', 'm', 'b') OR (t.typtype = 'c' AND NOT EXISTS (
          SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')))
    UNION ALL
    SELECT 'function', p.proname FROM pg_proc p
    WHERE p.pronamespace = %(s)s::regnamespace AND p.prokind NOT IN ('f', 'p')
    UNION ALL
    SELECT 'relation', c.relname FROM pg_class c
    WHERE c.relnamespace = %(s)s::regnamespace AND c.relkind = 'f'
    UNION ALL
    SELECT 'rule', r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE c.relnamespace = %(s)s::regnamespace AND r.rulename <> '_RETURN'
    UNION ALL
    SELECT 'policy', pol.polname FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
    WHERE c.relnamespace = %(s)s::regnamespace
    UNION ALL
    SELECT 'collation', coll.collname FROM pg_collation coll
    WHERE coll.collnamespace = %(s)s::regnamespace
    UNION ALL
    SELECT 'operator', o.oprname FROM pg_operator o WHERE o.oprnamespace = %(s)s::regnamespace
    ORDER BY 1, 2
"""


class CloneUnsupported(Exception):
    """The template holds objects schema_clone() cannot copy."""

    def __init__(self, schema: str, objects: list[tuple[str, str]]):
        listed = ", ".join(f"{kind} {name}" for kind, name in objects)
        super().__init__(
            f"schema {schema} holds objects an office clone cannot copy: {listed}. Teach "
            "tenants/clone.py to copy them (and extend tests/tenants/test_provisioning.py), "
            "or create them in the public schema."
        )
        self.objects = objects


def clone_unsupported(schema: str) -> list[tuple[str, str]]:
    """(kind, name) of every object in `schema` that schema_clone() would not copy."""
    with connection.cursor() as cursor:
        cursor.execute(UNSUPPORTED, {"s": schema})
        return [(kind, name) for kind, name in cursor.fetchall()]


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
    unsupported = clone_unsupported(source)
    if unsupported:
        raise CloneUnsupported(source, unsupported)
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS, [source])
        functions = [row[0] for row in cursor.fetchall()]
        cursor.execute(VIEWS, [source])
        views = cursor.fetchall()
        cursor.execute(SEQUENCES, [source])
        sequences = cursor.fetchall()
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
        # Functions first: defaults, checks and triggers may call them.
        for definition in functions:
            cursor.execute(_requalify(definition, source, target))
        for name, kind, start, increment, low, high, cycle in sequences:
            cursor.execute(
                f"CREATE SEQUENCE {q(target)}.{q(name)} AS {kind} START {start}"
                f" INCREMENT {increment} MINVALUE {low} MAXVALUE {high}"
                + (" CYCLE" if cycle else "")
            )
            cursor.execute(
                f"SELECT setval(%s, last_value, is_called) FROM {q(source)}.{q(name)}",
                [f"{q(target)}.{q(name)}"],
            )
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
        for table in tables:
            cursor.execute(
                f"INSERT INTO {q(target)}.{q(table)} SELECT * FROM {q(source)}.{q(table)}"
            )
        for name, kind, definition in views:
            body = _requalify(definition, source, target).rstrip().rstrip(";")
            materialised = "MATERIALIZED " if kind == "m" else ""
            cursor.execute(f"CREATE {materialised}VIEW {q(target)}.{q(name)} AS {body}")
        for definition in indexes + statistics:  # after the views: a materialised one has some
            cursor.execute(_requalify(definition, source, target))
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
