from django import template
from django.db import connection
from django.utils.html import format_html
from django.utils.translation import gettext as _

from modules.clients.selectors import client_get

register = template.Library()


_BADGES = {"active": "text-bg-success", "suspended": "text-bg-warning"}


@register.simple_tag
def status_badge(status: str, label: str) -> str:
    """A client's status as a badge. A tag, not an included template: the search results
    render one per row on every keystroke, and an include costs a template context each."""
    return format_html(
        '<span class="badge {}">{}</span>', _BADGES.get(status, "text-bg-secondary"), label
    )


# The company number the office's staff look for first: a Polish office's NIP, a Slovak
# office's IČO; another office (or a client without it): the next one the client has.
_TAX_NUMBERS = {"PL": ("nip", "ico", "vat_number"), "SK": ("ico", "nip", "vat_number")}
_TAX_LABELS = {"PL": "NIP", "SK": "IČO"}


def _office_country() -> str:
    return getattr(connection.tenant, "country", "")


@register.simple_tag
def client_tax_label() -> str:
    return _TAX_LABELS.get(_office_country()) or _("VAT number")


@register.filter
def client_tax_number(client) -> str:
    order = _TAX_NUMBERS.get(_office_country(), ("vat_number", "nip", "ico"))
    return next((getattr(client, name) for name in order if getattr(client, name)), "")


@register.inclusion_tag("clients/portal/company_profile.html", takes_context=True)
def client_company_profile(context, contacts: bool = True):
    """The company a client user acts for, on the client panel's home (portal/home.html)
    and its Profile page (which lists the contact persons itself: contacts=False)."""
    request = context["request"]
    membership = getattr(request, "membership", None)
    client = (
        client_get(membership=membership, client_id=membership.client_id)
        if membership is not None and membership.role == "client"
        else None
    )
    return {"client": client, "contacts": contacts}
