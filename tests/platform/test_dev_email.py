"""In development (`make run`, DEBUG) the platform's own e-mails (sign-up checks, invitations,
password resets) reach the local SMTP catcher the offices' notifications reach, so whoever
tries the product follows their links from the caught-mail page (a platform superuser reads
them all; an office's staff those for the office or its people); tests keep locmem."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import Role
from modules.notifications.devtools.mailcatcher import catcher_start
from tests.helpers.net import free_port
from tests.helpers.offices import OfficeClient, member

CODE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND.rsplit('.', 2)[1], s.EMAIL_HOST, s.EMAIL_PORT)"
)


def _email_settings(**variables) -> str:
    env = {
        **os.environ,
        "VIREO_TESTING": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": f"{django_settings.BASE_DIR / 'platform'}:{django_settings.BASE_DIR}",
    }
    for name in ("EMAIL_URL", "MAILCATCHER_SMTP", "RUN_ADDRESS", "DEBUG"):
        env.pop(name, None)
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_development_sends_the_platforms_email_to_the_local_catcher():
    assert _email_settings(DEBUG="true", MAILCATCHER_SMTP="127.0.0.1:4321") == (
        "smtp 127.0.0.1 4321"
    )
    # Without devrun's variable: next to the web port, where `manage.py mailcatcher` listens.
    assert _email_settings(DEBUG="true", RUN_ADDRESS="127.0.0.1:8765") == "smtp 127.0.0.1 8790"
    configured = _email_settings(DEBUG="true", EMAIL_URL="smtp://mail.example.com:2525")
    assert configured == "smtp mail.example.com 2525"
    assert _email_settings(DEBUG="false", SECRET_KEY="x").startswith("console ")  # production


def test_tests_keep_the_locmem_backend():
    assert django_settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def catcher(settings, tmp_path):
    """What development has: the SMTP backend on the catcher, which stores under DATA_DIR."""
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


@pytest.mark.django_db
def test_a_signup_check_is_read_and_followed_from_the_caught_mail_page(
    office_a, staff_a, catcher, clean_cache, django_capture_on_commit_callbacks
):
    form = {
        "office_name": "Biuro Próbne",
        "slug": "biuro-probne",
        "full_name": "Ewa Próbna",
        "email": "ewa@example.com",
        "password": "Zielone-okno-42",
        "country": "PL",
        "accept_terms": "on",
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert Client(HTTP_HOST="localhost").post("/signup/", form).status_code == 302
    (message,) = catcher.messages
    assert message["To"] == "ewa@example.com"

    # Addressed to nobody of the office: its staff do not read it, a platform superuser does.
    assert "Biuro Próbne" not in (
        OfficeClient(office_a, user=staff_a).get("/notifications/dev/mail/").content.decode()
    )
    superuser = member(office_a, Role.STAFF, language="pl")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    staff = OfficeClient(office_a, user=superuser)
    page = staff.get("/notifications/dev/mail/").content.decode()
    assert "Platforma Vireo" in page and "Biuro Próbne" in page  # the office is Polish
    name = re.search(r'href="/notifications/dev/mail/([^/"]+\.eml)/"', page).group(1)
    detail = staff.get(f"/notifications/dev/mail/{name}/").content.decode()
    link = re.search(r"http://localhost:\d+(/signup/verify/[^/\s<]+/)", detail).group(1)
    assert Client(HTTP_HOST="localhost").get(link).status_code == 200  # the confirm page


@pytest.mark.django_db
def test_a_caught_sms_shows_its_line_breaks(office_a, staff_a, settings, tmp_path):
    """Audit: the SMS to a number of two companies starts "Firma: Kowalski Consulting" on
    its own line; the page ran the lines together ("Firma: Kowalski Consulting Biuro
    Wirtualne Demo: nowa korespondencja"). The text keeps its line breaks."""
    import json

    from modules.notifications.models import Delivery, Notification
    from tests.helpers.offices import in_office

    settings.DEBUG = True
    settings.DATA_DIR = tmp_path
    folder = tmp_path / "mailcatcher" / "sms"
    folder.mkdir(parents=True)
    text = "Firma: Kowalski Consulting\nBiuro Demo: nowa korespondencja."
    (folder / "1.json").write_text(
        json.dumps(
            {
                "to": "48601234567",
                "from": "Vireo",
                "text": text,
                "message-id": "sms-1",
                "received": "2026-12-07T06:45:00+00:00",
            }
        )
    )
    with in_office(office_a):
        notification = Notification.objects.create(event="mail.new", client_id=1)
        Delivery.objects.create(
            notification=notification,
            event="mail.new",
            client_id=1,
            channel="sms",
            address="+48601234567",
            language="pl",
            status="sent",
            provider_ref="sms-1",
        )
    page = OfficeClient(office_a, user=staff_a).get("/notifications/dev/mail/").content.decode()
    shown = re.search(r'<div ([^>]*) data-testid="caught-sms-text">([^<]*)</div>', page)
    assert "white-space: pre-line" in shown.group(1)
    assert shown.group(2) == text
