"""Secrets an office stores (a KSeF token, a mailbox password): encrypted at rest with a key
derived from SECRET_KEY per purpose (HKDF; Fernet: AES-128-CBC + HMAC), so a database dump
alone does not reveal them. A value sealed for one purpose does not open for another."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _box(salt: bytes, info: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(value: str, *, salt: bytes, info: bytes) -> str:
    return _box(salt, info).encrypt(value.encode()).decode()


def unseal(sealed: str, *, salt: bytes, info: bytes) -> str:
    """The value, or "" when it was sealed with another key or purpose (or is empty)."""
    if not sealed:
        return ""
    try:
        return _box(salt, info).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
