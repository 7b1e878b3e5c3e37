"""FTPS (explicit TLS) on the real intake server: with a certificate configured and TLS
required, a plain login is refused and an encrypted upload is attached like any other. And
the upload cap (MAIL_FTP_MAX_BYTES) on both kinds of data connection."""

from __future__ import annotations

import datetime as dt
import ftplib
import io
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from modules.mail import storage
from modules.mail.models import MailItem, MailScan
from tests.helpers.offices import in_office
from tests.modules.mail.factories import pdf_bytes
from tests.modules.mail.ftp_helpers import ftp_server
from tests.modules.mail.test_ftp import PASSWORD, world  # noqa: F401 (the fixture)


@pytest.fixture
def certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "ftp.crt", tmp_path / "ftp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def test_ftps_refuses_plain_logins_and_attaches_encrypted_uploads(world, certificate):  # noqa: F811
    cert, key = certificate
    user = f"{world['a'].slug}.{world['account_a'].name}"
    item = world["item"]
    with ftp_server(cert=cert, key=key, tls_required=True) as port:
        plain = ftplib.FTP()
        plain.connect("127.0.0.1", port, timeout=10)
        with pytest.raises(ftplib.error_perm, match="SSL/TLS required"):
            plain.login(user, PASSWORD)
        plain.close()

        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False  # the certificate names localhost, we dial 127.0.0.1
        ftps = ftplib.FTP_TLS(context=context)
        ftps.connect("127.0.0.1", port, timeout=10)
        ftps.login(user, PASSWORD)
        ftps.prot_p()
        reply = ftps.storbinary(
            f"STOR {item.number.replace('/', '-')}_tls.pdf", io.BytesIO(pdf_bytes(3))
        )
        ftps.quit()
    assert reply.startswith("226")
    world["broker"].join("mail", timeout=30_000)
    with in_office(world["a"]):
        scan = MailScan.objects.get(item=item)
        assert (scan.source, scan.pages) == ("ftp", 3)
        assert MailItem.objects.get(pk=item.pk).scan_count == 1


@pytest.mark.parametrize("tls", [False, True], ids=["ftp", "ftps"])
def test_an_upload_past_the_cap_is_cut_off_and_kept_nowhere(world, certificate, monkeypatch, tls):  # noqa: F811
    monkeypatch.setenv("MAIL_FTP_MAX_BYTES", "100000")
    cert, key = certificate
    options = {"cert": cert, "key": key} if tls else {}
    item = world["item"]
    with ftp_server(**options) as port:
        if tls:
            context = ssl.create_default_context(cafile=cert)
            context.check_hostname = False
            ftp = ftplib.FTP_TLS(context=context)
        else:
            ftp = ftplib.FTP()
        ftp.connect("127.0.0.1", port, timeout=10)
        ftp.login(f"{world['a'].slug}.{world['account_a'].name}", PASSWORD)
        if tls:
            ftp.prot_p()
        with pytest.raises((ftplib.error_perm, OSError)) as refused:
            ftp.storbinary(
                f"STOR {item.number.replace('/', '-')}_big.pdf",
                io.BytesIO(pdf_bytes(1, padding=2_000_000)),
            )
        ftp.close()
    if isinstance(refused.value, ftplib.error_perm):
        assert str(refused.value).startswith("552")
    world["broker"].join("mail", timeout=30_000)
    spool = storage.ftp_spool(world["a"].schema_name) / str(world["account_a"].pk)
    assert list(spool.iterdir()) == []
    with in_office(world["a"]):
        assert not MailScan.objects.filter(item=item).exists()
