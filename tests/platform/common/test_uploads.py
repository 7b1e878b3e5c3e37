import datetime as dt

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from common.exceptions import ApplicationError
from common.uploads import (
    CSV,
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    file_opens,
    staging_sweep,
    upload_check,
    upload_discard,
    upload_stage,
    uploads_restored,
)
from tests.helpers.offices import in_office
from tests.modules.mail.factories import BROKEN_PDF, image_bytes, pdf_bytes

SCANS = (PDF, JPEG, PNG)


def _refused(upload, kinds=SCANS, max_bytes=10_000, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as error:
        upload_check(upload, kinds=kinds, max_bytes=max_bytes, **kwargs)
    return error.value


def test_the_kind_comes_from_the_content_not_the_name():
    assert (
        upload_check(SimpleUploadedFile("a.txt", pdf_bytes()), kinds=SCANS, max_bytes=10**6) == PDF
    )
    photo = SimpleUploadedFile("photo.pdf", image_bytes("JPEG"))
    assert upload_check(photo, kinds=SCANS, max_bytes=10**6) == JPEG
    book = SimpleUploadedFile("b.xlsx", b"PK\x03\x04rest")
    assert upload_check(book, kinds=(XLSX, CSV), max_bytes=100) == XLSX
    # Plain text has no signature: its name must say CSV, and it has no NUL byte.
    assert (
        upload_check(SimpleUploadedFile("k.csv", b"a;b\n"), kinds=(XLSX, CSV), max_bytes=99) == CSV
    )
    assert _refused(SimpleUploadedFile("k.pdf", b"a;b\n"), kinds=(XLSX, CSV)).code == "type"
    assert _refused(SimpleUploadedFile("k.csv", b"a\x00b"), kinds=(XLSX, CSV)).code == "type"


def test_wrong_type_empty_and_oversize_are_refused_with_a_translated_reason():
    with translation.override("en"):
        # Named as an accepted kind, something else inside: said so, not the list of kinds
        # (which names the very kind its name claims).
        error = _refused(SimpleUploadedFile("faktura.pdf", b"MZ\x90\x00" + b"\x00" * 50))
        assert (error.code, error.message) == (
            "type",
            "The file's content is not in the PDF format (it does not match its name).",
        )
        error = _refused(SimpleUploadedFile("photo.JPG", b"MZ\x90\x00"))
        assert error.message == (
            "The file's content is not in the JPEG format (it does not match its name)."
        )
        error = _refused(SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 50))
        assert (error.code, error.message) == (
            "type",
            "Only these files are accepted: PDF, JPEG, PNG.",
        )
        error = _refused(SimpleUploadedFile("x.pdf", b"MZ"), refused="Scans only.")
        assert error.message == "Scans only."
        error = _refused(SimpleUploadedFile("empty.pdf", b""))
        assert (error.code, error.message) == ("empty", "The file is empty.")
    with translation.override("pl"):
        error = _refused(
            SimpleUploadedFile("big.pdf", pdf_bytes(padding=3 << 20)), max_bytes=1 << 20
        )
        assert (error.code, error.message) == (
            "oversize",
            "Plik jest za duży (3 MB, najwyżej 1 MB).",
        )
        # Written as the language writes numbers: a comma in Polish and Slovak.
        error = _refused(
            SimpleUploadedFile("big.pdf", pdf_bytes(padding=int(28.6 * (1 << 20)))),
            max_bytes=20 << 20,
        )
        assert error.message == "Plik jest za duży (28,6 MB, najwyżej 20 MB)."
        error = _refused(SimpleUploadedFile("virus.exe", b"MZ"))
        assert error.message == "Akceptowane są tylko te pliki: PDF, JPEG, PNG."
        error = _refused(SimpleUploadedFile("faktura.pdf", b"MZ"))
        assert error.message == (
            "Zawartość pliku nie jest w formacie PDF (nie pasuje do jego nazwy)."
        )
    with translation.override("sk"):
        error = _refused(SimpleUploadedFile("faktura.pdf", b"MZ"))
        assert error.message == "Obsah súboru nie je vo formáte PDF (nezodpovedá jeho názvu)."


