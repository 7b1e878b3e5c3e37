from django import template
from django.utils.html import format_html

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
