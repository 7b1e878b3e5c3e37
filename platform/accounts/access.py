"""Who may open an office view. Checked once, in accounts.middleware, before any view runs.

Views declare their level with these decorators; a view that declares nothing is for office
staff only, so a forgotten decorator fails closed. DRF views are checked by the API's base
permission (common.api.IsOfficeMember) because DRF authenticates tokens inside the view.
"""

from collections.abc import Callable

PUBLIC = "public"  # anyone, signed in or not (login, password reset, invitations)
MEMBER = "member"  # any membership in this office: staff or client user
STAFF = "staff"  # owner, admin, staff
ADMIN = "admin"  # owner, admin
CLIENT = "client"  # client users (the client panel)
DEFAULT = STAFF


def _level(level: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.office_access = level
        return view

    return decorator


public_view = _level(PUBLIC)
member_view = _level(MEMBER)
staff_view = _level(STAFF)
admin_view = _level(ADMIN)
client_view = _level(CLIENT)


def superuser_reads(view: Callable) -> Callable:
    """Also open to a platform superuser without a membership here (development tools only:
    the caught-mail page, where the sign-up checks of new offices are read)."""
    view.superuser_reads = True
    return view


def membership_allows(membership, level: str) -> bool:
    if level == PUBLIC:
        return True
    if membership is None:
        return False
    if level == MEMBER:
        return True
    if level == STAFF:
        return membership.is_staff_role
    if level == ADMIN:
        return membership.is_admin_role
    if level == CLIENT:
        return membership.role == "client"
    return False
