"""{{ line.vat_rate|vat_label }}: a line's rate as the invoice reads it ("23%", "zw.")."""

from django import template

from modules.invoices.money import rate_label

register = template.Library()


@register.filter
def vat_label(code: str) -> str:
    return rate_label(code) if code else ""
