"""Files of the mail module under MEDIA_ROOT/<schema>/mail/...; paths in the database are
relative to the office's folder and resolved only through here."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def office_root(schema_name: str | None = None) -> Path:
    return Path(settings.MEDIA_ROOT) / (schema_name or connection.schema_name)


def resolve(relative: str, schema_name: str | None = None) -> Path:
    """The absolute path of an office file; anything that escapes the office folder (or is
    absolute) is refused, whatever the database says."""
    root = office_root(schema_name).resolve()
    path = (root / relative).resolve()
    if not relative or Path(relative).is_absolute() or not path.is_relative_to(root):
        raise ValueError(f"path outside the office folder: {relative!r}")
    return path


def new_relative(folder: str, extension: str) -> str:
    now = timezone.now()
    return f"mail/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


def ftp_spool(schema_name: str) -> Path:
    """Where one office's scanners upload; the worker moves files out of it."""
    return office_root(schema_name) / "mail" / "ftp-incoming"
