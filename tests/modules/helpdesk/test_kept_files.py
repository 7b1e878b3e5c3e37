"""Bad input loses nothing: a request or reply form re-shown because one file was refused
(or anything else was wrong) keeps the files that passed - staged in the office's storage,
bound to the person and the form, listed ticked under the file field - and sending the
corrected form attaches them. Client panel and staff, new request and reply."""

import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.helpdesk.models import Attachment, Reply, Request
from tests.helpers.files import EXE
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.mail.factories import pdf_bytes

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


def test_a_refused_file_keeps_the_good_ones_in_the_panels_new_request(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    web = _web(office_a, user)
    before = _staged(office_a)
    form = {"subject": "Umowa", "priority": "normal", "description": "W załączeniu"}
    response = web.post(
        "/portal/helpdesk/new/",
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
        assert not Request.objects.exists()
    # The corrected form: the kept file and a new one are attached, nothing stays staged.
    response = web.post(
        "/portal/helpdesk/new/",
        {**form, "attachments_kept": [token], "attachments": _files(("skan.pdf", pdf_bytes()))},
    )
    assert response.status_code == 302
    with in_office(office_a):
        request = Request.objects.get()
        assert sorted(
            Attachment.objects.filter(request=request).values_list("original_name", flat=True)
        ) == ["skan.pdf", "umowa.pdf"]
    assert _staged(office_a) == before


def test_kept_files_are_bound_to_their_person_and_form_and_can_be_left_out(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user, colleague = client_user(office_a, client), client_user(office_a, client)
    with in_office(office_a):
        request = raised(client=client, actor=user)
    web = _web(office_a, user)
    # A reply with no text: the file is kept anyway.
    response = web.post(
        f"/portal/helpdesk/{request.pk}/reply/",
        {"body": "", "attachments": _files(("faktura.pdf", pdf_bytes()))},
    )
    assert response.status_code == 400
    [token] = _kept(response)
    # Another person, or another form of the same person, cannot use the token.
    stolen = _web(office_a, colleague).post(
        "/portal/helpdesk/new/",
        {"subject": "x", "priority": "normal", "description": "x", "attachments_kept": [token]},
    )
    assert stolen.status_code == 302
    other_form = web.post(
        "/portal/helpdesk/new/",
        {"subject": "y", "priority": "normal", "description": "y", "attachments_kept": [token]},
    )
    assert other_form.status_code == 302
    with in_office(office_a):
        assert not Attachment.objects.exists()
    # Unticked (not sent back): left out.
    response = web.post(f"/portal/helpdesk/{request.pk}/reply/", {"body": "Bez pliku"})
    assert response.status_code == 302
    # Sent back with the reply: attached to it.
    response = web.post(
        f"/portal/helpdesk/{request.pk}/reply/",
        {"body": "Faktura w załączniku", "attachments_kept": [token]},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert list(Attachment.objects.values_list("original_name", "reply__body")) == [
            ("faktura.pdf", "Faktura w załączniku")
        ]


def test_staff_new_request_and_reply_keep_the_good_files(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        request = raised(client=client)
    web = _web(office_a, staff_a)
    response = web.post(
        "/helpdesk/new/",
        {
            "subject": "Rejestracja",
            "priority": "normal",
            "client": client.pk,
            "attachments": _files(("krs.pdf", pdf_bytes()), ("setup.exe", EXE)),
        },
    )
    assert response.status_code == 400
    assert "setup.exe: Only these files are accepted" in response.content.decode()
    [token] = _kept(response)
    response = web.post(
        "/helpdesk/new/",
        {"subject": "Rejestracja", "priority": "normal", "client": client.pk,
         "attachments_kept": [token]},
    )  # fmt: skip
    assert response.status_code == 302
    response = web.post(
        f"/helpdesk/{request.pk}/reply/",
        {"body": "Notatka", "internal": "on",
         "attachments": _files(("a.pdf", pdf_bytes()), ("b.pdf", pdf_bytes()), ("c.txt", b""))},
    )  # fmt: skip
    assert response.status_code == 400
    assert "c.txt: The file is empty." in response.content.decode()
    kept = _kept(response)
    assert len(kept) == 2
    response = web.post(
        f"/helpdesk/{request.pk}/reply/",
        {"body": "Notatka", "internal": "on", "attachments_kept": kept[1:]},
    )
    assert response.status_code == 302
    with in_office(office_a):
        created = Request.objects.exclude(pk=request.pk).get()
        assert list(created.attachments.values_list("original_name", flat=True)) == ["krs.pdf"]
        note = Reply.objects.get(request=request)
        assert (note.internal, list(note.attachments.values_list("original_name", flat=True))) == (
            True,
            ["b.pdf"],
        )


def test_a_refused_file_keeps_the_status_chosen_after_the_reply(office_a, staff_a):
    """Audit: staff chose "Start work" as the status after the reply and a file was refused;
    the re-shown form kept the text but the status choice was back to "unchanged", and the
    corrected reply went out with the request still New."""
    with in_office(office_a):
        request = raised(client=ClientFactory())
    web = _web(office_a, staff_a)
    response = web.post(
        f"/helpdesk/{request.pk}/reply/",
        {"body": "Kopia umowy w załączniku", "then": "start",
         "attachments": _files(("setup.exe", EXE))},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    select = re.search(r'<select id="reply-then".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w*)"( selected)?>', select) == [
        ("", ""),
        ("start", " selected"),
    ]
    # Nothing chosen: "unchanged" stays the choice.
    response = web.post(
        f"/helpdesk/{request.pk}/reply/",
        {"body": "Kopia", "attachments": _files(("setup.exe", EXE))},
    )
    assert " selected" not in re.search(
        r'<select id="reply-then".*?</select>', (response.content.decode()), re.S
    ).group(0)
