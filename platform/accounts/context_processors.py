from django.utils.functional import SimpleLazyObject

from accounts.selectors import membership_list
from common.navigation import CLIENT_AREA, STAFF_AREA, nav_html


def switcher(request) -> dict:
    """The switcher (offices and client profiles) and the menu of the current area.

    Lazy: pages that do not show them cost no query.
    """
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None:
        return {}
    area = CLIENT_AREA if membership is not None and membership.role == "client" else STAFF_AREA
    # Office requests have them from accounts.middleware; elsewhere they are looked up lazily.
    memberships = getattr(request, "switcher_memberships", None)
    if memberships is None:
        memberships = SimpleLazyObject(lambda: list(membership_list(user=user)))
    return {
        "switcher_memberships": memberships,
        "nav_html": SimpleLazyObject(
            lambda: nav_html(
                area=area, membership=membership, current_path=request.path, request=request
            )
        ),
        "current_membership": membership,
        "current_office": getattr(request, "office", None),
    }
