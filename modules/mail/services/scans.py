"""Storing scan files of mail items (M4): checked by content, size-limited, thumbnailed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from common import uploads
from common.exceptions import ApplicationError
from modules.audit.services import audit_record
from modules.mail import files, storage
from modules.mail.models import MailItem, MailScan


class StagedFile:
    """A file that passed the content check, waiting in the office's folder to be kept."""

    def __init__(self, *, path: Path, original_name: str, checked: files.CheckedFile):
        self.path = path
        self.original_name = original_name
        self.checked = checked


def scan_stage(
    *, upload=None, source_path: Path | None = None, original_name: str = "", max_bytes: int
) -> StagedFile:
    """Copy an upload (or move a spooled FTP file) into the office's folder and check it.

    Raises ApplicationError with the reason when it is not a good PDF/JPEG/PNG; nothing is
    left behind then.
    """
    tmp_dir = storage.office_root() / "mail" / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=tmp_dir)
    staged = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            if upload is not None:
                # Size and type before the copy: an oversize upload is not read.
                uploads.upload_check(
                    upload, kinds=files.KINDS, max_bytes=max_bytes, refused=files.type_refused()
                )
                for chunk in upload.chunks():
                    out.write(chunk)
            else:
                with source_path.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        checked = files.file_check(staged, max_bytes=max_bytes)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    name = original_name or (upload.name if upload is not None else source_path.name)
    return StagedFile(path=staged, original_name=Path(name).name[:255], checked=checked)


def scans_store(
    *,
    item: MailItem,
    staged: Iterable[StagedFile],
    actor=None,
    source: str = MailScan.Source.UPLOAD,
) -> list[MailScan]:
    """Keep checked files as scans of `item` (inside the caller's transaction). Files moved
    into place are removed again if the transaction rolls back."""
    created, moved = [], []
    try:
        for staged_file in staged:
            checked = staged_file.checked
            extension = files.EXTENSIONS[checked.content_type]
            relative = storage.new_relative(f"scans/{item.pk}", extension)
            target = storage.resolve(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged_file.path, target)
            moved.append(target)
            thumb_relative = ""
            png = files.thumbnail_png(target, checked.content_type)
            if png is not None:
                thumb_relative = relative.rsplit(".", 1)[0] + ".thumb.png"
                thumb = storage.resolve(thumb_relative)
                thumb.write_bytes(png)
                moved.append(thumb)
            scan = MailScan(
                item=item,
                path=relative,
                thumbnail_path=thumb_relative,
                original_name=staged_file.original_name,
                content_type=checked.content_type,
                size=checked.size,
                pages=checked.pages,
                sha256=checked.sha256,
                source=source,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
            scan.full_clean()
            scan.save()
            created.append(scan)
        if created:
            MailItem.objects.filter(pk=item.pk).update(scan_count=F("scan_count") + len(created))
            item.scan_count += len(created)
    except BaseException:
        files_remove(moved)
        raise
    return created


def scans_files(scans: Iterable[MailScan]) -> list[Path]:
    """The files of `scans` (to remove when the caller's work fails after storing them)."""
    paths = []
    for scan in scans:
        paths.append(storage.resolve(scan.path))
        if scan.thumbnail_path:
            paths.append(storage.resolve(scan.thumbnail_path))
    return paths


def files_remove(paths: list[Path]) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


def staged_discard(staged: Iterable[StagedFile]) -> None:
    files_remove([s.path for s in staged])


@transaction.atomic
def mail_scan_delete(*, scan: MailScan, actor) -> None:
    item = scan.item
    paths = [storage.resolve(scan.path)]
    if scan.thumbnail_path:
        paths.append(storage.resolve(scan.thumbnail_path))
    audit_record(
        action="mail.scan_deleted",
        actor=actor,
        target=item,
        changes={"scan": [scan.original_name, None]},
    )
    scan.delete()
    MailItem.objects.filter(pk=item.pk, scan_count__gt=0).update(scan_count=F("scan_count") - 1)
    transaction.on_commit(lambda: files_remove(paths))


def scan_error_message(exc: ApplicationError, name: str) -> str:
    return _("%(name)s: %(reason)s") % {"name": name, "reason": exc.message}
