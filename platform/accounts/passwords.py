"""The password checks' wording (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.utils.translation import gettext as _


class SimilarityValidator(UserAttributeSimilarityValidator):
    """Django's check, in words that read in Polish and Slovak: its message puts the field's
    name into the sentence in the nominative ("Hasło jest zbyt podobne do e-mail.", until
    2026-12-07 on the invitation and sign-up pages); this one names what the password is
    too like in each language's own grammar."""

    def get_error_message(self) -> str:
        return _("The password is too similar to your e-mail address or name.")
