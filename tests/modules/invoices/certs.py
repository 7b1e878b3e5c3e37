"""A real test CA and KSeF-like certificates made with cryptography (nothing faked): the
fake KSeF trusts the CA and verifies XAdES signatures made with the office's key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from modules.invoices.devtools.demo_ca import ca_build, key_usage


@dataclass
class Ca:
    key: object
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def ca_make(name: str = "Test KSeF CA") -> Ca:
    return Ca(*ca_build(name, days_back=400))


def office_certificate(
    ca: Ca,
    nip: str,
    *,
    rsa_key: bool = False,
    days_left: int = 365,
    days_old: int = 1,
    signing: bool = True,
):
    """(certificate, private key) for the office with `nip`, issued by `ca`."""
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    now = dt.datetime.now(dt.UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Biuro Testowe sp. z o.o."),
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"VATPL-{nip}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Biuro Testowe"),
        ]
    )
    usage = key_usage(ca=False)
    if not signing:
        usage = x509.KeyUsage(False, False, True, False, False, False, False, False, False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=days_old))
        .not_valid_after(now + dt.timedelta(days=days_left))
        .add_extension(usage, critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
        .sign(ca.key, hashes.SHA256())
    )
    return certificate, key


def pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def key_pem(key, password: str = "") -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def pfx(certificate, key, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"ksef",
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(password.encode()),
    )
