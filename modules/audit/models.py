from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import user_reference


class AuditEntry(models.Model):
    """Who did what to which object, when and from where. Append-only: a database trigger
    refuses UPDATE and DELETE (migration 0002)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = user_reference(blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
