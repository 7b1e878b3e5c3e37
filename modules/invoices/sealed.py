"""Secrets an office stores (its KSeF token, its KSeF certificate's private key): encrypted at
rest through `common.sealed`, one purpose each (a value sealed for one does not open for the
other)."""

from __future__ import annotations

from common.sealed import seal, unseal

_SALT = b"vireo-invoices"


def secret_seal(value: str, *, purpose: str = "ksef-token") -> str:
    return seal(value, salt=_SALT, info=purpose.encode())


def secret_open(sealed: str, *, purpose: str = "ksef-token") -> str:
    return unseal(sealed, salt=_SALT, info=purpose.encode())
