"""The scan terms of clients' packages and individual terms, for scan requests (S1, S7):
registered in ready() through modules.scanrequests.hooks.package_scan_rule_register."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from accounts.access import STAFF, membership_allows
from modules.billing.hooks import period_reopen_refusal
from modules.scanrequests.hooks import PackageScanTerms

# Written out: the client panel's Mail tab asks this on every page, and the ORM's building
# of the same query (select_related, only, DISTINCT ON) cost about 1 ms, several times what
# PostgreSQL needs to answer it. COALESCE is Assignment.term(): its own term, else the
# package's. `ends_on` empty: open-ended.
_SCAN_TERMS_SQL = """
SELECT DISTINCT ON (a.client_id) a.client_id,
       COALESCE(a.scan_requests_allowed, p.scan_requests_allowed),
       COALESCE(a.scan_default_cost, p.scan_default_cost)
FROM billing_assignment a JOIN billing_package p ON p.id = a.package_id
WHERE a.client_id = ANY(%(clients)s) AND a.starts_on <= %(today)s
  AND (a.ends_on IS NULL OR a.ends_on >= %(today)s)
ORDER BY a.client_id, a.starts_on DESC
"""


def scan_terms(client_ids: list[int]) -> dict[int, PackageScanTerms]:
    """The assignment in force today (one query); its own terms first, then the package's."""
    with connection.cursor() as cursor:
        cursor.execute(
            _SCAN_TERMS_SQL, {"clients": list(client_ids), "today": timezone.localdate()}
        )
        rows = cursor.fetchall()
    return {
        client_id: PackageScanTerms(allowed=allowed, default_cost=default_cost)
        for client_id, allowed, default_cost in rows
    }


def period_reopen_allowed(membership) -> bool:
    """Reopening a closed month undoes what the office treats as final: owners only."""
    return membership is not None and membership.role == "owner"


def month_invoice_offered(membership, summary) -> bool:
    """Whether a client's month page offers "Make the invoice" (invoices' from-month run for
    that one client): the month is closed and bills something, the member may make invoices
    (the invoices screens are staff's), and nothing was made from the month yet. That last
    answer is the reopen guards' (billing.hooks): invoices keeps a month closed exactly when
    a draft or an invoice was made from it. A duplicate posted anyway makes nothing (one
    regular invoice per client and month)."""
    return (
        summary is not None
        and summary.closed
        and summary.gross != 0
        and membership_allows(membership, STAFF)
        and period_reopen_refusal(summary.client_id, summary.period) is None
    )
