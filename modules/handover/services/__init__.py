"""Every write of the hand-over module."""

from modules.handover.services.handover import (
    Forwarding,
    confirmation_language,
    handover_pdf_ensure,
    handover_person_check,
    handover_record,
)
from modules.handover.services.settings import handover_settings_get, handover_settings_update
from modules.handover.services.signature import signature_check, signature_from_data_url

__all__ = [
    "Forwarding",
    "confirmation_language",
    "handover_pdf_ensure",
    "handover_person_check",
    "handover_record",
    "handover_settings_get",
    "handover_settings_update",
    "signature_check",
    "signature_from_data_url",
]
