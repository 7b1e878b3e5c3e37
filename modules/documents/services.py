"""Every write of documents: templates (D1), generating, regenerating, uploading and sharing
documents (D2). Files go through common.storage under documents/<client id>/."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.audit import audit_diff
from common.exceptions import ApplicationError
from common.numbering import number_next
from common.storage import office_delete, office_new_name, office_save
from common.uploads import StagedUpload, upload_discard
from modules.audit.services import audit_record
from modules.billing.selectors import assignment_current, package_list
from modules.clients.models import Client
from modules.documents import variables
from modules.documents.events import SHARED_EVENT
from modules.documents.html import html_clean
from modules.documents.models import Document, DocumentCounter, DocumentTemplate, DocumentVersion
from modules.documents.pdf import document_html, pdf_render
from modules.documents.seeds import templates_settle
from modules.messaging.services import StoredFile, message_send
from modules.notifications.hooks import template_problems, template_render_html
from modules.notifications.services import notify

logger = logging.getLogger("vireo.documents")

MAX_TEMPLATE_LENGTH = 200_000
MAX_FIELDS = 20
MAX_FIELD_VALUE = 500


# Templates ---------------------------------------------------------------------------------


FIELD_LINE = re.compile(r"^(?P<key>[^:(]*?)\s*(?:\((?P<type>[^)]*)\))?\s*$")


def template_fields_parse(text: str) -> list[dict]:
    """The free fields as typed, one per line: "key: Label" (key: small letters, digits, _),
    or with a type, "key (date): Label", "key (package): Label" (variables.FIELD_TYPE_WORDS:
    also in Polish and Slovak). A text field is stored as before ({"key", "label"}), a typed
    one with its "type"."""
    fields, errors, seen = [], [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        head, _sep, label = line.partition(":")
        match = FIELD_LINE.match(head.strip())
        key = (match["key"] if match else head).strip()
        word = ((match["type"] if match else "") or "").strip().lower()
        label = label.strip() or key
        kind = variables.FIELD_TYPE_WORDS.get(word or variables.TEXT)
        names = set(variables.field_variables({"key": key, "label": "", "type": kind}))
        if not variables.FIELD_KEY.match(key):
            errors.append(
                _("Line %(line)s: “%(key)s” cannot be a field name (small letters, digits, _).")
                % {"line": number, "key": key}
            )
        elif kind is None:
            errors.append(
                _("Line %(line)s: “%(type)s” is not a field type (text, date, package).")
                % {"line": number, "type": word}
            )
        elif names & set(variables.BUILTIN):
            errors.append(
                _("Line %(line)s: “%(key)s” is already a variable of every document.")
                % {"line": number, "key": key}
            )
        elif names & seen:
            errors.append(_("Line %(line)s: “%(key)s” twice.") % {"line": number, "key": key})
        else:
            seen.update(names)
            field = {"key": key, "label": label[:100]}
            if kind != variables.TEXT:
                field["type"] = kind
            fields.append(field)
    if len(fields) > MAX_FIELDS:
        errors.append(_("At most %(max)s free fields.") % {"max": MAX_FIELDS})
    if errors:
        raise ValidationError({"fields": errors})
    return fields


def template_fields_text(fields: list[dict]) -> str:
    return "\n".join(
        f"{f['key']} ({f['type']}): {f['label']}" if f.get("type") else f"{f['key']}: {f['label']}"
        for f in fields
    )


def _template_check(template: DocumentTemplate) -> None:
    """Clean the HTML, then refuse what the sandbox refuses (tags other than if/for, filters
    off the allow-list, unknown variables, dotted lookups): a template that could escape
    never gets saved."""
    template.body = html_clean(template.body or "")
    if not template.body.strip():
        raise ValidationError({"body": [_("The template has no text.")]})
    problems = template_problems(
        template.body,
        variables=variables.template_variables(template.fields),
        max_length=MAX_TEMPLATE_LENGTH,
    )
    if problems:
        raise ValidationError({"body": problems})
    template.full_clean()


@transaction.atomic
def template_create(*, actor, data: dict, seed_key: str = "") -> DocumentTemplate:
    template = DocumentTemplate(
        name=(data.get("name") or "").strip(),
        language=data.get("language") or DocumentTemplate.Language.PL,
        body=data.get("body") or "",
        fields=data.get("fields") or [],
        active=data.get("active", True),
        seed_key=seed_key,
        created_by=actor,
    )
    _template_check(template)
    template.save()
    audit_record(
        action="documents.template_created",
        actor=actor,
        target=template,
        changes={"name": template.name, "language": template.language},
    )
    return template


@transaction.atomic
def template_update(*, template: DocumentTemplate, actor, data: dict) -> DocumentTemplate:
    template = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
    if "body" in data:
        data = {**data, "body": html_clean(data["body"] or "")}
    changes = audit_diff(template, data, ("name", "language", "body", "fields", "active"))
    if not changes:
        return template
    _template_check(template)
    template.save()
    if "body" in changes:  # the whole text is no use in the log: that it changed is
        changes["body"] = ["…", "…"]
    audit_record(action="documents.template_changed", actor=actor, target=template, changes=changes)
    return template


def template_preview(
    *, body: str, fields: list[dict], language: str, office
) -> tuple[str, list[str]]:
    """The template filled in with example values of its language and the office's name and
    currency (the editor's preview, variables.sample_values), and its problems."""
    body = html_clean(body or "")
    problems = template_problems(
        body, variables=variables.template_variables(fields), max_length=MAX_TEMPLATE_LENGTH
    )
    if problems:
        return "", problems
    sample = variables.sample_values(language=language, office=office)
    for field in fields:
        sample.update(variables.field_sample(field, language))
    with translation.override(language):
        return html_clean(template_render_html(body, sample)), []


def templates_country_settle(*, office) -> int:
    """The office got its country (tenants.setup, at provisioning or a claim from the pool):
    it keeps the ready-made templates of its own language only (seeds.templates_settle).
    Returns how many went."""
    return templates_settle(DocumentTemplate, country=office.country)


# Documents ---------------------------------------------------------------------------------


def _client_notify(document: Document, actor) -> None:
    """Tell the client's recipients a document is shared with them (documents.shared), the
    first time only (`client_notified_at`). Inside the caller's transaction: notify sends
    after the commit. The caller saves `client_notified_at`."""
    if document.client_notified_at is not None:
        return
    office = connection.tenant
    notify(
        event=SHARED_EVENT,
        client_id=document.client_id,
        actor=actor,
        context={
            "client_name": document.client.name,
            "document_title": document.title,
            "document_number": document.number,
            "documents_url": office.url + reverse("documents:portal_list"),
        },
    )
    document.client_notified_at = timezone.now()


def _number_next() -> str:
    year = timezone.localdate().year
    return f"DOK/{year}/{number_next(DocumentCounter, key=year):04d}"


def _field_values(
    template: DocumentTemplate, values: dict | None, kept_before: dict | None = None
) -> dict:
    """The free fields' values to keep: text as typed (cut to MAX_FIELD_VALUE), a date as
    an ISO date, a package as its id (an active package of the office; the one kept from an
    earlier version may have been retired since). A value that is none of these is refused
    at its field (the API sends them typed by hand). `kept_before` (generating again): a
    date field's text kept from before the field was a date (an annex's "1 lipca 2026"
    typed when it was free text, migration 0007) stays as it was and prints as typed."""
    values = values or {}
    kept_before = kept_before or {}
    kept, errors = {}, {}
    for field in template.fields:
        key, kind = field["key"], variables.field_type(field)
        value = str(values.get(key, "") or "").strip()
        if kind == variables.DATE and value:
            try:
                value = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                if value != str(kept_before.get(key, "") or "").strip():
                    errors[key] = _("%(label)s: not a date (YYYY-MM-DD).") % {
                        "label": field["label"]
                    }
        elif kind == variables.PACKAGE and value:
            if not value.isdigit() or not package_list().filter(pk=int(value)).exists():
                errors[key] = _("%(label)s: no such package.") % {"label": field["label"]}
        elif kind == variables.TEXT:
            value = str(values.get(key, "") or "")[:MAX_FIELD_VALUE]
        kept[key] = value
    if errors:
        raise ValidationError({f"field_{key}": [message] for key, message in errors.items()})
    return kept


def document_pdf_make(
    *, template: DocumentTemplate, client: Client, number: str, title: str, field_values: dict
) -> bytes:
    """The PDF of `template` filled in for `client` (nothing is stored)."""
    package_ids = [
        int(field_values[f["key"]])
        for f in template.fields
        if variables.field_type(f) == variables.PACKAGE
        and str(field_values.get(f["key"], "")).isdigit()
    ]
    packages = {p.pk: p for p in package_list().filter(pk__in=package_ids)} if package_ids else {}
    # In the template's language, whoever generates it: filters that write words (months,
    # yesno), the dates and the packages' billing frequency speak it.
    with translation.override(template.language):
        context = {
            **variables.client_values(client, day=timezone.localdate()),
            **variables.office_values(),
            **variables.document_values(number=number, title=title),
            **variables.field_values_context(template.fields, field_values, packages),
        }
        body = html_clean(template_render_html(template.body, context))
    return pdf_render(
        document_html(body=body, number=number, title=title, language=template.language)
    )


def _file_name(document: Document, extension: str) -> str:
    return f"{document.number.replace('/', '-')}{extension}"


def _version_add(
    *,
    document: Document,
    content,
    size: int,
    extension: str,
    content_type: str,
    actor,
    original_name: str = "",
) -> DocumentVersion:
    """Store a new version's file and its row. The file is written first; if the row cannot
    be, it is removed at once (a later rollback of the caller leaves an unreferenced file,
    which is cheaper than a PDF rendered twice)."""
    path = office_save(office_new_name(f"documents/{document.client_id}", extension), content)
    try:
        version = DocumentVersion(
            document=document,
            version=document.version,
            path=path,
            original_name=(original_name or _file_name(document, extension))[:255],
            content_type=content_type,
            size=size,
            created_by=actor,
        )
        version.full_clean()
        version.save()
    except Exception:
        office_delete(path)
        raise
    return version


def _version_print(*, document, template, client, actor, update_fields=None) -> None:
    """Print the document's current version (the PDF first: a refused template or a renderer
    error saves nothing), then save the document and the version's file and row."""
    content = document_pdf_make(
        template=template,
        client=client,
        number=document.number,
        title=document.title,
        field_values=document.field_values,
    )
    document.save(update_fields=update_fields)
    _version_add(
        document=document,
        content=content,
        size=len(content),
        extension=".pdf",
        content_type="application/pdf",
        actor=actor,
    )


@transaction.atomic
def document_generate(
    *,
    template: DocumentTemplate,
    client: Client,
    actor,
    title: str = "",
    field_values: dict | None = None,
    share: bool = False,
) -> Document:
    if not template.active:
        raise ApplicationError(_("This template is not in use any more."), code="inactive")
    values = _field_values(template, field_values)
    document = Document(
        client=client,
        number=_number_next(),
        title=(title or "").strip()[:200] or template.name,
        source=Document.Source.GENERATED,
        template=template,
        field_values=values,
        version=1,
        created_by=actor,
    )
    if share:
        document.shared_at, document.shared_by = timezone.now(), actor
        _client_notify(document, actor)
    document.full_clean()
    _version_print(document=document, template=template, client=client, actor=actor)
    audit_record(
        action="documents.generated",
        actor=actor,
        target=document,
        changes={"number": document.number, "template": template.name, "shared": share},
    )
    return document


def package_missing_message(field: dict) -> str:
    return _(
        "%(label)s: pick the package before generating again; the client has no package to "
        "fill it with."
    ) % {"label": field["label"]}


def _packages_filled(template: DocumentTemplate, values: dict | None, client_id: int) -> dict:
    """Generating again: a package field with no value (an annex generated before the
    template asked the new package, migration 0007, printed it as dots) takes the client's
    package in force today (billing's `assignment_current`). Without one the field is
    refused (ValidationError at `field_<key>`): the document page asks it first
    (selectors.regenerate_packages_asked) rather than printing the dots."""
    values = dict(values or {})
    empty = variables.package_fields_empty(template.fields, values)
    if not empty:
        return values
    current = assignment_current(client_id=client_id, day=timezone.localdate())
    if current is None:
        raise ValidationError(
            {f"field_{field['key']}": [package_missing_message(field)] for field in empty}
        )
    values.update({field["key"]: str(current.package_id) for field in empty})
    return values


@transaction.atomic
def document_regenerate(*, document: Document, actor, field_values: dict | None = None) -> Document:
    """A new version from the template's current text and today's data; the old versions
    stay (and stay downloadable by staff). A package field without a value takes the
    client's current package (`_packages_filled`)."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("client", "template")
        .get(pk=document.pk)
    )
    template = document.template
    if document.source != Document.Source.GENERATED or template is None:
        raise ApplicationError(
            _("Only a document generated from a template can be generated again."),
            code="not_generated",
        )
    values = _field_values(
        template,
        _packages_filled(
            template,
            field_values if field_values is not None else document.field_values,
            document.client_id,
        ),
        kept_before=document.field_values,
    )
    document.version += 1
    document.field_values = values
    _version_print(
        document=document,
        template=template,
        client=document.client,
        actor=actor,
        update_fields=["version", "field_values", "updated_at"],
    )
    audit_record(
        action="documents.regenerated",
        actor=actor,
        target=document,
        changes={"version": [document.version - 1, document.version]},
    )
    return document


@transaction.atomic
def document_upload(
    *, client: Client, upload: StagedUpload, title: str, actor, share: bool = False
) -> Document:
    """Any checked file (common.uploads) kept as a client document."""
    document = Document(
        client=client,
        number=_number_next(),
        title=(title or "").strip()[:200] or upload.original_name[:200],
        source=Document.Source.UPLOADED,
        version=1,
        created_by=actor,
    )
    if share:
        document.shared_at, document.shared_by = timezone.now(), actor
        _client_notify(document, actor)
    document.full_clean()
    document.save()
    with upload.open() as handle:  # the kind's extension, judged by content (common.uploads)
        _version_add(
            document=document,
            content=handle,
            size=upload.size,
            extension=PurePath(upload.name).suffix,
            content_type=upload.content_type,
            actor=actor,
            original_name=upload.original_name,
        )
    transaction.on_commit(lambda: upload_discard(upload))
    audit_record(
        action="documents.uploaded",
        actor=actor,
        target=document,
        changes={"number": document.number, "file": upload.original_name, "shared": share},
    )
    return document


@transaction.atomic
def document_share(*, document: Document, actor, shared: bool, message: str = "") -> Document:
    """Show the document (its newest version) in the client's panel, or stop showing it.
    With `message`, sharing also sends the client a message with the newest version's PDF
    attached (modules.messaging), in the same transaction."""
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=document.pk)
    )
    if shared and message.strip():
        version = document.versions.get(version=document.version)
        message_send(
            actor=actor,
            client=document.client,
            subject=document.title,
            body=message,
            attachments=[StoredFile(version.path, version.original_name, version.content_type)],
        )
    if document.shared == shared:
        return document
    document.shared_at, document.shared_by = (timezone.now(), actor) if shared else (None, None)
    if shared:
        _client_notify(document, actor)
    document.save(update_fields=["shared_at", "shared_by", "client_notified_at", "updated_at"])
    audit_record(
        action="documents.shared" if shared else "documents.unshared",
        actor=actor,
        target=document,
        changes={"shared": [not shared, shared]},
    )
    return document
