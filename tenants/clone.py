"""Copy the template schema into a new office schema, fast at any number of offices.

django-tenants' generic clone_schema() (a large PL/pgSQL function) took 0.16 s with 3 offices
and about 4 s with 200 (tests/perf/test_foundation.py): its catalogue queries grow with the
whole database. This copy works from the template's own catalogue rows and keeps every name
Django knows (constraints and indexes), which later migrations rely on. It copies what a
migration can create in an office schema: tables (with defaults, identity and generated
columns), constraints, indexes, extended statistics, row triggers, functions and procedures,
views and materialised views, and standalone sequences (with their values).

Reading the template's catalogue is the slow part with many offices (pg_class, pg_type,
pg_constraint and pg_index have no index on the schema, so each read scans every office's
rows). So the reads happen once: they build a DDL script (`clone_script_build`) with the
target schema as a placeholder, kept in the public table tenants_clonescript and in memory,
keyed by the template's fingerprint (`template_fingerprint`: its applied migrations and a
checksum of its catalogue rows, read through indexes only). A clone computes the fingerprint
(one query), takes the script built from exactly that fingerprint (or builds it), and runs it
in one round trip; the template's rows are copied live by one INSERT ... SELECT per table that
held rows. A template changed in any way (a migration, a function created by hand) has
another fingerprint, so a stale script is never used. `migrate_schemas` builds the script
right after it migrates the template.

Anything else found in the template (types, domains, enums, aggregates, rules, policies...)
makes `clone_unsupported()` list it: building the script then refuses loudly
(CloneUnsupported), and `migrate_schemas` fails right after migrating the template, so a
migration that creates such an object is caught at deploy time, never copied into a silently
different office.
"""

from __future__ import annotations

import logging
import re
import time

from django.db import connection, transaction
from psycopg import sql as psql

from tenants.validators import validate_schema_name

logger = logging.getLogger("vireo.tenants")

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


# The template's fingerprint. Its applied migrations, plus every catalogue row that defines
# it: each object recorded in pg_depend as living in the schema (tables, views, sequences,
# functions, types, statistics...), and for each relation its columns, defaults,
# constraints, indexes, triggers, rules, policies and statistics, each as (oid, xmin). Any
# DDL writes a new row version (a new xmin) or a new oid, so any change gives another
# fingerprint (VACUUM and ANALYZE update pg_class in place and keep it). Every lookup goes
# through a catalogue index (pg_depend_reference_index, the oid and *relid indexes): a few
# milliseconds whatever the number of offices.
FINGERPRINT = """
    WITH top AS (
        SELECT d.classid, d.objid FROM pg_depend d
        WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = %(s)s::regnamespace
    ), rels AS (
        SELECT objid AS oid FROM top WHERE classid = 'pg_class'::regclass
    ), parts(k, a, b) AS (
        SELECT 'o' || classid::oid::text, objid::oid::text, '' FROM top
        UNION ALL SELECT 'c', c.oid::text, c.xmin::text FROM pg_class c
            WHERE c.oid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'a', a.attrelid::text || '.' || a.attnum, a.xmin::text
            FROM pg_attribute a WHERE a.attrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'd', ad.oid::text, ad.xmin::text FROM pg_attrdef ad
            WHERE ad.adrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'n', con.oid::text, con.xmin::text FROM pg_constraint con
            WHERE con.conrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'i', i.indexrelid::text, i.xmin::text || '/' || ic.xmin::text
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 't', t.oid::text, t.xmin::text FROM pg_trigger t
            WHERE t.tgrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'r', r.oid::text, r.xmin::text FROM pg_rewrite r
            WHERE r.ev_class IN (SELECT oid FROM rels)
        UNION ALL SELECT 'p', pol.oid::text, pol.xmin::text FROM pg_policy pol
            WHERE pol.polrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 's', st.oid::text, st.xmin::text FROM pg_statistic_ext st
            WHERE st.stxrelid IN (SELECT oid FROM rels)
        UNION ALL SELECT 'f', p.oid::text, p.xmin::text FROM pg_proc p
            WHERE p.oid IN (SELECT objid FROM top WHERE classid = 'pg_proc'::regclass)
        UNION ALL SELECT 'y', ty.oid::text, ty.xmin::text FROM pg_type ty
            WHERE ty.oid IN (SELECT objid FROM top WHERE classid = 'pg_type'::regclass)
        UNION ALL SELECT 'm', m.app, m.name FROM {migrations} m
    )
    SELECT md5(string_agg(k || ':' || a || ':' || b, ',' ORDER BY k, a, b)) FROM parts
"""

