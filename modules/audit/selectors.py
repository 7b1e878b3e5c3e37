from django.db.models import Q, QuerySet

from modules.audit.models import AuditEntry


def audit_entry_list(
    *, action_prefix: str | tuple[str, ...] = "", target=None
) -> QuerySet[AuditEntry]:
    """The log, newest first; `action_prefix`: one prefix ("mail.") or several (an area of
    the office: "office.", "membership.", ...)."""
    qs = AuditEntry.objects.select_related("actor")
    prefixes = (action_prefix,) if isinstance(action_prefix, str) else action_prefix
    if any(prefixes):
        match = Q()
        for prefix in prefixes:
            match |= Q(action__startswith=prefix)
        qs = qs.filter(match)
    if target is not None:
        qs = qs.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    return qs
