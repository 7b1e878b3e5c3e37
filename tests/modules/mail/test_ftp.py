"""The FTP intake against the real server on loopback (ftplib), with a real worker."""

from __future__ import annotations

import ftplib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from common.storage import office_exists
from modules.clients.models import Client
from modules.mail.ftp import ftp_spool
from modules.mail.models import InboxScan, MailItem, MailScan, MailSettings, ScannerAccount
from modules.mail.services import scanner_account_create
from tests.helpers.offices import in_office
from tests.modules.mail.factories import image_bytes, item_register, pdf_bytes
from tests.modules.mail.ftp_helpers import ftp_server, mail_worker, unique

PASSWORD = "scanner-password-1"


@pytest.fixture
def world(session_offices, django_db_blocker):
    office_a, office_b = session_offices
    with django_db_blocker.unblock():
        with in_office(office_a):
            client = Client.objects.create(name="Skaner Test", code=unique("FTP").upper())
            item = item_register(client=client)
            account_a = scanner_account_create(actor=None, name=unique("scan-a"), password=PASSWORD)
        with in_office(office_b):
            account_b = scanner_account_create(actor=None, name=unique("scan-b"), password=PASSWORD)
        connection.set_schema_to_public()
        with ftp_server() as port, mail_worker() as broker:
            yield {
                "a": office_a,
                "b": office_b,
                "client": client,
                "item": item,
                "account_a": account_a,
                "account_b": account_b,
                "port": port,
                "broker": broker,
            }
        for office, account in ((office_a, account_a), (office_b, account_b)):
            with in_office(office):
                InboxScan.objects.filter(account=account).delete()
                items = (
                    MailItem.objects.filter(client__code=client.code)
                    if office == office_a
                    else MailItem.objects.none()
                )
                MailScan.objects.filter(item__in=items).delete()
                items.delete()
                Client.objects.filter(pk=client.pk).delete() if office == office_a else None
                ScannerAccount.objects.filter(pk=account.pk).delete()
                MailSettings.objects.filter(pk=1).update(scan_max_mb=20)
        connection.set_schema_to_public()


def _login(world, account_key="account_a", office_key="a", password=PASSWORD) -> ftplib.FTP:
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", world["port"], timeout=10)
    ftp.login(f"{world[office_key].slug}.{world[account_key].name}", password)
    return ftp


def _store(ftp: ftplib.FTP, name: str, content: bytes) -> str:
    return ftp.storbinary(f"STOR {name}", io.BytesIO(content))


def _drain(world):
    world["broker"].join("mail", timeout=30_000)


def test_good_uploads_are_attached_by_item_number_or_client_code(world):
    item, client = world["item"], world["client"]
    ftp = _login(world)
    assert _store(ftp, f"{item.number.replace('/', '-')}_list.pdf", pdf_bytes(2)).startswith("226")
    assert _store(ftp, f"{client.code}_2026.jpg", image_bytes("JPEG")).startswith("226")
    assert _store(ftp, "scan0001.png", image_bytes("PNG")).startswith("226")
    ftp.quit()
    _drain(world)
    with in_office(world["a"]):
        scan = MailScan.objects.get(item=item)
        assert (scan.source, scan.pages, scan.content_type) == ("ftp", 2, "application/pdf")
        assert MailItem.objects.get(pk=item.pk).scan_count == 1
        created = MailItem.objects.filter(client=client).exclude(pk=item.pk).get()
        assert created.scans.get().content_type == "image/jpeg"
        assert created.status.code == "to_pick_up"
        inbox = InboxScan.objects.get(account=world["account_a"])
        assert (inbox.state, inbox.original_name) == ("unassigned", "scan0001.png")
        assert office_exists(inbox.path)
        spool = ftp_spool(world["a"].schema_name) / str(world["account_a"].pk)
        assert list(spool.iterdir()) == []


def test_bad_files_are_quarantined_with_a_reason(world):
    with in_office(world["a"]):
        MailSettings.objects.filter(pk=1).update(scan_max_mb=1)
    ftp = _login(world)
    _store(ftp, "empty.pdf", b"")
    _store(ftp, "notes.pdf", b"just some text, not a PDF")
    _store(ftp, "broken.pdf", b"%PDF-1.7\nbroken")
    _store(ftp, "huge.pdf", pdf_bytes(padding=1024 * 1024 + 100))
    ftp.quit()
    _drain(world)
    with in_office(world["a"]):
        reasons = dict(
            InboxScan.objects.filter(account=world["account_a"]).values_list(
                "original_name", "reason"
            )
        )
        states = set(
            InboxScan.objects.filter(account=world["account_a"]).values_list("state", flat=True)
        )
    assert states == {"quarantined"}
    assert set(reasons) == {"empty.pdf", "notes.pdf", "broken.pdf", "huge.pdf"}
    assert (
        reasons["empty.pdf"] == "Plik jest pusty." or reasons["empty.pdf"] == "The file is empty."
    )
    assert all(reasons.values())


def test_the_session_is_write_only_and_confined(world):
    ftp = _login(world)
    for command in ("LIST", "NLST"):
        with pytest.raises(ftplib.error_perm, match=r"^550"):
            ftp.retrlines(command)
    with pytest.raises(ftplib.error_perm, match=r"^550"):
        ftp.retrbinary("RETR /etc/passwd", lambda _b: None)
    with pytest.raises(ftplib.error_perm, match=r"^550"):
        ftp.mkd("sub")
    with pytest.raises(ftplib.error_perm, match=r"^550"):
        ftp.delete("anything.pdf")
    ftp.cwd("..")
    assert ftp.pwd() == "/"
    # Climbing out is normalised into the session's own folder, never outside it.
    _store(ftp, "../../../../escaped.pdf", pdf_bytes())
    with pytest.raises(ftplib.error_perm):
        _store(ftp, f"../{world['b'].schema_name}/x.pdf", pdf_bytes())
    ftp.quit()
    _drain(world)
    spool = Path(settings.SPOOL_ROOT)
    assert not (spool / "escaped.pdf").exists()
    assert not (spool.parent / "escaped.pdf").exists()
    media = Path(settings.MEDIA_ROOT)
    assert not (media / "escaped.pdf").exists()
    assert not (media.parent / "escaped.pdf").exists()
    with in_office(world["a"]):
        assert (
            InboxScan.objects.filter(
                account=world["account_a"], original_name="escaped.pdf"
            ).count()
            == 1
        )


def test_one_office_account_cannot_use_or_reach_another(world):
    with pytest.raises(ftplib.error_perm, match=r"^530"):
        _login(world, account_key="account_b", office_key="a")
    with pytest.raises(ftplib.error_perm, match=r"^530"):
        _login(world, password="wrong-password")
    ftp = _login(world, account_key="account_b", office_key="b")
    spool_a = ftp_spool(world["a"].schema_name)
    with pytest.raises(ftplib.error_perm, match=r"^550"):
        ftp.retrbinary(f"RETR {spool_a}/x.pdf", lambda _b: None)
    _store(ftp, f"{world['item'].number.replace('/', '-')}.pdf", pdf_bytes())
    ftp.quit()
    _drain(world)
    with in_office(world["a"]):
        assert not MailScan.objects.filter(item=world["item"]).exists()
    with in_office(world["b"]):
        # In office B no item has office A's number: the file waits in B's own inbox.
        inbox = InboxScan.objects.get(account=world["account_b"])
        assert inbox.state == "unassigned"
        assert office_exists(inbox.path, schema=world["b"].schema_name)
        assert not office_exists(inbox.path, schema=world["a"].schema_name)