# Stands for the target schema in a built script; replaced by the quoted target name.
TARGET = '"__vireo_clone_target__"'


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


def template_fingerprint(source: str) -> str:
    """md5 of the template's applied migrations and catalogue rows (see FINGERPRINT)."""
    validate_schema_name(source)
    with connection.cursor() as cursor:
        cursor.execute(
            FINGERPRINT.format(migrations=f"{_quote(source)}.django_migrations"), {"s": source}
        )
        return cursor.fetchone()[0]


def _quote(name: str) -> str:
    return psql.Identifier(name).as_string(connection.connection)


def _requalify(definition: str, source: str) -> str:
    # Catalogue definitions are printed with search_path = public, so objects of the source
    # schema are qualified ("t_template.audit_auditentry") and public ones are not.
    if TARGET in definition:
        raise ValueError(f"a definition in {source} holds the clone's placeholder {TARGET}")
    return re.sub(rf'(?<![\w"$]){re.escape(source)}\.', f"{TARGET}.", definition)


def clone_script_build(source: str) -> str:
    """The DDL script that makes a copy of `source` (structure and rows), with TARGET for the
    new schema's name. Raises CloneUnsupported when `source` holds what it cannot copy."""
    validate_schema_name(source)
    # Catalogue definitions below are printed relative to the search path, which must be
    # public alone: the source's objects then come out qualified and public ones do not.
    assert connection.schema_name == "public", "clone from the public schema"
    unsupported = clone_unsupported(source)
    if unsupported:
        raise CloneUnsupported(source, unsupported)
    q, s, t = _quote, _quote(source), TARGET
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
        with_rows = _tables_with_rows(cursor, source, tables)

    inline: dict[str, list[str]] = {table: [] for table in tables}
    later: list[str] = []  # foreign keys (after the rows) and NOT VALID constraints
    for table, name, definition, kind in constraints:
        clause = f"CONSTRAINT {q(name)} {_requalify(definition, source)}"
        if kind == "f" or definition.endswith("NOT VALID"):
            later.append(f"ALTER TABLE {t}.{q(table)} ADD {clause}")
        else:
            inline[table].append(clause)

    statements = [f"CREATE SCHEMA {t}"]
    # Functions first: defaults, checks and triggers may call them.
    statements += [_requalify(definition, source) for definition in functions]
    for name, kind, start, increment, low, high, cycle in sequences:
        statements.append(
            f"CREATE SEQUENCE {t}.{q(name)} AS {kind} START {start} INCREMENT {increment}"
            f" MINVALUE {low} MAXVALUE {high}" + (" CYCLE" if cycle else "")
        )
        statements.append(
            f"SELECT setval('{t}.{q(name)}', last_value, is_called) FROM {s}.{q(name)}"
        )
    for table in tables:
        statements.append(
            f"CREATE TABLE {t}.{q(table)} (LIKE {s}.{q(table)} INCLUDING DEFAULTS"
            " INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS"
            + "".join(f", {clause}" for clause in inline[table])
            + ")"
        )
    for table, (columns, always) in with_rows.items():
        listed = ", ".join(q(column) for column in columns)
        overriding = " OVERRIDING SYSTEM VALUE" if always else ""
        statements.append(
            f"INSERT INTO {t}.{q(table)} ({listed}){overriding} SELECT {listed} FROM {s}.{q(table)}"
        )
    for name, kind, definition in views:
        body = _requalify(definition, source).rstrip().rstrip(";")
        materialised = "MATERIALIZED " if kind == "m" else ""
        statements.append(f"CREATE {materialised}VIEW {t}.{q(name)} AS {body}")
    # After the views: a materialised one may have indexes.
    statements += [_requalify(definition, source) for definition in indexes + statistics]
    if identities:
        statements.append(
            " UNION ALL ".join(
                f"SELECT setval(pg_get_serial_sequence('{t}.{q(table)}', '{column}'),"
                f" last_value, is_called) FROM {sequence}"
                for table, column, sequence in identities
            )
        )
    statements += later
    statements += [_requalify(definition, source) for definition in triggers]
    return ";\n".join(statements) + ";\n"


