"""Checks of an office's own identifiers: tax ids (python-stdnum), bank account, phone, logo.

Each returns the number in the one form it is stored in, or raises a ValidationError with a
translated message; the model's fields and the form use the same functions.
"""

from __future__ import annotations

import re
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.cz import dic as cz_dic
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError
from stdnum.pl import nip
from stdnum.sk import dph
from stdnum.util import clean

# The office's tax ids each country uses (Administration > General shows these only; what
# invoices require: a NIP in Poland, an IČO or IČ DPH in Slovakia). Others: all of them.
COUNTRY_TAX_IDS = {"PL": ("nip", "ic_dph"), "SK": ("ico", "dic", "ic_dph")}

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 4000
LOGO_FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}


def nip_clean(value: str) -> str:
    """Polish NIP: 10 digits with a checksum ("123-456-32-18" and "PL1234563218" accepted).
    Ten digits whose check digit does not match say so: "enter 10 digits" would puzzle
    whoever typed ten."""
    number = clean(value, " -").upper().removeprefix("PL")
    try:
        return nip.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            _("The NIP's check digit does not match: check the number for a typo."),
            code="invalid_nip_checksum",
        ) from None
    except NumberError:
        raise ValidationError(_("Enter a valid NIP (10 digits)."), code="invalid_nip") from None


def ico_clean(value: str) -> str:
    """Slovak IČO: 8 digits. python-stdnum has no sk.ico; the Slovak and Czech IČO share
    the Czechoslovak checksum, which stdnum keeps for Czech legal entities' DIČ."""
    number = clean(value, " /-")
    if len(number) == 6 and number.isdigit():
        number = "00" + number  # older IČO were issued with 6 digits
    if len(number) != 8 or not number.isdigit():
        raise ValidationError(_("Enter a valid IČO (8 digits)."), code="invalid_ico")
    if cz_dic.calc_check_digit_legal(number[:-1]) != number[-1]:
        raise ValidationError(_("Enter a valid IČO (8 digits)."), code="invalid_ico")
    return number


def ic_dph_clean(value: str, *, country: str = "") -> str:
    """An EU VAT number with its country code. Bare digits are read as the office's
    country's: a Polish office's as a NIP (PL and 10 digits), otherwise as a Slovak IČ DPH.
    The error names the office's country's number: "IČ DPH" means nothing in Poland."""
    number = clean(value, " -").upper()
    try:
        if country == "PL" and (number.isdigit() or number.startswith("PL")):
            return "PL" + nip.validate(number.removeprefix("PL"))
        if number.isdigit() or number.startswith("SK"):
            return "SK" + dph.validate(number)
        return eu_vat.validate(number)
    except InvalidChecksum:
        raise ValidationError(
            _("The VAT number's check digit does not match: check the number for a typo."),
            code="invalid_vat_checksum",
        ) from None
    except NumberError:
        if country == "PL":
            message = _("Enter a valid EU VAT number (country code and number, e.g. PL5260250995).")
        else:
            message = _("Enter a valid IČ DPH (SK and 10 digits) or EU VAT number.")
        raise ValidationError(message, code="invalid_vat") from None


# Postal codes by country: (pattern of the digits, how they are written).
POSTAL_CODES = {
    "PL": (re.compile(r"^(\d{2})-?(\d{3})$"), "{}-{}"),
    "SK": (re.compile(r"^(\d{3}) ?(\d{2})$"), "{} {}"),
}


def postal_code_clean(value: str, *, country: str) -> str:
    """A Polish postal code as NN-NNN, a Slovak one as NNN NN ("90123" is stored "90-123",
    "82109" "821 09"); other countries' as typed."""
    value = " ".join(value.split())
    rule = POSTAL_CODES.get(country)
    if rule is None or not value:
        return value
    pattern, written = rule
    match = pattern.match(value)
    if match is None:
        if country == "PL":
            message = _("Enter a Polish postal code as NN-NNN, e.g. 90-123.")
        else:
            message = _("Enter a Slovak postal code as NNN NN, e.g. 821 09.")
        raise ValidationError(message, code="invalid_postal_code")
    return written.format(*match.groups())


def dic_clean(value: str) -> str:
    """Slovak DIČ: 10 digits, every office has one (a VAT payer's IČ DPH is "SK" + DIČ, a
    non-payer has only the DIČ). python-stdnum has no sk.dic; the DIČ carries the same
    check as the IČ DPH it becomes (sk.dph), so that is what is checked."""
    number = clean(value, " /-").upper().removeprefix("SK")
    try:
        return dph.validate(number)
    except NumberError:
        raise ValidationError(_("Enter a valid DIČ (10 digits)."), code="invalid_dic") from None


def iban_clean(value: str) -> str:
    try:
        return iban.validate(value)
    except NumberError:
        raise ValidationError(_("Enter a valid IBAN."), code="invalid_iban") from None


def iban_format(value: str) -> str:
    return iban.format(value) if value else ""


def logo_size_message():
    return _("The logo may be at most 1 MB.")


def logo_check(content: bytes) -> tuple[str, str]:
    """A logo's (extension, content type), read from its content, not its name: PNG or JPEG,
    at most 1 MB and 4000 px a side."""
    from PIL import Image, UnidentifiedImageError

    if len(content) > LOGO_MAX_BYTES:
        raise ValidationError(logo_size_message(), code="logo_size")
    try:
        with Image.open(BytesIO(content)) as image:
            image_format, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format, size = None, (0, 0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="logo_type")
    if max(size) > LOGO_MAX_SIDE:
        raise ValidationError(
            _("The logo may be at most 4000 pixels wide and high."), code="logo_dimensions"
        )
    return LOGO_FORMATS[image_format]
