"""Country rules of the invoices module that more than one layer asks about."""

from __future__ import annotations

from django.db import connection

# KSeF is Poland's national e-invoicing system: only a Polish office has it. Everything
# KSeF (the settings, the token and certificate, the register's column, the invoice's card,
# the API's fields, sending) asks here, so that a Slovak office never sees or sends it.
KSEF_COUNTRY = "PL"


def ksef_available(country: str) -> bool:
    return country == KSEF_COUNTRY


def office_ksef_available() -> bool:
    """For the office whose schema is active (services, API, views without a request)."""
    return ksef_available(getattr(connection.tenant, "country", ""))