def test_a_pdf_or_image_that_does_not_open_is_refused_as_damaged(tmp_path):
    # One rule wherever a file is uploaded (documents, helpdesk, messages, mail scans): a
    # PDF must open with pypdf, an image must verify and decode with Pillow. The audit's
    # 193-byte PDF was kept as a document and an attachment, refused only as a scan.
    cut_png = image_bytes("PNG", (400, 400))[:120]
    with translation.override("pl"):
        for name, content in (("umowa.pdf", BROKEN_PDF), ("zdjecie.png", cut_png)):
            error = _refused(SimpleUploadedFile(name, content), max_bytes=10**6)
            assert (error.code, error.message) == (
                "damaged",
                "Plik jest uszkodzony i nie można go otworzyć.",
            )
    with translation.override("sk"):
        error = _refused(SimpleUploadedFile("umowa.pdf", BROKEN_PDF))
        assert error.message == "Súbor je poškodený a nedá sa otvoriť."
    # What opens is accepted, and read from its start again by whoever keeps it.
    good = SimpleUploadedFile("umowa.pdf", pdf_bytes(pages=3))
    assert upload_check(good, kinds=SCANS, max_bytes=10**6) == PDF
    assert good.read(5) == b"%PDF-"
    assert file_opens(good, PDF) == 3
    (tmp_path / "photo.jpg").write_bytes(image_bytes("JPEG"))
    assert file_opens(tmp_path / "photo.jpg", JPEG) == 1
    # Kinds nobody renders are not opened (a DOCX is judged by its signature and name).
    docx = SimpleUploadedFile("umowa.docx", b"PK\x03\x04" + b"0" * 100)
    assert upload_check(docx, kinds=(DOCX,), max_bytes=10**6) == DOCX
    assert file_opens(docx, DOCX) == 0


@pytest.mark.parametrize("storage", [default_storage, InMemoryStorage()], ids=["default", "memory"])
def test_a_staged_upload_survives_a_reshown_form_and_is_discarded(in_office_a, storage):
    content = pdf_bytes()
    staged = upload_stage(
        upload=SimpleUploadedFile("skan marca.txt", content),
        kinds=SCANS,
        max_bytes=10**6,
        storage=storage,
    )
    assert staged.name.startswith(f"{in_office_a.schema_name}/staging/")
    assert staged.name.endswith(".pdf")
    assert (staged.original_name, staged.content_type, staged.size) == (
        "skan marca.txt",
        "application/pdf",
        len(content),
    )
    # The next request gets it back from the token alone.
    [again] = uploads_restored([staged.token, "forged", staged.token[:-3] + "abc"], storage=storage)
    assert (again.name, again.original_name, again.size) == (
        staged.name,
        "skan marca.txt",
        len(content),
    )
    with again.open() as handle:
        assert handle.read() == content
    with again.local_path() as path:
        assert path.read_bytes() == content
    if isinstance(storage, InMemoryStorage):
        assert not path.exists()  # the temporary copy is gone
    upload_discard(again)
    assert not storage.exists(staged.name)
    assert uploads_restored([staged.token], storage=storage) == []


def test_a_token_of_another_office_restores_nothing(office_a, office_b):
    with in_office(office_a):
        staged = upload_stage(
            upload=SimpleUploadedFile("a.pdf", pdf_bytes()), kinds=SCANS, max_bytes=10**6
        )
    with in_office(office_b):
        assert uploads_restored([staged.token]) == []
    with in_office(office_a):
        assert [s.name for s in uploads_restored([staged.token])] == [staged.name]
        upload_discard(staged)


def test_a_refused_upload_leaves_nothing_staged(in_office_a):
    storage = InMemoryStorage()
    with pytest.raises(ApplicationError):
        upload_stage(
            upload=SimpleUploadedFile("a.pdf", b"MZ"), kinds=SCANS, max_bytes=99, storage=storage
        )
    with pytest.raises(FileNotFoundError):
        storage.listdir(f"{in_office_a.schema_name}/staging")  # never created


