"""Files of the hand-over module under MEDIA_ROOT/<schema>/handover/...; the database keeps
paths relative to the office's folder, resolved only through here."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def office_root() -> Path:
    return Path(settings.MEDIA_ROOT) / connection.schema_name


def resolve(relative: str) -> Path:
    """The absolute path of an office file; anything escaping the office folder is refused."""
    root = office_root().resolve()
    path = (root / relative).resolve()
    if not relative or Path(relative).is_absolute() or not path.is_relative_to(root):
        raise ValueError(f"path outside the office folder: {relative!r}")
    return path


def store(content: bytes, *, extension: str) -> str:
    """Write a new file atomically (a reader never sees half a PDF); returns its path."""
    relative = f"handover/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"
    path = resolve(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(content)
    os.replace(partial, path)
    return relative


def remove(*relatives: str) -> None:
    for relative in relatives:
        if relative:
            with contextlib.suppress(ValueError):
                resolve(relative).unlink(missing_ok=True)
