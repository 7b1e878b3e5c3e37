"""The tabs of a client's card (staff side). Later modules register their own tab here.

    from modules.clients.hooks import ClientTab, client_tab_register
    client_tab_register(ClientTab("mail", _("Mail"), 20, render=mail_tab_render))

`render(request, client) -> (template_name, context)`. A tab registered with the key of a
placeholder replaces it, so the card never links to something that is not there: until the
module that fills it is installed, a placeholder tab says what will appear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import membership_allows


@dataclass(frozen=True)
class ClientTab:
    key: str
    label: str
    order: int
    render: Callable | None = None  # None: a placeholder
    level: str = "staff"
    placeholder_text: str = ""

    @property
    def placeholder(self) -> bool:
        """No renderer yet. (A template must not read `render` itself: it would call it with
        no arguments, fail, and read as empty, so every tab looked like a placeholder.)"""
        return self.render is None


_tabs: dict[str, ClientTab] = {}


def client_tab_register(tab: ClientTab) -> None:
    existing = _tabs.get(tab.key)
    if existing is not None and existing.render is not None and tab.render is None:
        return  # a placeholder never replaces a real tab, whatever the app loading order
    _tabs[tab.key] = tab


def client_tabs(*, membership) -> list[ClientTab]:
    return sorted(
        (t for t in _tabs.values() if membership_allows(membership, t.level)),
        key=lambda t: (t.order, t.key),
    )


def client_tab_get(key: str, *, membership) -> ClientTab | None:
    tab = _tabs.get(key)
    return tab if tab is not None and membership_allows(membership, tab.level) else None


def client_tab_response(
    request, client_id: int, key: str, *, context: dict | None = None, status: int = 200
):
    """The client's card open on tab `key`, as its address shows it, with `context` over what
    the tab's `render` gives: a module's form refused on its tab shows the card again with
    what was typed (status 400) instead of redirecting and losing it. The caller has checked
    the person may act (a staff view)."""
    from modules.clients.views.clients import client_card_response

    return client_card_response(request, client_id, key, context=context, status=status)


# Facts another module owns, shown on the Profile tab (billing: the client's package):
# `fact(client) -> (label, words) | (label, words, url, action) | None`, each one cheap (one
# query at most); `url` and `action` (its words) link the fact to where it is changed.
_profile_facts: list[Callable] = []


def client_profile_fact_register(fact: Callable) -> None:
    if fact not in _profile_facts:
        _profile_facts.append(fact)


def client_profile_facts(client) -> list[tuple[str, str, str, str]]:
    """(label, words, url, action) of each fact; url and action "" where it has no link."""
    return [(*row, "", "")[:4] for fact in _profile_facts if (row := fact(client)) is not None]


def builtin_tabs_register() -> None:
    from modules.clients.views import tabs as views

    client_tab_register(ClientTab("profile", _("Profile"), 0, render=views.profile_tab))
    client_tab_register(ClientTab("contacts", _("Contacts"), 10, render=views.contacts_tab))
    client_tab_register(ClientTab("addresses", _("Addresses"), 11, render=views.addresses_tab))
    client_tab_register(
        ClientTab("users", pgettext_lazy("one client", "Client users"), 12, render=views.users_tab)
    )
    # Mail, invoices, documents and messages fill their own tabs (their modules' ready()).
    client_tab_register(ClientTab("history", _("History"), 90, render=views.history_tab))
