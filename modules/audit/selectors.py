from django.db.models import QuerySet

from modules.audit.models import AuditEntry


def audit_entry_list(*, action_prefix: str = "", target=None) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor")
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    if target is not None:
        qs = qs.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return qs
