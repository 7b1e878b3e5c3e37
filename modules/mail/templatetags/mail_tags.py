from django import template

register = template.Library()


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
