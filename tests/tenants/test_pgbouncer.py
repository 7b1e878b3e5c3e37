import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

from tests.helpers.pgbouncer import pgbouncer

ROOT = Path(__file__).resolve().parents[2]
# Routing, per-office cache keys, the worker's schema, every module's "another office"
# tests, and the two-office load (test_pooled_load.py, skipped outside this run).
ISOLATION_TESTS = [
    "tests/tenants/test_routing.py",
    "tests/tenants/test_cache.py",
    "tests/tenants/test_worker.py",
    "tests/tenants/test_pooled_load.py",
    "tests/modules/handover/test_views.py::test_another_offices_handovers_and_items_answer_404_and_change_nothing",
    "tests/modules/mail/test_views.py::test_items_and_scans_of_another_office_answer_404",
    "tests/modules/office/test_general.py::test_the_other_office_sees_its_own_details_only",
    "tests/modules/clients/test_api.py::test_api_client_of_another_office_answers_404",
    "tests/modules/clients/test_views.py::test_edit_of_another_offices_client_changes_nothing",
    "tests/modules/scanrequests/test_views.py::test_another_offices_request_answers_404_and_changes_nothing",
    "tests/platform/accounts/test_auth.py::test_removing_a_member_of_another_office_is_404",
]


def _copy_test_database(db: dict, name: str) -> list[str]:
    """The pooled run's test database as a copy of this one (a file copy, under a second;
    migrating a new one through the pooler took two minutes). Falls back to letting the
    pooled run create its own when another session holds this database open."""
    connections.close_all()
    dsn = f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as raw:
        raw.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        try:
            raw.execute(f'CREATE DATABASE "{name}" TEMPLATE "{db["NAME"]}"')
        except psycopg.errors.ObjectInUse:
            return ["--create-db"]
    return ["--reuse-db"]


def test_tenant_suite_and_two_office_load_through_pgbouncer_in_transaction_mode():
    db = settings.DATABASES["default"]
    reuse = _copy_test_database(db, "test_vireo_pooled")
    with pgbouncer(host=db["HOST"], port=int(db["PORT"]), user=db["USER"], pool_size=2) as port:
        redis = re.sub(r"/\d+$", "", settings.REDIS_URL) + "/3"
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{port}/vireo_pooled",
            "TEST_DATABASE_NAME": "test_vireo_pooled",
            "DATABASE_POOL_MODE": "transaction",
            "REDIS_URL": redis,
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                *ISOLATION_TESTS,
                "-p",
                "no:randomly",
                "-q",
                "-x",
                *reuse,
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    print(done.stdout[-1500:])
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " failed" not in summary and " error" not in summary
    assert re.search(r"\b\d+ passed\b", summary), summary
