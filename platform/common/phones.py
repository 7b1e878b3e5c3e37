"""Phone numbers: one reading of what staff type, for every module (phonenumbers).

Numbers are stored in E.164 ("+48600100200"); a number typed without a country code is read
in the office's country (a Polish office may type "600 100 200").
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def _parse(value: str, country: str | None):
    try:
        parsed = phonenumbers.parse(value or "", (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


def phone_clean(value: str, *, country: str) -> str:
    """A phone number in E.164 ("+48601234567"); local numbers are read in `country`."""
    parsed = _parse(value, country)
    if parsed is None:
        raise ValidationError(_("Enter a valid phone number."), code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_is_mobile(value: str) -> bool:
    """Whether a stored (E.164) number can receive SMS: mobile, or a plan that does not
    tell mobile from landline (US-style numbers)."""
    parsed = _parse(value, None)
    return parsed is not None and phonenumbers.number_type(parsed) in MOBILE_TYPES


def phone_format(value: str) -> str:
    """For display: "+48 600 100 200"; anything unreadable as it is."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
