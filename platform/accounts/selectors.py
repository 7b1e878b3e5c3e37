from django.db import connection
from django.db.models import QuerySet

from accounts.models import Invitation, Membership, Role, User
from common.db import Columns
from tenants.models import Office

# The switcher's order (the written-out queries below spell it out as _SWITCHER_ORDER).
SWITCHER_ORDER = ("office__name", "role", "client_name", "id")


def _active_memberships(user: User) -> QuerySet[Membership]:
    """THE definition of a person's memberships that count: the active ones, with their
    office, in the switcher's order. person_get() and membership_all() read the same rows
    in written-out SQL, held equal to this by tests/platform/accounts/test_selectors.py."""
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("office")
        .order_by(*SWITCHER_ORDER)
    )


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Every active membership of a person, in offices that are open, for the switcher."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return _active_memberships(user).filter(office__state=Office.State.ACTIVE)


_USER, _MEMBERSHIP, _OFFICE = Columns(User), Columns(Membership), Columns(Office)
_SWITCHER_ORDER = (
    "ORDER BY tenants_office.name, accounts_membership.role, accounts_membership.client_name, "
    "accounts_membership.id"
)
# Written out (see common.db): every office request runs them, and the ORM took 1-2 ms to
# build the second with its join and ordering. They read what _active_memberships() says
# (tests hold them equal).
_PERSON_WITH_MEMBERSHIPS = (
    f"SELECT {_USER.sql}, {_MEMBERSHIP.sql}, {_OFFICE.sql} FROM accounts_user "
    "LEFT JOIN accounts_membership ON accounts_membership.user_id = accounts_user.id "
    "AND accounts_membership.is_active "
    "LEFT JOIN tenants_office ON tenants_office.id = accounts_membership.office_id "
    f"WHERE accounts_user.id = %s {_SWITCHER_ORDER}"
)
_MEMBERSHIPS_OF_PERSON = (
    f"SELECT {_MEMBERSHIP.sql}, {_OFFICE.sql} FROM accounts_membership "
    "JOIN tenants_office ON tenants_office.id = accounts_membership.office_id "
    f"WHERE accounts_membership.user_id = %s AND accounts_membership.is_active {_SWITCHER_ORDER}"
)


def _membership(row: tuple, start: int) -> Membership:
    membership = _MEMBERSHIP.build(row, start)
    membership.office = _OFFICE.build(row, start + _MEMBERSHIP.width)
    return membership


def person_get(*, user_id) -> User | None:
    """The signed-in person of a request (accounts.backends), with their active memberships
    read in the same round trip: every office request needs both (membership_all)."""
    with connection.cursor() as cursor:
        cursor.execute(_PERSON_WITH_MEMBERSHIPS, [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    user = _USER.build(rows[0])
    first = _USER.width
    user.active_memberships = [_membership(r, first) for r in rows if r[first] is not None]
    return user


def membership_all(*, user: User) -> list[Membership]:
    """Every active membership of a person with its office, whatever the office's state, in
    the switcher's order: one query serves both the request's membership
    (membership_for_office) and the switcher (switcher_memberships); none when the person
    came from person_get(), which read them already."""
    if not user.is_authenticated:
        return []
    read = getattr(user, "active_memberships", None)
    if read is not None:
        return list(read)
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERSHIPS_OF_PERSON, [user.pk])
        return [_membership(row, 0) for row in cursor.fetchall()]


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
    switcher (kept in the session) wins, else the one chosen last (at an earlier sign-in),
    else the first by name. `memberships`, from membership_all(), saves the query.
    """
    if not user.is_authenticated:
        return None, []
    if memberships is None:
        memberships = list(_active_memberships(user).filter(office=office))
    else:
        memberships = [m for m in memberships if m.office_id == office.pk]
    memberships.sort(key=lambda m: (m.client_name, m.pk))
    staff = next((m for m in memberships if m.is_staff_role), None)
    clients = [m for m in memberships if m.role == "client"]
    if staff is not None:
        return staff, clients
    chosen = next((m for m in clients if m.pk == client_membership_id), None)
    if chosen is None and clients:
        # No choice in this session: the profile chosen last, else the first by name.
        used = [m for m in clients if m.last_chosen_at is not None]
        chosen = max(used, key=lambda m: m.last_chosen_at) if used else clients[0]
    return chosen, clients


def office_staff_list(*, office) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(office=office, role__in=["owner", "admin", "staff"])
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def invitation_pending_list(
    *, office, clients: bool = False, client_id: int | None = None
) -> QuerySet[Invitation]:
    """The office's invitations not yet accepted, newest first, with their last e-mail: the
    team's (staff roles) or, with `clients`, the client panel's (of one company with
    `client_id`). The one scope the lists and their "Send again" and "Cancel" use."""
    invitations = Invitation.objects.filter(office=office, accepted_at__isnull=True)
    if clients or client_id is not None:
        invitations = invitations.filter(role=Role.CLIENT)
        if client_id is not None:
            invitations = invitations.filter(client_id=client_id)
    else:
        invitations = invitations.exclude(role=Role.CLIENT)
    return invitations.select_related("outbox_email").order_by("-created_at", "-id")
