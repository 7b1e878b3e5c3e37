from django.db import connection
from django.db.models import QuerySet

from accounts.models import Membership, User
from common.db import Columns
from tenants.models import Office


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Every active membership of a person, in offices that are open, for the switcher."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, office__state="active")
        .select_related("office")
        .order_by("office__name", "role", "client_name")
    )


_MEMBERSHIP, _OFFICE = Columns(Membership), Columns(Office)
# Written out (see common.db): every office request runs it, and the ORM took 1-2 ms to
# build it with its join and ordering.
_MEMBERSHIPS_OF_PERSON = (
    f"SELECT {_MEMBERSHIP.sql}, {_OFFICE.sql} FROM accounts_membership "
    "JOIN tenants_office ON tenants_office.id = accounts_membership.office_id "
    "WHERE accounts_membership.user_id = %s AND accounts_membership.is_active "
    "ORDER BY tenants_office.name, accounts_membership.role, accounts_membership.client_name, "
    "accounts_membership.id"
)


def membership_all(*, user: User) -> list[Membership]:
    """Every active membership of a person with its office, whatever the office's state, in
    the switcher's order: one query serves both the request's membership
    (membership_for_office) and the switcher (switcher_memberships)."""
    if not user.is_authenticated:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERSHIPS_OF_PERSON, [user.pk])
        rows = cursor.fetchall()
    memberships = []
    for row in rows:
        membership = _MEMBERSHIP.build(row)
        membership.office = _OFFICE.build(row, _MEMBERSHIP.width)
        memberships.append(membership)
    return memberships


def switcher_memberships(memberships: list[Membership]) -> list[Membership]:
    """Of membership_all(), what membership_list() would return: offices that are open."""
    return [m for m in memberships if m.office.state == Office.State.ACTIVE]


def membership_for_office(
    *,
    user: User,
    office,
    client_membership_id: int | None = None,
    memberships: list[Membership] | None = None,
):
    """The membership a request in `office` acts under, and the person's client profiles there.

    A staff role wins over client profiles; among client profiles the one chosen in the
    switcher (kept in the session) wins, else the first by name. `memberships`, from
    membership_all(), saves the query.
    """
    if not user.is_authenticated:
        return None, []
    if memberships is None:
        memberships = list(Membership.objects.filter(user=user, office=office, is_active=True))
    else:
        memberships = [m for m in memberships if m.office_id == office.pk]
    memberships.sort(key=lambda m: (m.client_name, m.pk))
    staff = next((m for m in memberships if m.is_staff_role), None)
    clients = [m for m in memberships if m.role == "client"]
    if staff is not None:
        return staff, clients
    chosen = next((m for m in clients if m.pk == client_membership_id), None)
    return chosen or (clients[0] if clients else None), clients


def office_staff_list(*, office) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(office=office, role__in=["owner", "admin", "staff"])
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
