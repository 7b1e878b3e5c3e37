"""What other modules may plug into scan requests.

The packages module (billing) registers, in its ready(), the rule that says what a client's
package and individual terms allow (S1 per package) and cost (S7):

    from modules.scanrequests.hooks import PackageScanTerms, package_scan_rule_register
    package_scan_rule_register(rule)  # rule(client_ids) -> {client_id: PackageScanTerms}

scanrequests.policies asks it; scan requests never import the module that provides it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PackageScanTerms:
    """What a client's package says about scans; None means "as the office says"."""

    allowed: bool | None = None
    default_cost: Decimal | None = None


_package_rule: Callable[[list[int]], dict[int, PackageScanTerms]] | None = None


def package_scan_rule_register(rule: Callable[[list[int]], dict[int, PackageScanTerms]]) -> None:
    global _package_rule
    _package_rule = rule


def package_scan_terms(client_ids: list[int]) -> dict[int, PackageScanTerms]:
    return _package_rule(client_ids) if _package_rule is not None and client_ids else {}
