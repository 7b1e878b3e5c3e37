"""Reads of the shared (public schema) tenancy tables."""

from django.db import connection

from common.db import Columns
from tenants.models import Office

_OFFICE = Columns(Office)
# Written out (see common.db): the routing of every office request runs it.
_OFFICE_BY_HOST = (
    f"SELECT {_OFFICE.sql} FROM tenants_domain "
    "JOIN tenants_office ON tenants_office.id = tenants_domain.tenant_id "
    "WHERE tenants_domain.domain = %s"
)


def office_for_host(host: str) -> Office | None:
    """The office a host name (its subdomain or a custom domain) is routed to, whatever its
    state: the caller decides what a closed or suspended office answers."""
    with connection.cursor() as cursor:
        cursor.execute(_OFFICE_BY_HOST, [host])
        row = cursor.fetchone()
    return _OFFICE.build(row) if row is not None else None
