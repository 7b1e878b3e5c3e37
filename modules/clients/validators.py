"""Polish and Slovak tax and registry numbers.

Numbers are stored as digits only (IČ DPH keeps its "SK" prefix); `normalise_*` strips the
spaces and dashes people type. Checksums follow the issuing authorities' published algorithms;
KRS has none, so only its form is checked.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-./]")


def normalise_number(value: str) -> str:
    return _SEPARATORS.sub("", value or "").upper()


def _digits(value: str, lengths: tuple[int, ...]) -> list[int] | None:
    if not value.isdigit() or len(value) not in lengths:
        return None
    return [int(c) for c in value]


def validate_nip(value: str) -> None:
    """Polish NIP: 10 digits, weights 6 5 7 2 3 4 5 6 7, sum mod 11 is the last digit."""
    value = normalise_number(value)
    if value.startswith("PL"):
        value = value[2:]
    digits = _digits(value, (10,))
    if digits is None:
        raise ValidationError(_("A NIP has 10 digits."), code="nip_format")
    check = sum(w * d for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), digits, strict=False)) % 11
    if check == 10 or check != digits[9]:
        raise ValidationError(_("This NIP is not valid (wrong check digit)."), code="nip_checksum")


def validate_regon(value: str) -> None:
    """Polish REGON: 9 digits (weights 8 9 2 3 4 5 6 7) or 14 digits (2 4 8 5 0 9 7 3 6 1 2 4 8);
    sum mod 11, where 10 counts as 0."""
    value = normalise_number(value)
    digits = _digits(value, (9, 14))
    if digits is None:
        raise ValidationError(_("A REGON has 9 or 14 digits."), code="regon_format")
    weights = (
        (8, 9, 2, 3, 4, 5, 6, 7) if len(digits) == 9 else (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    )
    check = sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10
    if check != digits[-1]:
        raise ValidationError(
            _("This REGON is not valid (wrong check digit)."), code="regon_checksum"
        )


def validate_krs(value: str) -> None:
    """Polish KRS: 10 digits (leading zeros included); the register publishes no checksum."""
    if _digits(normalise_number(value), (10,)) is None:
        raise ValidationError(_("A KRS number has 10 digits."), code="krs_format")


def validate_ico(value: str) -> None:
    """Slovak IČO: 8 digits, weights 8..2, check = (11 - sum mod 11) mod 10."""
    digits = _digits(normalise_number(value), (8,))
    if digits is None:
        raise ValidationError(_("An IČO has 8 digits."), code="ico_format")
    check = (11 - sum(w * d for w, d in zip(range(8, 1, -1), digits, strict=False)) % 11) % 10
    if check != digits[7]:
        raise ValidationError(_("This IČO is not valid (wrong check digit)."), code="ico_checksum")


def validate_dic(value: str) -> None:
    """Slovak DIČ: 10 digits. Only IČ DPH carries a published checksum."""
    if _digits(normalise_number(value), (10,)) is None:
        raise ValidationError(_("A DIČ has 10 digits."), code="dic_format")


def validate_ic_dph(value: str) -> None:
    """Slovak IČ DPH: "SK" and 10 digits, by python-stdnum's rule (`stdnum.sk.dph`: the
    number divisible by 11, no leading 0, its third digit 2, 3, 4, 7, 8 or 9), the rule the
    invoices check at issue and the office's own number is held to: the card accepted
    SK2059755929 (divisible by 11) and its invoice was then refused at issue as "not
    valid"."""
    from stdnum.exceptions import InvalidChecksum
    from stdnum.exceptions import ValidationError as NumberError
    from stdnum.sk import dph

    value = normalise_number(value)
    if not value.startswith("SK") or _digits(value[2:], (10,)) is None:
        raise ValidationError(_("An IČ DPH is SK followed by 10 digits."), code="ic_dph_format")
    try:
        dph.validate(value[2:])
    except InvalidChecksum:
        raise ValidationError(
            _("This IČ DPH is not valid (wrong check digit)."), code="ic_dph_checksum"
        ) from None
    except NumberError:
        raise ValidationError(
            _("This IČ DPH is not valid: the Slovak tax office gives no number like it."),
            code="ic_dph_invalid",
        ) from None


def validate_vat_number(value: str) -> None:
    """A VAT number of another country: letters and digits only (its country's rules are
    not checked here)."""
    if not re.fullmatch(r"[A-Z0-9]{4,20}", normalise_number(value)):
        raise ValidationError(
            _("A VAT number has 4 to 20 letters and digits."), code="vat_number_format"
        )


def validate_client_code(value: str) -> None:
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9\-]{0,15}", value or ""):
        raise ValidationError(
            _("A client code has up to 16 capital letters, digits and dashes."),
            code="code_format",
        )
