"""Administration > General: the office's details, in one transaction across the public row
(tenants.Office) and the office's own settings row (OfficeProfile)."""

from __future__ import annotations

import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from common.phones import phone_clean
from common.singletons import settings_get, settings_update
from common.storage import office_delete, office_save
from modules.office import validators
from modules.office.hooks import general_switches
from modules.office.models import OfficeProfile
from modules.scanrequests.services import settings_get as scan_request_settings_get
from modules.scanrequests.services import settings_update as scan_request_settings_update
from tenants.services import office_update

PROFILE_FIELDS = (
    "legal_name",
    "street",
    "postal_code",
    "city",
    "nip",
    "ico",
    "dic",
    "ic_dph",
    "iban",
    "register_entry",
    "email",
    "phone",
)
# Typed in any usual way, stored in one form (the model checks the stored form again).
_NUMBERS = {
    "nip": validators.nip_clean,
    "ico": validators.ico_clean,
    "dic": validators.dic_clean,
    "iban": validators.iban_clean,
}


def office_profile_get() -> OfficeProfile:
    return settings_get(OfficeProfile)


def office_details_normalise(data: dict, *, country: str) -> dict:
    """`data` with tax ids, IBAN and phone in their stored form; a ValidationError names
    every field that is wrong."""
    result, errors = dict(data), {}
    cleans = {
        **_NUMBERS,
        "ic_dph": partial(validators.ic_dph_clean, country=country),
        "postal_code": partial(validators.postal_code_clean, country=country),
    }
    for field, clean in cleans.items():
        if result.get(field):
            try:
                result[field] = clean(result[field])
            except ValidationError as exc:
                errors[field] = exc.messages
    if result.get("phone"):
        try:
            result["phone"] = phone_clean(result["phone"], country=country)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return result


def _logo_store(content: bytes) -> str:
    extension, _content_type = validators.logo_check(content)
    return office_save(f"office/logo-{uuid.uuid4().hex}.{extension}", content)


@transaction.atomic
def office_details_update(
    *, office, actor, data: dict, logo: bytes | None = None, logo_remove: bool = False
) -> dict:
    """Save General: the office row (name, country, language, currency, time zone, logo),
    the details (address, tax ids, bank account, contact) and the scan requests switch.
    Each part audits its own changes; returns all of them by field."""
    data = office_details_normalise(data, country=data.get("country") or office.country)
    old_logo = office.logo
    if logo is not None:
        data["logo"] = _logo_store(logo)
    elif logo_remove:
        data["logo"] = ""
    try:
        changes = office_update(office=office, actor=actor, data=data)
        _row, profile_changes = settings_update(
            OfficeProfile,
            actor=actor,
            data=data,
            fields=PROFILE_FIELDS,
            action="office.details_changed",
        )
    except Exception:
        if logo is not None:  # nothing refers to the new file
            office_delete(data["logo"])
        raise
    changes.update(profile_changes)
    enabled = data.get("scan_requests_enabled")
    if enabled is not None and enabled != scan_request_settings_get().enabled:
        scan_request_settings_update(actor=actor, data={"enabled": enabled})
        changes["scan_requests_enabled"] = [not enabled, enabled]
    for switch in general_switches():  # other modules' switches: their services audit them
        value = data.get(switch.key)
        if value is not None and value != switch.get():
            switch.set(actor=actor, value=value)
            changes[switch.key] = [not value, value]
    if "logo" in changes and old_logo:
        transaction.on_commit(lambda: office_delete(old_logo, schema=office.schema_name))
    return changes


def onboarding_visibility_set(*, actor, hidden: bool) -> None:
    """Hide the getting-started checklist from the dashboard, or show it again."""
    settings_update(
        OfficeProfile,
        actor=actor,
        data={"onboarding_hidden": hidden},
        fields=("onboarding_hidden",),
        action="office.onboarding_changed",
    )
