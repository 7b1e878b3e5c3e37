import re

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.helpdesk.intake import services as intake
from modules.helpdesk.models import Attachment, Request
from tests.helpers.files import DOCX_TYPE, EXE, XLSX_TYPE, docx_bytes, xlsx_bytes
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.helpdesk.intake_helpers import PDF, made
from tests.modules.mail.factories import pdf_bytes

REFUSED = "Only these files are accepted: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT."


def _file(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_client_attaches_a_word_document_and_both_sides_download_it(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    panel = OfficeClient(office_a, user=user)
    assert (
        'accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.txt,'
        in panel.get("/portal/helpdesk/new/").content.decode()
    )
    response = panel.post(
        "/portal/helpdesk/new/",
        {
            "subject": "Umowa do podpisu",
            "priority": "normal",
            "description": "W załączeniu",
            "attachments": [
                SimpleUploadedFile("umowa.docx", docx_bytes()),
                SimpleUploadedFile("skan.pdf", pdf_bytes()),
            ],
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        request = Request.objects.get()
        letter = Attachment.objects.get(original_name="umowa.docx")
        scan = Attachment.objects.get(original_name="skan.pdf")
    assert (letter.request_id, letter.content_type, letter.size) == (
        request.pk,
        DOCX_TYPE,
        len(docx_bytes()),
    )
    staff = OfficeClient(office_a, user=staff_a)
    for web, url in ((staff, "/helpdesk/files/"), (panel, "/portal/helpdesk/files/")):
        download = web.get(f"{url}{letter.pk}/")
        assert download.status_code == 200
        assert download["Content-Type"] == DOCX_TYPE
        assert download["Content-Disposition"] == 'attachment; filename="umowa.docx"'
        assert download["X-Content-Type-Options"] == "nosniff"
        assert _file(download) == docx_bytes()
        shown = web.get(f"{url}{scan.pk}/")  # a PDF still opens in the browser
        assert (shown["Content-Type"], shown["Content-Disposition"]) == (
            "application/pdf",
            'inline; filename="skan.pdf"',
        )


def test_a_renamed_program_is_refused_in_the_panel_and_in_staff_replies(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    panel = OfficeClient(office_a, user=user)
    response = panel.post(
        "/portal/helpdesk/new/",
        {
            "subject": "Faktura",
            "priority": "normal",
            "description": "x",
            "attachments": [SimpleUploadedFile("faktura.docx", EXE)],
        },
    )
    assert response.status_code == 400
    assert (
        "faktura.docx: The file&#x27;s content is not in the DOCX format"
        " (it does not match its name)." in response.content.decode()
    )
    with in_office(office_a):
        assert not Request.objects.exists()
        request = raised(client=client, actor=user)
    staff = OfficeClient(office_a, user=staff_a)
    refused = staff.post(
        f"/helpdesk/{request.pk}/reply/",
        {"body": "Zestawienie", "attachments": [SimpleUploadedFile("zestawienie.xlsx", EXE)]},
    )
    assert refused.status_code == 400
    assert (
        "zestawienie.xlsx: The file&#x27;s content is not in the XLSX format"
        " (it does not match its name)." in refused.content.decode()
    )
    kept = staff.post(
        f"/helpdesk/{request.pk}/reply/",
        {
            "body": "Zestawienie",
            "attachments": [SimpleUploadedFile("zestawienie.xlsx", xlsx_bytes())],
        },
    )
    assert kept.status_code == 302
    reply = panel.post(
        f"/portal/helpdesk/{request.pk}/reply/",
        {"body": "Notatka", "attachments": [SimpleUploadedFile("notatka.txt", b"Prosba\n")]},
    )
    assert reply.status_code == 302
    with in_office(office_a):
        assert sorted(
            Attachment.objects.filter(request=request).values_list(
                "original_name", "content_type", "reply__body"
            )
        ) == [
            ("notatka.txt", "text/plain", "Notatka"),
            ("zestawienie.xlsx", XLSX_TYPE, "Zestawienie"),
        ]


def test_e_mail_intake_keeps_office_documents_and_names_what_it_refused(
    office_a, raw_emails_removed
):
    with in_office(office_a):
        ClientFactory(email="biuro@nowak.pl")
        row = intake.email_receive(
            raw=made(
                sender="biuro@nowak.pl",
                message_id="docs@1",
                body="W załączeniu umowa i zestawienie.",
                attachments=[
                    ("umowa.docx", docx_bytes(), "application", "octet-stream"),
                    ("zestawienie.xlsx", xlsx_bytes(), "application", "vnd.ms-excel"),
                    ("program.docx", EXE, "application", "x-msdownload"),
                ],
            )
        )
        kept = sorted(
            Attachment.objects.filter(request=row.request).values_list(
                "original_name", "content_type"
            )
        )
        description = row.request.description
    assert kept == [("umowa.docx", DOCX_TYPE), ("zestawienie.xlsx", XLSX_TYPE)]
    assert description == (
        "W załączeniu umowa i zestawienie.\n\nAttachments not kept:\n"
        "- program.docx (application/x-msdownload): The file's content is not in the DOCX"
        " format (it does not match its name)."
    )


def test_a_long_e_mail_keeps_the_list_of_refused_attachments(office_a, raw_emails_removed):
    """The text is cut to the request's 20,000 characters; the list of what was not kept
    used to be cut with it, and the attachment was lost without a word."""
    with in_office(office_a):
        ClientFactory(email="biuro@nowak.pl")
        row = intake.email_receive(
            raw=made(
                sender="biuro@nowak.pl",
                message_id="long@1",
                body="Długi tekst. " * 2000,
                attachments=[
                    ("umowa.pdf", PDF, "application", "pdf"),
                    ("setup.exe", EXE, "application", "x-msdownload"),
                ],
            )
        )
        description = row.request.description
        assert Attachment.objects.get(request=row.request).original_name == "umowa.pdf"
    listed = f"\n\nAttachments not kept:\n- setup.exe (application/x-msdownload): {REFUSED}"
    assert description.startswith("Długi tekst. Długi tekst.")
    assert description.endswith(listed)
    assert len(description) == 20000


HINT = {
    "en": "Accepted files: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; up to 20 MB each.",
    "pl": "Dozwolone pliki: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; każdy do 20 MB.",
    "sk": "Povolené súbory: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT; každý najviac 20 MB.",
}


def test_the_file_fields_name_the_accepted_kinds_and_the_size_in_the_readers_language(
    office_a, office_b
):
    """A new request in the panel, and the replies on both sides: the kinds and the limit
    the server stages with (ATTACHMENT_KINDS, 20 MB) are under the file field (no hint
    until 2026-12-07)."""
    from accounts.models import Role

    with in_office(office_a):
        client_a = ClientFactory()
    asker = client_user(office_a, client_a)
    with in_office(office_a):
        request_a = raised(client=client_a, actor=asker)
    with in_office(office_b):
        request_b = raised(client=ClientFactory())
    for language, office, user, url in (
        ("pl", office_a, client_user(office_a, client_a), "/portal/helpdesk/new/"),
        ("en", office_a, asker, f"/portal/helpdesk/{request_a.pk}/"),
        ("sk", office_b, member(office_b, Role.STAFF), f"/helpdesk/{request_b.pk}/"),
    ):
        user.language = language
        user.save(update_fields=["language"])
        page = OfficeClient(office, user=user).get(url).content.decode()
        assert 'aria-describedby="id_attachments_helptext"' in page
        hints = re.findall(
            r'<div id="id_attachments_helptext" class="form-text">([^<]*)</div>', page
        )
        assert hints == [HINT[language]]
