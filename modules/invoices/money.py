"""The invoice's money rule (README, "Money and VAT").

Lines come from billing with billing's rule (net = round(quantity x unit price), half up;
line VAT and gross rounded per line) and are never recomputed here. The **legal figures**
are the totals per VAT rate: Polish VAT act art. 106e(1)(14) and Slovak act 222/2004
§ 74(1)(i) both state the tax "from the sum of the net values" per rate, so the VAT of a
rate is round_half_up(sum of the nets of that rate x rate), to the cent (grosz, eurocent);
the invoice's VAT is the sum of those, its gross net + VAT. The per-line VAT printed beside
each line is informational and may differ from the rate's VAT by a cent or so; the printed
totals, the FA(3) P_14_x fields and the UBL TaxSubtotal all use the per-rate figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from modules.billing.selectors import REVERSE_CHARGE as BILLING_REVERSE_CHARGE
from modules.billing.selectors import line_amounts_get, vat_rate_label, vat_rate_percent

CENT = Decimal("0.01")
ZERO = Decimal("0")
# The line code of a reverse-charge (EU B2B services) line: no VAT. Billing's code, which a
# reverse-charged client's settlement lines carry (one code, one mark: billing's vat_label).
REVERSE_CHARGE = BILLING_REVERSE_CHARGE


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_label(code: str) -> str:
    """How a line's rate reads in a rate column (the invoice's page and PDF, the exports):
    "23%", billing's word for an exempt line ("zw." in Polish), and for a reverse-charge
    line a short mark ("np." in Polish, "PDP" in Slovak): the legal wording ("odwrotne
    obciążenie", VAT act art. 106e(1)(18); "prenesenie daňovej povinnosti", act 222/2004
    § 74(1)(m)) is printed once under the PDF's table (its label "reverse"); in the column
    it ran over the amounts beside it."""
    return vat_rate_label(code)


def rate_percent(code: str) -> Decimal:
    return ZERO if code == REVERSE_CHARGE else vat_rate_percent(code)


def line_figures(*, quantity: Decimal, unit_price: Decimal, vat_rate: str) -> tuple:
    if vat_rate == REVERSE_CHARGE:
        net = cents(Decimal(quantity) * Decimal(unit_price))
        return net, ZERO, net
    return line_amounts_get(quantity=quantity, unit_price=unit_price, vat_rate=vat_rate)


@dataclass(frozen=True)
class RateTotal:
    rate: str
    net: Decimal
    vat: Decimal
    gross: Decimal


# Rates without a percent, after the numbered ones, in this order (exempt, then reverse
# charge); a code unknown here comes last.
RATE_WORDS = ("zw", REVERSE_CHARGE)


def rate_order(code: str) -> tuple:
    """How rates are listed (the PDF's summary, the invoice page, FA(3), UBL, the register):
    by percent, highest first, as the VAT acts and billing list them (23, 19, 8, 5, 0 %;
    not as text, which put 5 % after 23 %), then "zw" (exempt), then "np" (reverse charge)."""
    if code.replace(".", "", 1).isdigit():
        return (0, -Decimal(code), "")
    words = RATE_WORDS.index(code) if code in RATE_WORDS else len(RATE_WORDS)
    return (1, words, code)


def rate_totals(lines) -> list[RateTotal]:
    """`lines`: anything with .vat_rate and .net. In `rate_order`."""
    nets: dict[str, Decimal] = {}
    for line in lines:
        nets[line.vat_rate] = nets.get(line.vat_rate, ZERO) + line.net
    result = []
    for rate in sorted(nets, key=rate_order):
        vat = cents(nets[rate] * rate_percent(rate) / 100)
        result.append(RateTotal(rate, nets[rate], vat, nets[rate] + vat))
    return result


def invoice_totals(lines) -> tuple[Decimal, Decimal, Decimal]:
    rates = rate_totals(lines)
    net = sum((r.net for r in rates), ZERO)
    vat = sum((r.vat for r in rates), ZERO)
    return net, vat, net + vat
