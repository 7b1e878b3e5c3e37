"""FTPS (explicit TLS) on the real intake server: with a certificate configured and TLS
required, a plain login is refused and an encrypted upload is attached like any other. And
the upload cap (MAIL_FTP_MAX_BYTES) on both kinds of data connection."""

from __future__ import annotations

import ftplib
import io
import ssl

import pytest

from modules.mail.ftp import ftp_spool
from modules.mail.models import MailItem, MailScan
from modules.notifications.devtools.fake_vonage import certificate_paths
from tests.helpers.offices import in_office
from tests.modules.mail.factories import pdf_bytes
from tests.modules.mail.ftp_helpers import ftp_server
from tests.modules.mail.test_ftp import PASSWORD, world  # noqa: F401 (the fixture)


@pytest.fixture
def certificate():
    """A self-signed certificate for localhost and 127.0.0.1 (the fake Vonage's, made once)."""
    cert, key = certificate_paths()
    return str(cert), str(key)


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

        ftps = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=cert))
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
            ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=cert))
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
    spool = ftp_spool(world["a"].schema_name) / str(world["account_a"].pk)
    assert list(spool.iterdir()) == []
    with in_office(world["a"]):
        assert not MailScan.objects.filter(item=item).exists()