def _tables_with_rows(cursor, source: str, tables: list[str]) -> dict[str, tuple[list, bool]]:
    """{table: (insertable columns, has a GENERATED ALWAYS identity)} for the tables of
    `source` holding rows."""
    if not tables:
        return {}
    s = _quote(source)
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {s}.{_quote(table)})" for table in tables
        ),
        tables,
    )
    filled = [row[0] for row in cursor.fetchall()]
    if not filled:
        return {}
    cursor.execute(
        """SELECT c.relname, array_agg(a.attname ORDER BY a.attnum),
                  bool_or(a.attidentity = 'a')
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE c.oid = ANY(ARRAY(SELECT (quote_ident(%s) || '.' || quote_ident(n))::regclass
                                   FROM unnest(%s::text[]) n))
             AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           GROUP BY c.relname""",
        [source, filled],
    )
    found = {name: (columns, always) for name, columns, always in cursor.fetchall()}
    return {table: found[table] for table in filled}


# Built scripts of this process, by fingerprint (a handful at most: one per template state).
_scripts: dict[str, str] = {}


def clone_script(source: str) -> tuple[str, str]:
    """(fingerprint, script) for `source` as it is now: from this process's memory, else the
    public table tenants_clonescript, else built and stored there."""
    from tenants.models import CloneScript

    fingerprint = template_fingerprint(source)
    script = _scripts.get(fingerprint)
    if script is None:
        stored = CloneScript.objects.filter(source=source, fingerprint=fingerprint)
        script = stored.values_list("script", flat=True).first()
        if script is None:
            script = clone_script_store(source, fingerprint)
        if len(_scripts) > 8:
            _scripts.clear()
        _scripts[fingerprint] = script
    return fingerprint, script


def clone_script_store(source: str, fingerprint: str) -> str:
    """Build the script of `source` at `fingerprint` and keep it (only the newest per
    source). The insert of a script built at the same time by another process is a no-op."""
    from tenants.models import CloneScript

    started = time.perf_counter()
    script = clone_script_build(source)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        CloneScript.objects.filter(source=source).exclude(fingerprint=fingerprint).delete()
        CloneScript.objects.bulk_create(
            [
                CloneScript(
                    source=source,
                    fingerprint=fingerprint,
                    script=script,
                    build_seconds=round(seconds, 3),
                )
            ],
            ignore_conflicts=True,
        )
    logger.info(
        "clone script built",
        extra={"source": source, "fingerprint": fingerprint, "seconds": round(seconds, 3)},
    )
    return script


def schema_clone(*, source: str, target: str) -> str:
    """Create `target` as a copy of `source`, structure and rows, inside the caller's
    transaction (DDL is transactional in PostgreSQL: a failure leaves nothing behind).
    Returns the fingerprint of the template the copy was made from."""
    validate_schema_name(source)
    validate_schema_name(target)
    assert connection.schema_name == "public", "clone from the public schema"
    fingerprint, script = clone_script(source)
    with connection.cursor() as cursor:
        # One round trip; no parameters, so the script's own % signs stay as they are.
        cursor.execute(script.replace(TARGET, _quote(target)))
    return fingerprint
