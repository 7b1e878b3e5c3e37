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


@register.filter
def ksef_problem(invoice) -> str:
    """{{ invoice|ksef_problem }}: what went wrong with KSeF, in the reader's language
    (ksef.ksef_error_words)."""
    from modules.invoices.ksef import ksef_error_words

    return ksef_error_words(invoice)


@register.filter
def invoice_title(invoice) -> str:
    """{{ invoice|invoice_title }}: the page's title and heading, alike: "Invoice FV/1/2026",
    a draft "Draft invoice · Client name" (it has no number; its id is no number either)."""
    from django.utils.translation import pgettext

    correction = invoice.kind == "correction"
    if invoice.number:
        kind = (
            pgettext("invoice kind", "Correction invoice")
            if correction
            else pgettext("invoice kind", "Invoice")
        )
        return f"{kind} {invoice.number}"
    kind = (
        pgettext("invoice", "Draft correction invoice")
        if correction
        else pgettext("invoice", "Draft invoice")
    )
    return f"{kind} · {invoice.client.name}"