def test_a_forms_good_files_are_kept_for_its_person_and_form(in_office_a):
    # form_uploads_keep: a refused file is named, the good ones wait (bound to the person
    # and the form) and KeptFilesMixin lists them ticked right under the file field.
    from django import forms
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    from common.forms import KeptFilesMixin, MultipleFileField
    from common.uploads import form_uploads_keep

    class Form(KeptFilesMixin, forms.Form):
        attachments = MultipleFileField(required=False, allow_empty_file=True)
        body = forms.CharField()

    def sent(data: str, *files) -> Form:
        form = Form(QueryDict(data), MultiValueDict({"attachments": list(files)}))
        form.is_valid()
        return form

    def keep(form, person=7, purpose="reply:1"):
        return form_uploads_keep(
            form, "attachments", kinds=SCANS, max_bytes=10**6, person=person, purpose=purpose
        )

    form = sent(
        "body=",
        SimpleUploadedFile("umowa.pdf", pdf_bytes()),
        SimpleUploadedFile("wirus.pdf", b"MZ"),
    )
    with translation.override("en"):
        [kept] = keep(form)
    assert form.errors["attachments"] == [
        "wirus.pdf: The file's content is not in the PDF format (it does not match its name)."
    ]
    assert list(form.fields) == ["attachments", "attachments_kept", "body"]
    assert form.fields["attachments_kept"].choices == [(kept.token, "umowa.pdf")]
    assert form.data.getlist("attachments_kept") == [kept.token]
    assert default_storage.exists(kept.name)
    # Sent back: kept with a new file; another person or form gets nothing from the token.
    again = sent(
        f"body=ok&attachments_kept={kept.token}", SimpleUploadedFile("b.png", image_bytes("PNG"))
    )
    both = keep(again)
    assert [u.original_name for u in both] == ["umowa.pdf", "b.png"]
    assert not again.errors
    assert keep(sent(f"body=ok&attachments_kept={kept.token}"), person=8) == []
    assert keep(sent(f"body=ok&attachments_kept={kept.token}"), purpose="reply:2") == []
    upload_discard(*both)


def test_the_sweep_removes_only_abandoned_files(in_office_a):
    storage = InMemoryStorage()
    staged = upload_stage(
        upload=SimpleUploadedFile("a.pdf", pdf_bytes()),
        kinds=SCANS,
        max_bytes=10**6,
        storage=storage,
    )
    assert staging_sweep(storage=storage) == 0
    assert storage.exists(staged.name)
    assert staging_sweep(storage=storage, now=timezone.now() + dt.timedelta(days=1, minutes=1)) == 1
    assert not storage.exists(staged.name)


def test_office_documents_are_judged_by_their_zip_signature_and_name():
    from common.uploads import DOCUMENT_KINDS, DOCX, TXT, accept_attribute, file_served_inline
    from tests.helpers.files import EXE, docx_bytes

    letter = SimpleUploadedFile("umowa.DOCX", docx_bytes())
    assert upload_check(letter, kinds=DOCUMENT_KINDS, max_bytes=10**6) == DOCX
    notes = SimpleUploadedFile("notatka.txt", "Zażółć gęślą jaźń\n".encode())
    assert upload_check(notes, kinds=DOCUMENT_KINDS, max_bytes=10**6) == TXT
    with translation.override("sk"):
        # A program renamed as an accepted kind: its name does not match its content.
        for name, kind in (("faktura.docx", "DOCX"), ("faktura.txt", "TXT")):
            error = _refused(SimpleUploadedFile(name, EXE), kinds=DOCUMENT_KINDS)
            assert (error.code, error.message) == (
                "type",
                f"Obsah súboru nie je vo formáte {kind} (nezodpovedá jeho názvu).",
            )
        error = _refused(SimpleUploadedFile("faktura.exe", EXE), kinds=DOCUMENT_KINDS)
        assert (error.code, error.message) == (
            "type",
            "Prijímame iba tieto súbory: PDF, JPEG, PNG, DOCX, XLSX, ODT, TXT.",
        )
    # a ZIP is a Word document only by its name (a spreadsheet has the same signature)
    assert _refused(SimpleUploadedFile("umowa.zip", docx_bytes()), kinds=DOCUMENT_KINDS)
    assert [file_served_inline(k.content_type) for k in DOCUMENT_KINDS] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert accept_attribute((PDF, DOCX)) == (
        ".pdf,.docx,application/pdf,"
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
