"""What every part of the helpdesk's services shares: the row lock, the stale-version check,
the field history, a reply row and the attachments kept under helpdesk/."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.storage import office_new_name, office_save
from common.uploads import DOCUMENT_KINDS, upload_discard
from modules.helpdesk.models import (
    Attachment,
    Change,
    Reply,
    Request,
)

S = Request.Status
ATTACHMENT_KINDS = DOCUMENT_KINDS  # PDF, images, Word, Excel, ODT, text
ATTACHMENT_MAX_BYTES = 20 << 20


def _label(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.full_name or user.email)[:254]


def _history(request: Request, *, actor, changes: dict, actor_label: str = "") -> None:
    Change.objects.bulk_create(
        Change(
            request=request,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_label=(actor_label or _label(actor))[:254],
            field=field,
            old=old,
            new=new,
        )
        for field, (old, new) in changes.items()
    )


def _lock(request: Request) -> Request:
    return Request.objects.select_for_update(of=("self",)).get(pk=request.pk)


def _check_version(locked: Request, version: int | None) -> None:
    if version is not None and version != locked.version:
        raise ApplicationError(
            _(
                "Someone else changed this request while you were editing it. Reload the "
                "page and make your change again."
            ),
            code="stale",
        )


def _reply_add(*, request: Request, actor, body: str, internal: bool, label: str = "") -> Reply:
    reply = Reply(
        request=request,
        author=actor if actor is not None and actor.is_authenticated else None,
        author_label=(label or _label(actor))[:254],
        body=body.strip(),
        internal=internal,
    )
    reply.full_clean()
    reply.save()
    return reply


def _attachments_save(*, request: Request, reply: Reply | None, staged, actor) -> list:
    saved, names = [], []
    for upload in staged:
        with upload.open() as source:
            name = office_save(office_new_name("helpdesk", upload.name.rsplit(".", 1)[-1]), source)
        names.append(name)
        saved.append(
            Attachment(
                request=request,
                reply=reply,
                name=name,
                original_name=upload.original_name,
                size=upload.size,
                content_type=upload.content_type,
                uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            )
        )
    if saved:
        Attachment.objects.bulk_create(saved)
        upload_discard(*staged)  # kept under helpdesk/ now
    return saved
