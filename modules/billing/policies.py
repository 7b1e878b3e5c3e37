"""The scan terms of clients' packages and individual terms, for scan requests (S1, S7):
registered in ready() through modules.scanrequests.hooks.package_scan_rule_register."""

from __future__ import annotations

from django.utils import timezone

from modules.billing.models import Assignment
from modules.scanrequests.hooks import PackageScanTerms


def scan_terms(client_ids: list[int]) -> dict[int, PackageScanTerms]:
    """The assignment in force today (one query); its own terms first, then the package's."""
    today = timezone.localdate()
    rows = (
        Assignment.objects.select_related("package")
        .filter(client_id__in=client_ids, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .order_by("client_id", "-starts_on")
        .distinct("client_id")
    )
    return {
        a.client_id: PackageScanTerms(
            allowed=a.term("scan_requests_allowed"), default_cost=a.term("scan_default_cost")
        )
        for a in rows
    }
