"""The permission matrix and the cross-office check that every module's tests use.

    check_permission_matrix(
        office_a, "post", "/clients/1/edit/",
        expect={"anonymous": 302, "client": 403, "staff": 200, "admin": 200, "other_office": 403},
        data={...},
        unchanged=lambda: Client.objects.get(pk=1).name == "Old name",
    )

Every role gets a fresh person and a fresh client. For roles whose expected status is not a
success (2xx/3xx to a non-login page), `unchanged` must still hold after the request:
a refused request changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member

ROLES = ("anonymous", "client", "staff", "admin", "owner", "other_office")


def client_for(role: str, office, other_office) -> OfficeClient:
    if role == "anonymous":
        return OfficeClient(office)
    if role == "other_office":
        # Staff of another office, with a valid session, knocking on this office's door.
        return OfficeClient(office, user=member(other_office, Role.ADMIN))
    return OfficeClient(office, user=member(office, role))


def check_permission_matrix(
    office,
    other_office,
    method: str,
    url: str,
    *,
    expect: dict[str, int],
    data: dict | None = None,
    unchanged: Callable[[], bool] | None = None,
    **extra,
) -> None:
    assert set(expect) <= set(ROLES), f"unknown roles: {set(expect) - set(ROLES)}"
    failures = []
    for role, status in expect.items():
        client = client_for(role, office, other_office)
        response = getattr(client, method)(url, data=data or {}, **extra)
        if response.status_code != status:
            failures.append(f"{role}: expected {status}, got {response.status_code}")
        refused = status >= 400 or (role == "anonymous" and status == 302)
        if refused and unchanged is not None:
            with in_office(office):
                if not unchanged():
                    failures.append(f"{role}: refused with {status} but data changed")
    assert not failures, f"{method.upper()} {url}: " + "; ".join(failures)


def check_cross_office(
    office,
    other_office,
    method: str,
    url: str,
    *,
    data: dict | None = None,
    unchanged: Callable[[], bool] | None = None,
):
    """A row of `office` requested by the other office's staff, on the other office's own
    host, with their own valid session: must answer 404 and change nothing."""
    client = OfficeClient(other_office, user=member(other_office, Role.ADMIN))
    response = getattr(client, method)(url, data=data or {})
    assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
    if unchanged is not None:
        with in_office(office):
            assert unchanged(), "cross-office request changed data"
