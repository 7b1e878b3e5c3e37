"""Per-office backup and restore: the office's schema (pg_dump -n <schema>), the public
schema's structure (the functions and extensions its triggers and indexes use; no public
rows, so no other office's data), and its stored files, with a manifest of row counts and
file checksums that the restore checks.

    manage.py office_backup <slug> <folder>
    manage.py office_restore <folder> --database-url postgres://.../scratch [--media-root DIR]

The archive folder:
    manifest.json   office, schema, extensions, row count per table, sha256 per file
    public.dump     pg_dump --schema=public --schema-only (custom format)
    office.dump     pg_dump --schema=<schema> (custom format, one consistent snapshot)
    files/<name>    every office file, by its name inside the office

pg_dump and pg_restore come from PG_BIN_DIR (or PATH); they must be at least the server's
major version. Office schemas hold no foreign keys into public (common.models.
user_reference), so an office restores alone; its rows keep the ids of the people who acted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.db import connection

from common.storage import office_name, office_open, office_storage

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


def _bin(name: str) -> str:
    folder = os.environ.get("PG_BIN_DIR", "")
    return str(Path(folder) / name) if folder else name


def _libpq_env(db: dict) -> dict:
    env = dict(os.environ)
    env.update(
        PGHOST=db.get("HOST") or "127.0.0.1",
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=db.get("USER") or "",
        PGDATABASE=db["NAME"],
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _row_counts(cursor, schema: str) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _office_files(schema: str) -> list[str]:
    """Every stored file of the office, by its name inside the office."""
    storage = office_storage()
    names: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        names.extend(str(PurePosixPath(folder, f)).split("/", 1)[1] for f in files)
        for sub in folders:
            walk(f"{folder}/{sub}")

    walk(schema)
    return sorted(names)


def office_backup(*, office, folder: Path) -> dict:
    """Write the office's archive into `folder` (created; must be empty). Returns the
    manifest. The dump is one snapshot; files are copied after it, so every file a dumped
    row names is there (a file added later is an orphan the restore keeps)."""
    started = time.monotonic()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    schema = office.schema_name
    db = settings.DATABASES["default"]
    env = _libpq_env(db)
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")
        extensions = [row[0] for row in cursor.fetchall()]
    common = ["--format=custom", "--no-owner", "--no-privileges"]
    _run([_bin("pg_dump"), *common, "--schema-only", "--schema=public",
          f"--file={folder / 'public.dump'}"], env)  # fmt: skip
    _run([_bin("pg_dump"), *common, f"--schema={schema}", f"--file={folder / 'office.dump'}"], env)
    # Counted after the dump: the restore compares with these, so a row written between the
    # two would show as a difference; run the backup when the office is quiet, or accept it.
    with connection.cursor() as cursor:
        rows = _row_counts(cursor, schema)
    files = {}
    for name in _office_files(schema):
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with office_open(name, schema=schema) as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        with open(target, "rb") as handle:
            files[name] = _sha256(handle)
    manifest = {
        "format": FORMAT,
        "office": {"id": office.pk, "slug": office.slug, "name": office.name},
        "schema": schema,
        "extensions": extensions,
        "rows": rows,
        "files": files,
        "seconds": round(time.monotonic() - started, 3),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def office_restore(*, folder: Path, database_url: str, media_root: Path | None = None) -> dict:
    """Restore an archive into the database at `database_url` (a scratch database, or a
    cell that does not hold this office's schema yet) and its files into `media_root` (a
    folder laid out as MEDIA_ROOT) or, without one, into the configured storage. Then
    compares row counts and file checksums with the manifest; raises BackupError on any
    difference. Returns {"rows": ..., "files": ..., "seconds": ...}."""
    started = time.monotonic()
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    schema = manifest["schema"]
    env = dict(os.environ)
    with psycopg.connect(database_url, autocommit=True) as target:
        exists = target.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema]
        ).fetchone()
        if exists:
            raise BackupError(f"the target database already has schema {schema}")
        has_public_tables = target.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = 'public' LIMIT 1"
        ).fetchone()
        for extension in manifest["extensions"]:
            target.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}" SCHEMA public')
    restore = [_bin("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
               f"--dbname={database_url}"]  # fmt: skip
    if not has_public_tables:  # a scratch database: the platform's structure first
        # Every entry but the public schema itself, which every database already has.
        listing = subprocess.run(
            [_bin("pg_restore"), "--list", str(folder / "public.dump")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        entries = [line for line in listing.splitlines() if " SCHEMA - public " not in line]
        entry_file = folder / "public.list"
        entry_file.write_text("\n".join(entries) + "\n")
        _run([*restore, f"--use-list={entry_file}", str(folder / "public.dump")], env)
    _run([*restore, str(folder / "office.dump")], env)
    with psycopg.connect(database_url) as target, target.cursor() as cursor:
        rows = _row_counts(cursor, schema)
    if rows != manifest["rows"]:
        differ = {
            t: (manifest["rows"].get(t), rows.get(t))
            for t in set(rows) | set(manifest["rows"])
            if rows.get(t) != manifest["rows"].get(t)
        }
        raise BackupError(f"row counts differ (archive, restored): {differ}")
    restored_files = {}
    for name, digest in manifest["files"].items():
        source = folder / "files" / name
        if media_root is not None:
            target_path = Path(media_root) / office_name(name, schema)
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target_path)
            with open(target_path, "rb") as handle:
                restored_files[name] = _sha256(handle)
        else:
            storage = office_storage()
            full = office_name(name, schema)
            if storage.exists(full):
                raise BackupError(f"the storage already holds {full}")
            with open(source, "rb") as handle:
                storage.save(full, handle)
            with storage.open(full, "rb") as handle:
                restored_files[name] = _sha256(handle)
        if restored_files[name] != digest:
            raise BackupError(f"checksum differs for {name}")
    return {
        "schema": schema,
        "rows": rows,
        "files": restored_files,
        "seconds": round(time.monotonic() - started, 3),
    }
