from django.db.models import QuerySet

from accounts.models import Membership, User


def membership_list(*, user: User) -> QuerySet[Membership]:
    """Every active membership of a person, in offices that are open, for the switcher."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True, office__state="active")
        .select_related("office")
        .order_by("office__name", "role", "client_name")
    )


def membership_for_office(*, user: User, office, client_membership_id: int | None = None):
    """The membership a request in `office` acts under, and the person's client profiles there.

    A staff role wins over client profiles; among client profiles the one chosen in the
    switcher (kept in the session) wins, else the first by name.
    """
    if not user.is_authenticated:
        return None, []
    memberships = list(
        Membership.objects.filter(user=user, office=office, is_active=True).order_by(
            "client_name", "pk"
        )
    )
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
