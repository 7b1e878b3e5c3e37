"""Storing scan files of mail items (M4): checked by content, size-limited, thumbnailed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from common import uploads
from common.exceptions import ApplicationError
from common.storage import office_delete, office_new_name, office_save, spool_dir
from modules.audit.services import audit_record
from modules.mail import files
from modules.mail.models import MailItem, MailScan


class StagedFile:
    """A file that passed the content check, waiting in the office's working folder (a
    local file: the checks need one) to be stored."""

    def __init__(self, *, path: Path, original_name: str, checked: files.CheckedFile):
        self.path = path
        self.original_name = original_name
        self.checked = checked


def scan_stage(
    *,
    upload=None,
    source_path: Path | None = None,
    original_name: str = "",
    max_bytes: int,
    counted: bool = False,
) -> StagedFile:
    """Copy an upload (or a local file) into the office's working folder and check it.

    Raises ApplicationError with the reason when it is not a good PDF/JPEG/PNG, or (an
    upload) past the office's plan storage; nothing is left behind then. `counted`: the
    upload is already in the office's storage (staged by the register form), not asked
    again. A local file (the scanner's, the inbox's) is not checked against the storage:
    the scanner intake admits its files itself, never refusing them.
    """
    handle, name = tempfile.mkstemp(dir=spool_dir("mail", "tmp"))
    staged = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            if upload is not None:
                # Size and type before the copy: an oversize upload is not read.
                uploads.upload_check(
                    upload,
                    kinds=files.KINDS,
                    max_bytes=max_bytes,
                    refused=files.type_refused(upload.name),
                    counted=counted,
                    opened_by_caller=True,  # file_check opens the copy below
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
    """Keep checked files as scans of `item` (inside the caller's transaction). The files
    stored are removed again if this fails; the caller removes them if it fails later."""
    created, moved = [], []
    try:
        for staged_file in staged:
            checked = staged_file.checked
            extension = files.EXTENSIONS[checked.content_type]
            with staged_file.path.open("rb") as handle:
                relative = office_save(office_new_name(f"mail/scans/{item.pk}", extension), handle)
            moved.append(relative)
            thumb_relative = ""
            png = files.thumbnail_png(staged_file.path, checked.content_type)
            if png is not None:
                thumb_relative = office_save(relative.rsplit(".", 1)[0] + ".thumb.png", png)
                moved.append(thumb_relative)
            staged_file.path.unlink(missing_ok=True)
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


def scans_files(scans: Iterable[MailScan]) -> list[str]:
    """The stored files of `scans` (to remove when the caller's work fails after storing
    them)."""
    return [name for scan in scans for name in (scan.path, scan.thumbnail_path) if name]


def files_remove(names: list[str]) -> None:
    office_delete(*names)


def staged_discard(staged: Iterable[StagedFile]) -> None:
    for staged_file in staged:
        staged_file.path.unlink(missing_ok=True)


@transaction.atomic
def mail_scan_delete(*, scan: MailScan, actor) -> None:
    item = scan.item
    names, schema = scans_files([scan]), connection.schema_name
    audit_record(
        action="mail.scan_deleted",
        actor=actor,
        target=item,
        changes={"scan": [scan.original_name, None]},
    )
    scan.delete()
    MailItem.objects.filter(pk=item.pk, scan_count__gt=0).update(scan_count=F("scan_count") - 1)
    transaction.on_commit(lambda: office_delete(*names, schema=schema))


def scan_error_message(exc: ApplicationError, name: str) -> str:
    return _("%(name)s: %(reason)s") % {"name": name, "reason": exc.message}
