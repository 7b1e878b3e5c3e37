import re

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.messaging.models import Attachment, Conversation
from tests.helpers.files import DOCX_TYPE, EXE, XLSX_TYPE, docx_bytes, xlsx_bytes
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import pdf_bytes
from tests.modules.messaging.factories import client_user, staff_user

REFUSED = "Only these files are accepted: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT."


def test_a_client_sends_word_and_excel_files_and_both_sides_download_them(office_a):
    with in_office(office_a):
        client = ClientFactory()
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    assert (
        'accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.txt,'
        in panel.get("/portal/messages/new/").content.decode()
    )
    response = panel.post(
        "/portal/messages/new/",
        {
            "subject": "Dokumenty",
            "body": "W załączeniu",
            "attachments": [
                SimpleUploadedFile("umowa.docx", docx_bytes()),
                SimpleUploadedFile("zestawienie.xlsx", xlsx_bytes()),
                SimpleUploadedFile("skan.pdf", pdf_bytes()),
            ],
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        conversation = Conversation.objects.get()
        files = {a.original_name: a for a in Attachment.objects.all()}
    assert {name: a.content_type for name, a in files.items()} == {
        "umowa.docx": DOCX_TYPE,
        "zestawienie.xlsx": XLSX_TYPE,
        "skan.pdf": "application/pdf",
    }
    staff = OfficeClient(office_a, user=staff_user(office_a))
    assert staff.get(f"/messages/{conversation.pk}/").status_code == 200
    for web, url in ((staff, "/messages/files/"), (panel, "/portal/messages/files/")):
        download = web.get(f"{url}{files['umowa.docx'].pk}/")
        assert (download.status_code, download["Content-Type"]) == (200, DOCX_TYPE)
        assert download["Content-Disposition"] == 'attachment; filename="umowa.docx"'
        assert b"".join(download.streaming_content) == docx_bytes()
        sheet = web.get(f"{url}{files['zestawienie.xlsx'].pk}/")
        assert sheet["Content-Disposition"] == 'attachment; filename="zestawienie.xlsx"'
        shown = web.get(f"{url}{files['skan.pdf'].pk}/")
        assert shown["Content-Disposition"] == 'inline; filename="skan.pdf"'


def test_a_renamed_program_is_refused_and_nothing_is_sent(office_a):
    with in_office(office_a):
        client = ClientFactory()
    panel = OfficeClient(office_a, user=client_user(office_a, client))
    response = panel.post(
        "/portal/messages/new/",
        {
            "subject": "Faktura",
            "body": "x",
            "attachments": [SimpleUploadedFile("faktura.docx", EXE)],
        },
    )
    assert response.status_code == 400
    assert (
        "faktura.docx: The file&#x27;s content is not in the DOCX format"
        " (it does not match its name)." in response.content.decode()
    )
    staff = OfficeClient(office_a, user=staff_user(office_a))
    response = staff.post(
        "/messages/new/",
        {
            "client": client.pk,
            "subject": "Zestawienie",
            "body": "x",
            "attachments": [SimpleUploadedFile("zestawienie.xlsx", EXE)],
        },
    )
    assert response.status_code == 400
    assert (
        "zestawienie.xlsx: The file&#x27;s content is not in the XLSX format"
        " (it does not match its name)." in response.content.decode()
    )
    with in_office(office_a):
        assert not Conversation.objects.exists()
        assert not Attachment.objects.exists()


HINT = {
    "en": "Accepted files: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; up to 20 MB each.",
    "pl": "Dozwolone pliki: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; każdy do 20 MB.",
    "sk": "Povolené súbory: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; každý najviac 20 MB.",
}


def _hint(page: str) -> str:
    """The help text crispy puts under the file field (the field is described by it)."""
    assert 'aria-describedby="id_attachments_helptext"' in page
    (hint,) = re.findall(r'<div id="id_attachments_helptext" class="form-text">([^<]*)</div>', page)
    return hint


def test_the_file_field_names_the_accepted_kinds_and_the_size_in_the_readers_language(
    office_a, office_b
):
    """The kinds and the limit the server stages with (ATTACHMENT_KINDS, 20 MB), before a
    refused upload has to tell them (no hint until 2026-12-07)."""
    with in_office(office_a):
        client_a = ClientFactory()
    with in_office(office_b):
        client_b = ClientFactory()
    staff = staff_user(office_a)
    for language, office, user, url in (
        ("en", office_a, staff, "/messages/new/"),
        ("pl", office_a, client_user(office_a, client_a), "/portal/messages/new/"),
        ("sk", office_b, client_user(office_b, client_b), "/portal/messages/new/"),
    ):
        user.language = language
        user.save(update_fields=["language"])
        page = OfficeClient(office, user=user).get(url).content.decode()
        assert _hint(page) == HINT[language]
