"""Secrets an office stores (its KSeF token): encrypted at rest with a key derived from
SECRET_KEY (Fernet: AES-128-CBC + HMAC), so a database dump alone does not reveal them."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _box() -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"vireo-invoices", info=b"ksef-token"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def secret_seal(value: str) -> str:
    return _box().encrypt(value.encode()).decode()


def secret_open(sealed: str) -> str:
    try:
        return _box().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
