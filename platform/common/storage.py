"""Office files through Django's Storage API.

Every stored file of an office (scans, hand-over PDFs and signatures, imports, exports,
scanner files) lives in the default storage (`STORAGES["default"]`) under the office's
prefix, `<schema>/<name>`: the local filesystem under MEDIA_ROOT by default, S3-compatible
object storage through django-storages by configuration alone (README, "Configuration").
The database keeps `<name>`, relative to the office; it becomes a storage name only here,
and a name that would leave the office's prefix is refused whatever the database says.

Files are never served from a public URL: permission-checked views stream them with
`office_file_response` (storage.open, not storage.url).

What must be a real file on this machine (an upload being checked, the FTP server's incoming
files) is written to a local working folder, `spool_dir()`, and stored when it is kept.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import connection
from django.http import FileResponse, Http404
from django.utils import timezone

from common.exceptions import StorageUnavailable


def _write_errors() -> tuple[type[Exception], ...]:
    """What a storage raises when it cannot write: OSError on a disk (full, a path it
    cannot create), botocore's errors on S3."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - django-storages[s3] brings botocore
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


_WRITE_ERRORS = _write_errors()


def office_storage() -> Storage:
    return storages["default"]


def office_name(name: str, schema: str | None = None) -> str:
    """The storage name of the office file `name` (of the current office unless `schema`)."""
    schema = _schema(schema)
    if not name or "\\" in name or name.startswith("/") or ".." in PurePosixPath(name).parts:
        raise ValueError(f"path outside the office folder: {name!r}")
    return f"{schema}/{name}"


def _schema(schema: str | None) -> str:
    schema = schema or connection.schema_name
    if not schema or "/" in schema or "\\" in schema or schema.startswith("."):
        raise ValueError(f"not an office schema: {schema!r}")
    return schema


def office_new_name(folder: str, extension: str) -> str:
    """A fresh name in `folder`, by month: "mail/scans/7/2026/03/<uuid>.pdf"."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def office_save(name: str, content, *, schema: str | None = None) -> str:
    """Store `content` (bytes or a file object) as the office file `name`. Returns the name
    kept, which the storage may have altered when `name` was taken."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    elif not isinstance(content, File):
        content = File(content)
    full = office_name(name, schema)
    prefix = full[: len(full) - len(name)]
    try:
        return office_storage().save(full, content).removeprefix(prefix)
    except StorageUnavailable:
        raise
    except _WRITE_ERRORS as exc:
        raise StorageUnavailable(f"could not store {full}: {exc}") from exc


def office_open(name: str, *, schema: str | None = None) -> File:
    """The stored file for reading (binary); FileNotFoundError when it is not there."""
    return office_storage().open(office_name(name, schema), "rb")


def office_read(name: str, *, schema: str | None = None) -> bytes:
    with office_open(name, schema=schema) as handle:
        return handle.read()


def office_exists(name: str, *, schema: str | None = None) -> bool:
    return office_storage().exists(office_name(name, schema))


def office_size(name: str, *, schema: str | None = None) -> int:
    return office_storage().size(office_name(name, schema))


def office_files_older(folder: str, older_than, *, schema: str | None = None) -> list[str]:
    """The names (relative to the office) of the files directly in `folder` last modified
    before `older_than` (an aware datetime); none when the folder does not exist."""
    storage = office_storage()
    base = office_name(folder, schema)
    try:
        _dirs, files = storage.listdir(base)
    except FileNotFoundError:
        return []
    return sorted(
        f"{folder}/{name}"
        for name in files
        if storage.get_modified_time(f"{base}/{name}") < older_than
    )


def office_delete(*names: str, schema: str | None = None) -> None:
    """Remove office files; an empty name, a refused name or a missing file is skipped."""
    storage = office_storage()
    for name in names:
        if not name:
            continue
        with contextlib.suppress(ValueError, FileNotFoundError):
            storage.delete(office_name(name, schema))


def office_copy(source: str, target: str, *, schema: str | None = None) -> str:
    """Store a copy of one office file under another name (storages have no rename)."""
    with office_open(source, schema=schema) as handle:
        return office_save(target, handle, schema=schema)


def office_path(name: str, *, schema: str | None = None) -> Path:
    """The local path of an office file, for a storage on this machine only (tests, tools):
    the code that serves or processes files uses office_open, so it runs on any storage."""
    return Path(office_storage().path(office_name(name, schema)))


@contextlib.contextmanager
def office_local_copy(name: str, *, schema: str | None = None) -> Iterator[Path]:
    """A temporary local copy of an office file, for a library that needs a real path."""
    folder = spool_dir("tmp", schema=schema)
    handle, local = tempfile.mkstemp(dir=folder, suffix=PurePosixPath(name).suffix)
    path = Path(local)
    try:
        with open(handle, "wb") as out, office_open(name, schema=schema) as source:
            shutil.copyfileobj(source, out, 1 << 20)
        yield path
    finally:
        path.unlink(missing_ok=True)


def office_usage_bytes(schema: str) -> int:
    """The size of all of an office's stored files."""
    storage = office_storage()

    def walk(folder: str) -> int:
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return 0
        total = sum(storage.size(f"{folder}/{name}") for name in files)
        return total + sum(walk(f"{folder}/{sub}") for sub in folders)

    return walk(schema)


def office_file_response(
    name: str, *, filename: str, content_type: str | None, download: bool
) -> FileResponse:
    """Stream an office file to a person the calling view has already authorised;
    Http404 when the name is refused or the file is not there."""
    try:
        handle = office_open(name)
    except (ValueError, FileNotFoundError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=download, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def spool_dir(*parts: str, schema: str | None = None) -> Path:
    """A local working folder of the office (SPOOL_ROOT/<schema>/<parts>), created if
    missing: for files that must exist on this machine before they are stored (uploads
    being checked, the FTP server's incoming files). Nothing stays here."""
    root = Path(settings.SPOOL_ROOT)
    folder = root / office_name("/".join(parts), schema) if parts else root / _schema(schema)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
