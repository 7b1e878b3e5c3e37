"""Document templates (D1) and the documents made from them or uploaded for a client (D2).

A document keeps every version it ever had (regenerating adds one); the client sees the
newest version of a document once it is shared with them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.models import BaseModel, user_reference
from common.numbering import YearCounter


class DocumentTemplate(BaseModel):
    class Language(models.TextChoices):
        PL = "pl", _("Polish")
        SK = "sk", _("Slovak")
        EN = "en", _("English")

    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.PL
    )
    # Sanitised HTML (documents.html.html_clean) with sandbox tags ({{ }}, if, for).
    body = models.TextField(_("text"))
    # Free fields asked when a document is generated: [{"key": "place", "label": "Place"}].
    fields = models.JSONField(_("free fields"), default=list, blank=True)
    active = models.BooleanField(pgettext_lazy("template", "active"), default=True)
    # The ready-made templates carry their key, so seeding again adds nothing twice.
    seed_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["language", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"],
                condition=~models.Q(seed_key=""),
                name="documents_template_seed_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DocumentCounter(YearCounter):
    """The last document number given in a year (`common.numbering.number_next`)."""

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")


class Document(BaseModel):
    class Source(models.TextChoices):
        GENERATED = "generated", _("generated")
        UPLOADED = "uploaded", _("uploaded")

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("client"),
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(max_length=10, choices=Source.choices)
    template = models.ForeignKey(
        DocumentTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("template"),
    )
    # The free fields' values it was generated with (regenerating offers them again).
    field_values = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)  # the newest version
    shared_at = models.DateTimeField(_("shared with the client"), null=True, blank=True)
    shared_by = user_reference(blank=True)
    # When the client was told (documents.shared): the first time it was shared only; sharing
    # it again after a stop tells nobody twice.
    client_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "-created_at"], name="documents_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


class DocumentVersion(BaseModel):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    path = models.CharField(max_length=500)  # an office file name (common.storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    created_by = user_reference(blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="documents_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.version}"
