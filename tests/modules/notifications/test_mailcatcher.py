"""The development mail viewer (`make run`'s caught e-mails): an HTML e-mail shows its inline
images (the office's logo, referenced as cid:) as a mail program would, and an e-mail of
another office is not found: an office's staff read its own e-mails, the platform's sent for
it (invitations) and the platform's others only when addressed to the office's people; a
platform superuser reads everything."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest

from accounts.models import Role
from accounts.services import invitation_create
from common.emails import platform_email_queue
from modules.notifications.devtools.addresses import catcher_dir
from modules.notifications.devtools.mailcatcher import (
    CaughtReader,
    catcher_start,
    caught_get,
    caught_list,
)
from tests.helpers.net import free_port
from tests.helpers.offices import OfficeClient, in_office, member

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000105"
    "7a1c2d1b0000000049454e44ae426082"
)


def _write(folder, name: str, office: str) -> None:
    message = EmailMessage()
    message["Subject"], message["To"], message["X-Vireo-Office"] = "Hello", "a@example.com", office
    message.set_content("Text")
    message.add_alternative('<p><img src="cid:office-logo@vireo" alt="Logo"> Hello</p>', "html")
    html = message.get_body(preferencelist=("html",))
    html.add_related(PNG, "image", "png", cid="<office-logo@vireo>")
    (folder / name).write_bytes(bytes(message))


def test_inline_images_show_as_data_urls_and_other_offices_mail_is_not_found(tmp_path):
    _write(tmp_path, "one.eml", "t_1")
    mail = caught_get(tmp_path, reader=CaughtReader(office_schema="t_1"), name="one.eml")
    assert "cid:" not in mail["html"]
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in mail["html"]
    assert mail["text"].strip() == "Text"
    assert caught_get(tmp_path, reader=CaughtReader(office_schema="t_2"), name="one.eml") is None


@pytest.fixture
def catcher(settings, tmp_path):
    """What `make run` has: DEBUG, the platform's mail over SMTP to the catcher, which keeps
    .eml files under DATA_DIR (the page reads them)."""
    port = free_port()
    settings.DEBUG = True
    settings.DATA_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    controller = catcher_start("127.0.0.1", port, directory=tmp_path / "mailcatcher" / "mail")
    yield controller.handler
    controller.stop()


def _caught_names(client) -> list[str]:
    page = client.get("/notifications/dev/mail/").content.decode()
    return re.findall(r'href="/notifications/dev/mail/([^/"]+\.eml)/"', page)


@pytest.mark.django_db
def test_an_office_never_reads_another_offices_invitations_nor_mail_to_strangers(
    office_a, office_b, staff_a, staff_b, catcher, django_capture_on_commit_callbacks
):
    admin_b = member(office_b, Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        with in_office(office_b):
            invitation_create(
                office=office_b, email="nowy@example.com", role=Role.STAFF, invited_by=admin_b
            )
            # B invites a person who works for A too: still B's invitation, not A's to read.
            invitation_create(
                office=office_b, email=staff_a.email, role=Role.STAFF, invited_by=admin_b
            )
        with in_office(office_a):
            invitation_create(
                office=office_a, email="ewa@example.com", role=Role.STAFF, invited_by=staff_a
            )
        platform_email_queue(kind="password_reset", to=[staff_a.email], subject="Reset A", text="A")
        platform_email_queue(
            kind="signup_verify", to=["obcy@example.com"], subject="Signup", text="S"
        )
    assert len(catcher.messages) == 5
    by_subject = {}
    for path in (catcher_dir() / "mail").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        by_subject.setdefault(str(message["To"]), []).append(path.name)
    (b_new,) = by_subject["nowy@example.com"]
    (a_new,) = by_subject["ewa@example.com"]
    b_to_a_person, reset_a = sorted(by_subject[staff_a.email])  # names follow the sending order
    (signup,) = by_subject["obcy@example.com"]

    page_a = OfficeClient(office_a, user=staff_a)
    assert sorted(_caught_names(page_a)) == sorted([a_new, reset_a])
    for name in (b_new, b_to_a_person, signup):
        assert page_a.get(f"/notifications/dev/mail/{name}/").status_code == 404
    assert page_a.get(f"/notifications/dev/mail/{a_new}/").status_code == 200
    # The invitation has an HTML part and shows it; the text-only reset shows no empty pane.
    assert 'data-testid="caught-html"' in page_a.get(f"/notifications/dev/mail/{a_new}/").text
    text_only = page_a.get(f"/notifications/dev/mail/{reset_a}/").text
    assert 'data-testid="caught-html"' not in text_only and "<iframe" not in text_only
    assert '<div class="col-12"><div class="card">' in text_only

    page_b = OfficeClient(office_b, user=staff_b)
    assert sorted(_caught_names(page_b)) == sorted([b_new, b_to_a_person])
    assert page_b.get(f"/notifications/dev/mail/{a_new}/").status_code == 404
    assert page_b.get(f"/notifications/dev/mail/{reset_a}/").status_code == 404

    # A platform superuser reads everything, from any office's page.
    superuser = member(office_a, Role.STAFF)
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    page = OfficeClient(office_a, user=superuser)
    assert sorted(_caught_names(page)) == sorted([b_new, b_to_a_person, a_new, reset_a, signup])
    assert page.get(f"/notifications/dev/mail/{b_new}/").status_code == 200


def test_the_rule_reads_headers_and_addressees(tmp_path):
    def write(name, **headers):
        message = EmailMessage()
        for header, value in headers.items():
            message[header.replace("_", "-")] = value
        message.set_content("Text")
        (tmp_path / name).write_bytes(bytes(message))

    write("own.eml", To="a@example.com", X_Vireo_Office="t_1")
    write("other.eml", To="a@example.com", X_Vireo_Office="t_2")
    write("for-other.eml", To="Anna <A@Example.com>", X_Vireo_For_Office="t_2")
    write("for-own.eml", To="x@example.com", X_Vireo_For_Office="t_1")
    write("reset.eml", To="Anna <A@Example.com>")
    write("stranger.eml", To="x@example.com")
    reader = CaughtReader(office_schema="t_1", addresses=frozenset({"a@example.com"}))
    shown = {item["name"] for item in caught_list(tmp_path, reader=reader)}
    assert shown == {"own.eml", "for-own.eml", "reset.eml"}
    everything = CaughtReader(office_schema="t_1", everything=True)
    assert len(caught_list(tmp_path, reader=everything)) == 6


def test_the_page_shows_dates_in_the_readers_language_and_office_time_and_pages_by_fifty(
    office_a, staff_a, settings, tmp_path
):
    """The list read every caught file whole (1.9 s with the demo's two thousand) and showed
    the RFC date ("Mon, 02 Mar 2026 08:30:00 -0000"): now it reads headers only, 50 a page
    (Newer / Older), dates in the reader's format and the office's time zone."""
    settings.DEBUG = True
    settings.DATA_DIR = tmp_path
    folder = tmp_path / "mailcatcher" / "mail"
    folder.mkdir(parents=True)
    for n in range(60):
        message = EmailMessage()
        message["Subject"] = f"Żółta łódź {n:02d}"  # encoded (=?utf-8?...?=) in the file
        message["To"] = "a@example.com"
        message["X-Vireo-Office"] = office_a.schema_name
        message["Date"] = f"Mon, 02 Mar 2026 08:{n:02d}:00 -0000"
        message.set_content("Text")
        (folder / f"20260302T08{n:02d}00-x.eml").write_bytes(bytes(message))
    staff_a.language = "pl"
    staff_a.save(update_fields=["language"])
    web = OfficeClient(office_a, user=staff_a)
    first = web.get("/notifications/dev/mail/").content.decode()
    # Warsaw is an hour ahead of UTC in March; the newest first.
    assert len(_caught_names(web)) == 50
    assert "Żółta łódź 59" in first and "Żółta łódź 10" in first
    assert "Żółta łódź 09" not in first and "=?utf-8?" not in first
    assert "a@example.com · 02.03.2026 09:59" in first
    assert "Mon, 02 Mar" not in first
    assert 'href="?page=2">Starsze</a>' in first and "Nowsze" not in first
    second = web.get("/notifications/dev/mail/?page=2").content.decode()
    assert "Żółta łódź 09" in second and "Żółta łódź 00" in second
    assert "Żółta łódź 10" not in second
    assert 'href="?page=1">Nowsze</a>' in second and "Starsze" not in second
    detail = web.get("/notifications/dev/mail/20260302T080500-x.eml/").content.decode()
    assert "02.03.2026 09:05" in detail and "Mon, 02 Mar" not in detail


@pytest.mark.django_db
def test_a_platform_superuser_without_a_membership_reads_the_signup_checks(
    office_a, settings, tmp_path
):
    """The demo's admin (a superuser, no member of the office) was refused "Brak dostępu" on
    the page where a new office's sign-up check is read; a superuser reads it, a signed-in
    stranger still does not, and a superuser is no member of the office's other pages."""
    from tests.factories import UserFactory

    settings.DEBUG = True
    settings.DATA_DIR = tmp_path
    folder = tmp_path / "mailcatcher" / "mail"
    folder.mkdir(parents=True)
    message = EmailMessage()
    message["Subject"] = "Potwierdź e-mail, aby utworzyć Biuro Sokół w Vireo"
    message["To"] = "anna@sokol.example.com"
    message["Date"] = "Mon, 07 Dec 2026 08:28:52 -0000"
    message.set_content("http://localhost:8000/signup/verify/abc/")
    (folder / "20261207T082852-x.eml").write_bytes(bytes(message))
    admin = UserFactory(is_staff=True, is_superuser=True)
    web = OfficeClient(office_a, user=admin)
    page = web.get("/notifications/dev/mail/")
    assert page.status_code == 200
    assert "Potwierdź e-mail, aby utworzyć Biuro Sokół w Vireo" in page.content.decode()
    detail = web.get("/notifications/dev/mail/20261207T082852-x.eml/")
    assert "/signup/verify/abc/" in detail.content.decode()
    assert web.get("/clients/").status_code == 403
    stranger = OfficeClient(office_a, user=UserFactory())
    assert stranger.get("/notifications/dev/mail/").status_code == 403
    assert stranger.get("/notifications/dev/mail/20261207T082852-x.eml/").status_code == 403
