import pytest

from common.exceptions import ApplicationError
from modules.mail.services import scan_stage, settings_update
from tests.modules.mail.factories import image_bytes, pdf_bytes, upload


def _stage(name, content, max_bytes=1024 * 1024):
    return scan_stage(upload=upload(name, content), max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "pages"),
    [
        ("a.pdf", pdf_bytes(3), "application/pdf", 3),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg", 1),
        ("scan.png", image_bytes("PNG"), "image/png", 1),
        # Named wrongly, judged by content.
        ("scan.txt", pdf_bytes(), "application/pdf", 1),
    ],
)
def test_good_files_pass_by_content(in_office_a, name, content, content_type, pages):
    staged = _stage(name, content)
    assert staged.checked.content_type == content_type
    assert staged.checked.pages == pages
    assert staged.checked.size == len(content)
    assert staged.original_name == name
    staged.path.unlink()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.pdf", b"", "empty"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, "type"),
        ("doc.pdf", b"<html>not a pdf</html>", "type"),
        ("broken.pdf", b"%PDF-1.7\n garbage without objects", "damaged"),
        ("cut.png", image_bytes("PNG", (400, 400))[:120], "damaged"),
        ("big.pdf", pdf_bytes(padding=3000), "oversize"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_leave_nothing(in_office_a, name, content, code):
    from common.storage import spool_dir

    tmp = spool_dir("mail", "tmp")
    before = set(tmp.iterdir()) if tmp.exists() else set()
    with pytest.raises(ApplicationError) as error:
        _stage(name, content, max_bytes=2000)
    assert error.value.code == code
    assert (set(tmp.iterdir()) if tmp.exists() else set()) == before


def test_size_limit_comes_from_the_office_settings(in_office_a, staff_a):
    from modules.mail.services import settings_get

    settings_update(actor=staff_a, data={"scan_max_mb": 1})
    assert settings_get().scan_max_bytes == 1024 * 1024
    with pytest.raises(ApplicationError) as error:
        scan_stage(
            upload=upload("x.pdf", pdf_bytes(padding=1024 * 1024 + 10)),
            max_bytes=settings_get().scan_max_bytes,
        )
    assert error.value.code == "oversize"


def test_paths_outside_the_office_folder_are_refused(in_office_a):
    from common.storage import office_name

    for bad in ("../office-b/mail/x.pdf", "/etc/passwd", "mail/../../x", ""):
        with pytest.raises(ValueError):
            office_name(bad)


def test_a_file_named_as_a_scan_is_told_what_is_wrong_with_it_others_the_list():
    """Audit: "wrong.pdf: Only PDF, JPEG and PNG files are accepted." contradicted the
    file's name; such a file gets common.uploads' "not in the PDF format" message."""
    from django.utils import translation

    from modules.mail.files import type_refused

    with translation.override("en"):
        assert type_refused("skan.PDF") == ""
        assert type_refused("zdjecie.jpeg") == ""
        assert type_refused("setup.exe") == "Only PDF, JPEG and PNG files are accepted."
        assert type_refused("") == "Only PDF, JPEG and PNG files are accepted."


@pytest.mark.parametrize(
    ("language", "uploaded", "scanner", "forwarded"),
    [
        ("pl", "Wgrany ręcznie", "Skaner (FTP)", "Przesłane"),
        ("sk", "Nahraný ručne", "Skener (FTP)", "Preposlané"),
    ],
)
def test_a_scan_uploaded_by_hand_does_not_read_like_forwarded_mail(
    language, uploaded, scanner, forwarded
):
    """A scan's source "Przesłany" (uploaded) sat next to the mail status "Przesłane"
    (forwarded) on the same page and read as the same thing."""
    from django.utils import translation

    from modules.mail.models import MailScan, MailStatus

    with translation.override(language):
        assert [str(label) for _value, label in MailScan.Source.choices] == [uploaded, scanner]
        assert str(MailStatus.BUILTIN_LABELS[MailStatus.FORWARDED]) == forwarded
