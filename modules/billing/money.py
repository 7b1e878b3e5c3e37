"""The money rule of every summary (README, "Money"): each line is rounded to the cent, half
up (away from zero), net first, then its VAT from the rounded net; gross = net + VAT; totals
are sums of rounded lines, never rounded again."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from modules.billing.vat import vat_percent

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """Rounded to the cent; a zero is always +0.00 (a reversed line at 0.00, -1.5 h x 0.00,
    rounds to Decimal("-0.00"), which printed "-0,00 zł")."""
    rounded = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


# Memoised: an office's month repeats a few hundred (quantity, price, rate) triples over
# ~50,000 lines (package fees, the catalogue's prices, mail's flat costs). Equal Decimals
# (5 and 5.00) share an entry, which is right: the amounts are rounded to the cent.
@lru_cache(maxsize=8192)
def line_amounts(quantity: Decimal, unit_price: Decimal, vat_rate: str) -> tuple:
    net = cents(Decimal(quantity) * Decimal(unit_price))
    vat = cents(net * vat_percent(vat_rate) / 100)
    return net, vat, net + vat
