import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test import override_settings

from accounts.models import Role
from common.storage import (
    office_delete,
    office_file_response,
    office_name,
    office_read,
    office_save,
    office_storage,
    office_usage_bytes,
)
from modules.handover.models import HandOver
from modules.handover.services import handover_record
from modules.mail.models import MailItem
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import signature_png, waiting
from tests.modules.mail.factories import item_register, pdf_bytes, upload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory_storage():
    """Office files in Django's in-memory storage instead of the filesystem."""
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "default": memory}):
        storage = office_storage()
        assert isinstance(storage, InMemoryStorage)
        yield storage


def _on_disk(name: str, schema: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / schema / name).exists()


def test_a_scan_uploaded_by_staff_is_downloaded_by_its_client_from_another_storage(
    memory_storage, office_a, client_a
):
    with in_office(office_a):
        company = ClientFactory()
        item = item_register(client=company)
    content = pdf_bytes(2)
    response = client_a.post(f"/mail/{item.pk}/scans/", {"scans": [upload("list.pdf", content)]})
    assert response.status_code == 302
    with in_office(office_a):
        scan = MailItem.objects.get(pk=item.pk).scans.get()
        assert memory_storage.exists(office_name(scan.path))
        assert memory_storage.exists(office_name(scan.thumbnail_path))
    assert not _on_disk(scan.path, office_a.schema_name)
    web = OfficeClient(
        office_a, user=member(office_a, Role.CLIENT, client_id=company.pk, client_name="X")
    )
    download = web.get(f"/mail/scans/{scan.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content
    thumbnail = web.get(f"/mail/scans/{scan.pk}/thumbnail/")
    assert b"".join(thumbnail.streaming_content)[:4] == b"\x89PNG"
    api = web.get(f"/api/v1/mail/scans/{scan.pk}/download/")
    assert b"".join(api.streaming_content) == content


def test_a_signed_hand_over_and_its_pdf_live_in_another_storage(memory_storage, office_a, staff_a):
    with in_office(office_a):
        items = waiting(count=1)
        handover = handover_record(
            actor=staff_a,
            item_ids=[items[0].pk],
            method="confirmed",
            person_name="Anna Nowak",
            signature_png=signature_png(),
        )
        assert memory_storage.exists(office_name(handover.signature_path))
        assert handover.pdf_path == ""  # made on first request, with the stored signature
    pdf = OfficeClient(office_a, user=staff_a).get(f"/mail/hand-overs/{handover.pk}/pdf/")
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content)
    assert content[:5] == b"%PDF-"
    with in_office(office_a):
        handover = HandOver.objects.get(pk=handover.pk)
        assert office_read(handover.pdf_path) == content
    assert not _on_disk(handover.pdf_path, office_a.schema_name)
    assert not _on_disk(handover.signature_path, office_a.schema_name)


def test_office_files_are_kept_under_the_office_prefix(memory_storage, in_office_a):
    schema = connection.schema_name
    name = office_save("mail/exports/a.xlsx", b"12345")
    assert (name, office_read(name)) == ("mail/exports/a.xlsx", b"12345")
    assert memory_storage.exists(f"{schema}/mail/exports/a.xlsx")
    office_save("handover/b.pdf", b"123", schema="t_other")
    assert office_usage_bytes(schema) == 5
    assert office_usage_bytes("t_other") == 3
    with pytest.raises(FileNotFoundError):
        office_read("handover/b.pdf")
    office_delete(name, "", "../t_other/handover/b.pdf", "missing.pdf")
    assert not memory_storage.exists(f"{schema}/mail/exports/a.xlsx")
    assert memory_storage.exists("t_other/handover/b.pdf")


def test_a_missing_or_escaping_file_answers_404(memory_storage, in_office_a):
    for name in ("mail/none.pdf", "../t_other/x.pdf", "/etc/passwd", ""):
        with pytest.raises(Http404):
            office_file_response(name, filename="x.pdf", content_type=None, download=True)


def _names(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {t.string for t in tokenize.tokenize(handle.readline) if t.type == tokenize.NAME}


def test_no_code_builds_paths_under_media_root_or_bypasses_common_storage():
    allowed = {
        ROOT / "platform/config/settings.py",
        ROOT / "platform/common/storage.py",
        # Upload staging keeps its files in a Storage it is given, default_storage unless.
        ROOT / "platform/common/uploads.py",
    }
    forbidden = {"MEDIA_ROOT", "default_storage", "FileSystemStorage", "storages"}
    offenders = []
    for folder in ("modules", "platform", "tenants", "signup", "public_site"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in allowed:
                continue
            used = _names(path) & forbidden
            if used:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(used)}")
    assert offenders == []


def test_the_import_reader_streams_from_storage_not_a_path(memory_storage, in_office_a, admin_a):
    from modules.clients.models import ClientImport
    from modules.clients.services.imports import client_import_preview, client_import_upload

    content = b"Nazwa;NIP\nFirma Testowa;5260250274\n"
    job = client_import_upload(
        upload=SimpleUploadedFile("klienci.csv", content), actor=admin_a, language="pl"
    )
    assert job.stored_path.startswith("clients/imports/")
    assert memory_storage.exists(office_name(job.stored_path))
    assert ClientImport.objects.get(pk=job.pk).row_count == 1
    rows = client_import_preview(job=job)
    assert [row.number for row in rows] == [2]
