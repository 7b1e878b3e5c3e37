"""Reads of the clients module. Staff see every client of the office; a client user sees
only the company they act for (request.membership.client_id)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from accounts.models import Invitation, Membership, Role
from accounts.selectors import invitation_pending_list
from common.collation import name_ordering
from common.db import where_q
from modules.audit.selectors import audit_entry_list
from modules.clients.models import (
    Client,
    ClientAddress,
    ContactPerson,
    CustomField,
    CustomFieldValue,
)

# The search lives in its own module; callers import it from the selectors.
from modules.clients.search import SEARCH_LIMIT, SearchHit, client_conditions, client_search

__all__ = [
    "SEARCH_LIMIT",
    "SearchHit",
    "client_address_missing",
    "client_custom_fields",
    "client_defaults",
    "client_get",
    "client_history",
    "client_invitations_pending",
    "client_list",
    "client_search",
    "client_users_list",
    "pickup_authorised_list",
]


def client_address_missing(*, client_id: int) -> bool:
    """The company has no address an invoice or contract could name it at (a street and a
    city): Polish and Slovak invoices must carry the buyer's address."""
    return (
        not ClientAddress.objects.filter(client_id=client_id)
        .exclude(street="")
        .exclude(city="")
        .exists()
    )


def client_defaults() -> dict[str, str]:
    """What a new client of this office starts with: the office's own country and language
    (a Slovak office's clients are Slovak companies that read Slovak e-mails)."""
    office = connection.tenant
    country = getattr(office, "country", "") or Client.Country.POLAND
    language = getattr(office, "language", "") or Client.Language.POLISH
    return {
        "country": country if country in Client.Country.values else Client.Country.OTHER,
        "language": language if language in Client.Language.values else "en",
    }


def client_list(*, membership, status: str = "") -> QuerySet[Client]:
    """The clients `membership` may see (the search finds among the same: client_conditions)."""
    qs = Client.objects.defer("search_document", "search_vector")
    conditions = client_conditions(membership=membership, status=status)
    if conditions is None:
        return qs.none()
    # In the office language's alphabet ("Sova, Šimko, Zeman"), served by the index of
    # Meta.indexes for that language.
    return qs.filter(where_q(conditions)).order_by(*name_ordering(), "pk")


def client_get(*, membership, client_id: int) -> Client | None:
    return (
        client_list(membership=membership)
        .prefetch_related(
            "addresses",
            "contacts",
            Prefetch("custom_values", CustomFieldValue.objects.select_related("field")),
        )
        .filter(pk=client_id)
        .first()
    )


def client_custom_fields(*, active_only: bool = True) -> QuerySet[CustomField]:
    qs = CustomField.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def client_users_list(*, client: Client) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            office=connection.tenant, role=Role.CLIENT, client_id=client.pk, is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def client_invitations_pending(*, client: Client) -> QuerySet[Invitation]:
    return invitation_pending_list(office=connection.tenant, client_id=client.pk)


def client_history(*, client: Client):
    return audit_entry_list(target=client)


def pickup_authorised_list(*, client: Client) -> QuerySet[ContactPerson]:
    """The persons who may collect this client's mail (H2)."""
    return client.contacts.filter(authorised_to_pick_up_mail=True)


def client_label(code: str, name: str) -> str:
    """How a client is named in a picker: "CODE · Name" (just the name without a code)."""
    return f"{code} · {name}" if code else name


def client_labels(client_ids) -> dict[int, str]:
    """{id: label} of those of `client_ids` that exist (the client picker's one query)."""
    ids = sorted({int(i) for i in client_ids})
    if not ids:
        return {}
    rows = Client.objects.filter(pk__in=ids).values_list("pk", "code", "name")
    return {pk: client_label(code, name) for pk, code, name in rows}


def client_codes(client_ids) -> dict[int, str]:
    """{id: code} of those of `client_ids` that exist (exports: a column beside the name,
    which two clients may share)."""
    ids = sorted({int(i) for i in client_ids})
    if not ids:
        return {}
    return dict(Client.objects.filter(pk__in=ids).values_list("pk", "code"))


def client_codes_where_names_repeat(client_ids: list[int]) -> dict[int, str]:
    """The codes of those clients whose name another client of the office has too (any
    case): the settlements list shows them beside the name, so two "Zielony Las sp. z o.o."
    can be told apart (they could not until 2026-12-07). One query."""
    if not client_ids:
        return {}
    namesake = Client.objects.filter(name__iexact=OuterRef("name")).exclude(pk=OuterRef("pk"))
    return dict(
        Client.objects.filter(pk__in=client_ids).filter(Exists(namesake)).values_list("pk", "code")
    )


def clients_exist() -> bool:
    """Whether the office has any client yet (the getting-started checklist)."""
    return Client.objects.exists()


def client_ids_by_email(address: str) -> list[int]:
    """Clients whose company e-mail or a contact person's e-mail is `address` (any case):
    how the helpdesk's e-mail intake knows a sender."""
    address = address.strip().lower()
    if not address:
        return []
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.expressions import RawSQL

    contact = ContactPerson.objects.filter(client=OuterRef("pk")).filter(
        pk__in=RawSQL(
            "SELECT c.id FROM clients_contactperson c, jsonb_array_elements_text(c.emails) e"
            " WHERE lower(e) = %s",
            (address,),
        )
    )
    return list(
        Client.objects.filter(Q(email__iexact=address) | Exists(contact))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def client_ids_by_phones(numbers) -> dict[str, set[int]]:
    """{number: the clients whose contact persons have it among their phones} for those of
    `numbers` (E.164, as stored) that any contact person has: every company the person
    with that number is a contact of, whether ticked to receive notifications or not.
    Notifications asks it (registered in apps.ready as its `number_companies` rule) to
    name the company in an SMS to a number of several companies. One query, on the GIN
    index of the phones."""
    numbers = {number for number in numbers if number}
    if not numbers:
        return {}
    rows = ContactPerson.objects.filter(phones__has_any_keys=sorted(numbers)).values_list(
        "client_id", "phones"
    )
    found: dict[str, set[int]] = {}
    for client_id, phones in rows:
        for number in numbers.intersection(phones or ()):
            found.setdefault(number, set()).add(client_id)
    return found
