"""The office's KSeF certificate: read and checked at upload, used to sign.

KSeF 2.0 authenticates with a certificate (tokens stop working on 31 December 2026): the
client signs an `AuthTokenRequest` (the challenge, the context NIP) with an enveloped XAdES
signature (`signxml`, XAdES-BES, RSA-SHA256 or ECDSA-SHA256, inclusive C14N 1.0) and posts
it to /auth/xades-signature. The same certificate signs the offline QR "KOD II" link
(RSA-PSS or ECDSA P-256 over the link without its scheme, `ksef_client`'s helper).

An upload is a PKCS#12 file (PFX/P12, with its password) or a certificate (PEM or DER) and
its private key (PEM or DER, optionally encrypted with the password). Refused with a
translated message: unreadable files, a wrong password, a key that is not the certificate's,
a certificate that is expired or not valid yet, a key type KSeF does not take, a
certificate whose key usage forbids signatures. The private key is kept sealed (sealed.py),
never shown back; the certificate itself is public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.uploads import Kind

PEM = Kind("application/x-pem-file", "PEM", (".pem", ".crt", ".cer", ".key"), (b"-----BEGIN",))
DER = Kind(
    "application/pkcs12",
    "PFX/P12/DER",
    (".pfx", ".p12", ".der", ".cer"),
    (b"\x30\x82", b"\x30\x80"),
)
KINDS = (PEM, DER)
MAX_BYTES = 64 * 1024
WARN_DAYS = 30
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"


@dataclass(frozen=True)
class KsefCertificate:
    certificate_pem: str
    private_key_pem: str = field(repr=False)  # unencrypted PKCS#8, only in memory

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_pem.encode())

    @property
    def private_key(self):
        return serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)


def certificate_summary(certificate: x509.Certificate) -> dict:
    """What the settings screen shows (all public): subject, issuer, serial, validity."""
    return {
        "subject": certificate.subject.rfc4514_string()[:300],
        "issuer": certificate.issuer.rfc4514_string()[:300],
        "serial": format(certificate.serial_number, "X"),
        "valid_from": certificate.not_valid_before_utc.date(),
        "valid_to": certificate.not_valid_after_utc.date(),
    }


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code)


def _load_certificate(data: bytes) -> x509.Certificate:
    try:
        if b"-----BEGIN CERTIFICATE" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise _refuse(_("The certificate file cannot be read."), "certificate") from None


def _load_key(data: bytes, password: bytes | None):
    try:
        if b"-----BEGIN" in data:
            return serialization.load_pem_private_key(data, password=password)
        return serialization.load_der_private_key(data, password=password)
    except TypeError:
        # a password given for a plain key, or none for an encrypted one
        if password:
            return _load_key(data, None)
        raise _refuse(_("The private key is encrypted: enter its password."), "password") from None
    except ValueError:
        raise _refuse(
            _("The private key cannot be read (wrong password or not a key)."), "password"
        ) from None


def certificate_read(
    *, certificate: bytes, private_key: bytes | None, password: str
) -> KsefCertificate:
    """Read and check an upload (see the module's docstring)."""
    secret = password.encode() if password else None
    key = None
    if private_key is None and b"-----BEGIN" not in certificate:
        try:
            key, cert, _chain = pkcs12.load_key_and_certificates(certificate, secret)
        except ValueError:
            raise _refuse(
                _("The PFX file cannot be opened: check the password."), "password"
            ) from None
        if key is None or cert is None:
            raise _refuse(
                _("The PFX file must hold both the certificate and its private key."), "certificate"
            )
    else:
        cert = _load_certificate(certificate)
        key_data = private_key
        if key_data is None and b"PRIVATE KEY-----" in certificate:
            key_data = certificate  # one PEM file holding both
        if key_data is None:
            raise _refuse(_("Upload the certificate's private key too."), "key_missing")
        key = _load_key(key_data, secret)
    if isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < 2048:
            raise _refuse(_("An RSA key must have at least 2048 bits."), "key_type")
    elif not (isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"):
        raise _refuse(_("KSeF takes RSA or EC P-256 keys only."), "key_type")
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(
        serialization.Encoding.DER, public
    ) != cert.public_key().public_bytes(serialization.Encoding.DER, public):
        raise _refuse(_("The private key does not belong to this certificate."), "key_mismatch")
    now = timezone.now()
    if cert.not_valid_after_utc <= now:
        raise _refuse(
            _("The certificate expired on %(date)s.")
            % {"date": date_format(cert.not_valid_after_utc.date(), "SHORT_DATE_FORMAT")},
            "expired",
        )
    if cert.not_valid_before_utc > now:
        raise _refuse(
            _("The certificate is valid only from %(date)s.")
            % {"date": date_format(cert.not_valid_before_utc.date(), "SHORT_DATE_FORMAT")},
            "not_yet_valid",
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise _refuse(_("This certificate may not be used for signatures."), "key_usage")
    return KsefCertificate(
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )


def expiry_state(valid_to: dt.date | None, today: dt.date) -> str:
    """ "" (fine or none), "soon" (30 days or fewer left), "expired"."""
    if valid_to is None:
        return ""
    if valid_to <= today:
        return "expired"
    return "soon" if (valid_to - today).days <= WARN_DAYS else ""


def xades_sign(xml: bytes, bundle: KsefCertificate) -> bytes:
    """An enveloped XAdES-BES signature over the whole document."""
    from lxml import etree
    from signxml.xades import XAdESSigner

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(xml, parser=parser)
    algorithm = (
        "rsa-sha256" if isinstance(bundle.private_key, rsa.RSAPrivateKey) else "ecdsa-sha256"
    )
    signer = XAdESSigner(
        signature_algorithm=algorithm, digest_algorithm="sha256", c14n_algorithm=C14N
    )
    signed = signer.sign(root, key=bundle.private_key, cert=[bundle.certificate_pem])
    return etree.tostring(signed, xml_declaration=True, encoding="utf-8")
