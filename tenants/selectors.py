"""Reads of the shared (public schema) tenancy tables, and the office's clock and language."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

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


def office_zone(office: Office | None = None) -> ZoneInfo:
    """The time zone an office counts its days and hours in (its Settings): by default the
    office the connection serves, a request's or a task's. Outside any office (the public
    schema): settings.TIME_ZONE."""
    if office is None:
        office = getattr(connection, "tenant", None)
    return ZoneInfo(getattr(office, "time_zone", "") or settings.TIME_ZONE)


def office_today(now: dt.datetime | None = None, office: Office | None = None) -> dt.date:
    """The office's date (as office_zone): due dates, reminders and schedules count in it,
    whichever zone the process runs in."""
    return (now or timezone.now()).astimezone(office_zone(office)).date()


def office_language(office: Office | None = None) -> str:
    """The language an office writes in where no reader chose one (its Settings): by
    default the office the connection serves. Outside any office: settings.LANGUAGE_CODE."""
    if office is None:
        office = getattr(connection, "tenant", None)
    return getattr(office, "language", "") or settings.LANGUAGE_CODE
