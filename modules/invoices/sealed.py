"""Secrets an office stores (its KSeF token): encrypted at rest through `common.sealed`."""

from __future__ import annotations

from common.sealed import seal, unseal

_PURPOSE = {"salt": b"vireo-invoices", "info": b"ksef-token"}


def secret_seal(value: str) -> str:
    return seal(value, **_PURPOSE)


def secret_open(sealed: str) -> str:
    return unseal(sealed, **_PURPOSE)
