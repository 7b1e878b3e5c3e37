"""Reads of documents. Staff see every document of the office; a client user sees only the
documents shared with the company they act for (membership.client_id), and only the newest
version of each."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from modules.billing.selectors import assignment_current
from modules.documents.models import Document, DocumentTemplate, DocumentVersion
from modules.documents.variables import package_fields_empty


def template_list(*, active_only: bool = False, language: str = "") -> QuerySet[DocumentTemplate]:
    """The office's templates by language and name; `language`'s first (a Slovak office
    sees its Slovak agreement above the Polish ones the library also holds)."""
    qs = DocumentTemplate.objects.all()
    if language:
        first = Case(When(language=language, then=Value(0)), default=Value(1))
        qs = qs.order_by(first, "language", "name", "pk")
    return qs.filter(active=True) if active_only else qs


def template_get(*, template_id: int, active_only: bool = False) -> DocumentTemplate | None:
    return template_list(active_only=active_only).filter(pk=template_id).first()


def document_list(*, membership, client_id: int | None = None) -> QuerySet[Document]:
    if membership is None:
        return Document.objects.none()
    qs = Document.objects.select_related("client", "template")
    if not membership.is_staff_role:
        if membership.role != "client" or not membership.client_id:
            return Document.objects.none()
        qs = qs.filter(client_id=membership.client_id, shared_at__isnull=False)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    return qs.order_by("-created_at", "-pk")


NEW_DAYS = 7


def client_new_figures(*, membership) -> dict:
    """The panel home's tile: of what the company sees in the panel's Documents
    (`document_list`, the one rule), how many are shared and how many of them were shared in
    the last 7 days (`Document.shared_at`, set anew when sharing after a stop; downloads are
    not tracked). One query."""
    since = timezone.now() - dt.timedelta(days=NEW_DAYS)
    return (
        document_list(membership=membership)
        .order_by()
        .aggregate(shared=Count("pk"), new=Count("pk", filter=Q(shared_at__gte=since)))
    )


def document_get(*, membership, document_id: int) -> Document | None:
    return document_list(membership=membership).filter(pk=document_id).first()


def version_list(*, document: Document) -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.filter(document=document).order_by("-version")


def version_get(*, membership, document: Document, version: int | None = None):
    """The file of `document` a person may download: staff any version (the newest without
    one), a client user only the newest."""
    if version is not None and not membership.is_staff_role and version != document.version:
        return None
    return version_list(document=document).filter(version=version or document.version).first()


def regenerate_packages_asked(*, document: Document) -> list[dict]:
    """The package fields "Generate again" must ask (the document page shows them, with why):
    those with no value kept when the client has no package today to fill them with
    (services.document_regenerate fills them from it otherwise). [] for anything else."""
    template = document.template
    if document.source != Document.Source.GENERATED or template is None:
        return []
    empty = package_fields_empty(template.fields, document.field_values or {})
    if not empty:
        return []
    if assignment_current(client_id=document.client_id, day=timezone.localdate()) is not None:
        return []
    return empty
