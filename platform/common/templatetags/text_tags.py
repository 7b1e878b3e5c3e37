"""Text filters for templates."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from common.audit import audit_action_label, audit_entry_words, audit_target_label
from common.formats import one_full_stop, percent_text, quantity_text
from common.money import currency_symbol, money

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str = "") -> str:
    """{{ amount|money:current_office.currency }}: "7,50 zł" (common.money)."""
    return money(amount, currency)


@register.filter(name="currency_symbol")
def currency_symbol_filter(currency: str) -> str:
    """{{ current_office.currency|currency_symbol }}: "zł", "€", as money() writes them."""
    return currency_symbol(currency)


@register.filter
def phone(value) -> str:
    """{{ contact.phones|phone }}, {{ client.phone|phone }}: "+48 601 222 333" as everywhere
    (common.phones.phone_format); a list joined with commas."""
    from common.phones import phone_format

    if isinstance(value, list | tuple):
        return ", ".join(phone_format(str(v)) for v in value if v)
    return phone_format(str(value or ""))


@register.filter
def quantity(value) -> str:
    """{{ line.quantity|quantity }}: "1,5", "2" (common.formats.quantity_text)."""
    return quantity_text(value)


@register.filter
def percent(value) -> str:
    """{{ rate|percent }}: "23%" in Polish and English, "23 %" in Slovak
    (common.formats.percent_text); a value that is not a number is shown as it is."""
    try:
        return percent_text(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


@register.filter(needs_autoescape=True)
def full_stop(value, autoescape=True):
    """{{ message|full_stop }}: one full stop after a name that ends in a dot."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(one_full_stop(str(text)))


@register.filter
def audit_action(code: str) -> str:
    """{{ entry.action|audit_action }}: the action in words (common.audit)."""
    return audit_action_label(code)


@register.filter
def audit_changes(entry) -> list[tuple[str, str]]:
    """{% for label, words in entry|audit_changes %}: an audit row's changes in words (as
    the view read them for its whole page, `audit_words_attach`, else this row's own)."""
    words = getattr(entry, "change_words", None)
    return words if words is not None else audit_entry_words(entry)


@register.filter
def audit_target(entry) -> str:
    """{{ entry|audit_target }}: what the row was done to (common.audit)."""
    return audit_target_label(entry)


# Each language named in itself, as a language switcher lists them. Django's own
# name_local for Slovak is the adverb "Slovensky" ("in Slovak"); the language is
# "Slovenčina", as "Polski" and "English" are the languages' names.
LANGUAGE_OWN_NAMES = {"pl": "Polski", "sk": "Slovenčina", "en": "English"}


@register.filter
def language_own_name(code: str) -> str:
    """{{ code|language_own_name }}: the language's name in that language."""
    from django.utils.translation import get_language_info

    return LANGUAGE_OWN_NAMES.get(code) or get_language_info(code)["name_local"].capitalize()
