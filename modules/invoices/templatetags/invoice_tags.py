"""{{ line.vat_rate|vat_label }}: a line's rate as the invoice reads it ("23%", "zw.").
{{ line.quantity|quantity }}: a line's quantity with the decimals it has ("1", "1,5",
"0,125" in Polish and Slovak), not the three it is stored with ("1,500").
{{ invoice|variable_symbol }}: what a Slovak client pays with ("" elsewhere).
{{ line.net|amount }}: an amount grouped as the "To pay" total is ("1 054,11").
{{ invoice.seller.iban|iban }}: the IBAN in groups of four."""

from django import template

from common.formats import iban_grouped, quantity_text
from common.money import amount_text
from modules.invoices import policies
from modules.invoices.money import rate_label

register = template.Library()


@register.filter
def vat_label(code: str) -> str:
    return rate_label(code) if code else ""


@register.filter
def quantity(value) -> str:
    return quantity_text(value)


@register.filter
def variable_symbol(invoice) -> str:
    return policies.variable_symbol(invoice)


@register.filter
def amount(value) -> str:
    return amount_text(value)


@register.filter
def iban(value) -> str:
    return iban_grouped(value)
