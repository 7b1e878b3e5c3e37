"""Bad input loses nothing: a message form re-shown because one file was refused (or
anything else was wrong) keeps the files that passed - staged in the office's storage,
bound to the person and the form, listed ticked under the file field - and sending the
corrected form attaches them. Staff and client panel, new conversation and reply."""

import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.messaging.models import Attachment, Conversation, Message
from tests.helpers.files import EXE
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import pdf_bytes
from tests.modules.messaging.factories import client_user, staff_user, started

KEPT = re.compile(r'<input type="checkbox"[^>]* name="attachments_kept" value="([^"]+)"[^>]*>')


def _files(*names_and_bytes):
    return [SimpleUploadedFile(name, content) for name, content in names_and_bytes]


def _kept(response) -> list[str]:
    page = response.content.decode()
    assert all(" checked" in match.group(0) for match in KEPT.finditer(page))
    return KEPT.findall(page)


def _staged(office) -> list[str]:
    folder = f"{office.schema_name}/staging"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def _web(office, user):
    web = OfficeClient(office, user=user)
    web.cookies["django_language"] = "en"
    return web


def _names(message) -> list[str]:
    return sorted(message.attachments.values_list("original_name", flat=True))


def test_a_refused_file_keeps_the_good_ones_in_the_panels_new_conversation(office_a):
    with in_office(office_a):
        client = ClientFactory()
    web = _web(office_a, client_user(office_a, client))
    before = _staged(office_a)
    form = {"subject": "Umowa", "body": "W załączeniu"}
    response = web.post(
        "/portal/messages/new/",
        {**form, "attachments": _files(("umowa.pdf", pdf_bytes()), ("wirus.pdf", EXE))},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "wirus.pdf: The file&#x27;s content is not in the PDF format" in page
    assert "not kept either" not in page and "choose it again" not in page
    assert "Files kept from your previous attempt" in page
    [token] = _kept(response)
    assert re.search(r'<label[^>]* for="id_attachments_kept_0"[^>]*>\s*umowa\.pdf\s*</label>', page)
    assert len(_staged(office_a)) == len(before) + 1  # the good one waits in the office's storage
    with in_office(office_a):
        assert not Conversation.objects.exists()
    response = web.post(
        "/portal/messages/new/",
        {**form, "attachments_kept": [token], "attachments": _files(("skan.pdf", pdf_bytes()))},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert _names(Message.objects.get(conversation__subject="Umowa")) == [
            "skan.pdf",
            "umowa.pdf",
        ]
    assert _staged(office_a) == before


def test_the_panels_reply_keeps_its_file_bound_to_the_person_and_form(office_a):
    with in_office(office_a):
        client = ClientFactory()
        conversation = started(client=client)
    user, colleague = client_user(office_a, client), client_user(office_a, client)
    web = _web(office_a, user)
    response = web.post(
        f"/portal/messages/{conversation.pk}/reply/",
        {
            "body": "Faktura",
            "attachments": _files(("faktura.pdf", pdf_bytes()), ("pusty.txt", b"")),
        },
    )
    assert response.status_code == 400
    assert "pusty.txt: The file is empty." in response.content.decode()
    [token] = _kept(response)
    # Another person, or another form of the same person, cannot use the token.
    stolen = _web(office_a, colleague).post(
        f"/portal/messages/{conversation.pk}/reply/", {"body": "x", "attachments_kept": [token]}
    )
    assert stolen.status_code == 302
    other_form = web.post(
        "/portal/messages/new/", {"subject": "y", "body": "y", "attachments_kept": [token]}
    )
    assert other_form.status_code == 302
    with in_office(office_a):
        assert not Attachment.objects.exists()
    response = web.post(
        f"/portal/messages/{conversation.pk}/reply/",
        {"body": "Faktura w załączniku", "attachments_kept": [token]},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert _names(Message.objects.get(body="Faktura w załączniku")) == ["faktura.pdf"]


def test_staff_new_conversation_and_reply_keep_the_good_files(office_a):
    with in_office(office_a):
        client = ClientFactory()
        conversation = started(client=client)
    web = _web(office_a, staff_user(office_a))
    # Nothing wrong with the file, the subject missing: the file is kept all the same.
    response = web.post(
        "/messages/new/",
        {"client": client.pk, "subject": "", "body": "Hello",
         "attachments": _files(("krs.pdf", pdf_bytes()))},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "choose it again" not in page and "Hello" in page
    [token] = _kept(response)
    response = web.post(
        "/messages/new/",
        {"client": client.pk, "subject": "KRS", "body": "Hello", "attachments_kept": [token]},
    )
    assert response.status_code == 302
    response = web.post(
        f"/messages/{conversation.pk}/reply/",
        {"body": "Notatka", "internal": "on",
         "attachments": _files(("a.pdf", pdf_bytes()), ("b.pdf", pdf_bytes()), ("c.exe", EXE))},
    )  # fmt: skip
    assert response.status_code == 400
    assert "c.exe: Only these files are accepted" in response.content.decode()
    kept = _kept(response)
    assert len(kept) == 2
    response = web.post(
        f"/messages/{conversation.pk}/reply/",
        {"body": "Notatka", "internal": "on", "attachments_kept": kept[1:]},
    )  # unticked a.pdf: left out
    assert response.status_code == 302
    with in_office(office_a):
        assert _names(Message.objects.get(conversation__subject="KRS")) == ["krs.pdf"]
        note = Message.objects.get(body="Notatka")
        assert (note.internal, _names(note)) == (True, ["b.pdf"])
