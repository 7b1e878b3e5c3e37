from django import template

register = template.Library()


@register.filter
def mail_field_label(key: str) -> str:
    """A changed field of an item as its label ("Received / sent", not "received_at")."""
    from common.audit import audit_field_label
    from modules.mail.models import MailItem

    return audit_field_label(MailItem, key)


@register.simple_tag
def mail_change_words(key: str, value) -> str:
    """An audit change of an item in words (common.audit.audit_change_words)."""
    from common.audit import audit_change_words
    from modules.mail.models import MailItem

    return audit_change_words(MailItem, key, value)


@register.filter
def mail_change(value) -> str:
    """An audit change: [old, new] as "old → new", anything else as it is."""
    if isinstance(value, list) and len(value) == 2:
        old, new = ("—" if v in (None, "", []) else v for v in value)
        return f"{old} → {new}"
    return "—" if value in (None, "") else str(value)


@register.filter
def dictkey(mapping, key):
    return mapping.get(key, []) if mapping else []
