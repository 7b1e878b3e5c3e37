import pytest
from django.conf import settings

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.helpdesk.intake import services as intake
from modules.helpdesk.models import Access, InboundEmail, IntakeSettings, Request
from modules.helpdesk.services import access_set
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.intake_helpers import corpus, made

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("raw_emails_removed")]
E = InboundEmail.Status
STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}
REFUSED = {"anonymous": 302, "client": 403, "other_office": 403}


def _web(office, user):
    web = OfficeClient(office, user=user)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return web


def _triage(office, message_id="t@1"):
    with in_office(office):
        return intake.email_receive(raw=made(sender="nowy@example.com", message_id=message_id))


def _quarantined(office):
    with in_office(office):
        return intake.email_receive(raw=corpus("broken_mime.eml"))


def _status(office, pk):
    with in_office(office):
        return InboundEmail.objects.get(pk=pk).status


def _decisions(email, quarantined, client):
    """(url, data, e-mail id, its status before) of each staff decision."""
    return [
        (f"/helpdesk/emails/{email.pk}/assign/", {"client": client.pk}, email.pk, E.TRIAGE),
        (f"/helpdesk/emails/{email.pk}/discard/", {}, email.pk, E.TRIAGE),
        (f"/helpdesk/emails/{quarantined.pk}/retry/", {}, quarantined.pk, E.QUARANTINE),
    ]


def test_pages_permission_matrix(office_a, office_b):
    email = _triage(office_a)
    check_permission_matrix(office_a, office_b, "get", "/helpdesk/emails/", expect=STAFF_PAGE)
    check_permission_matrix(
        office_a, office_b, "get", f"/helpdesk/emails/{email.pk}/raw/", expect=STAFF_PAGE
    )
    check_permission_matrix(
        office_a, office_b, "get", "/administration/helpdesk/intake/", expect=ADMIN_PAGE
    )


def test_decisions_refused_change_nothing(office_a, office_b):
    email = _triage(office_a)
    quarantined = _quarantined(office_a)
    with in_office(office_a):
        client = ClientFactory()
    for url, data, pk, before in _decisions(email, quarantined, client):
        check_permission_matrix(
            office_a,
            office_b,
            "post",
            url,
            data=data,
            expect=REFUSED,
            unchanged=lambda pk=pk, before=before: (
                InboundEmail.objects.get(pk=pk).status == before and not Request.objects.exists()
            ),
        )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/intake/",
        data={
            "host": "evil.example.com",
            "port": 993,
            "security": "ssl",
            "folder": "INBOX",
            "unknown_senders": "raise",
        },
        expect={**REFUSED, "staff": 403},
        unchanged=lambda: intake.intake_settings_get().host == "",
    )


def test_read_only_staff_cannot_see_or_decide(office_a):
    email = _triage(office_a)
    reader = member(office_a, Role.STAFF)
    with in_office(office_a):
        access_set(actor=None, user_id=reader.pk, level=Access.Level.READ_ONLY)
    web = _web(office_a, reader)

    assert web.get("/helpdesk/emails/").status_code == 403
    assert web.get(f"/helpdesk/emails/{email.pk}/raw/").status_code == 403
    assert web.post(f"/helpdesk/emails/{email.pk}/discard/").status_code == 403
    assert _status(office_a, email.pk) == E.TRIAGE


def test_cross_office_rows_are_not_found(office_a, office_b):
    email = _triage(office_a)
    quarantined = _quarantined(office_a)
    with in_office(office_a):
        client = ClientFactory()
    check_cross_office(office_a, office_b, "get", f"/helpdesk/emails/{email.pk}/raw/")
    for url, data, pk, before in _decisions(email, quarantined, client):
        check_cross_office(
            office_a,
            office_b,
            "post",
            url,
            data=data,
            unchanged=lambda pk=pk, before=before: InboundEmail.objects.get(pk=pk).status == before,
        )


def test_triage_list_and_assign_raises_the_request(office_a, staff_a):
    email = _triage(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
    web = _web(office_a, staff_a)

    page = web.get("/helpdesk/emails/").content.decode()
    # The client is found by typing (clients:pick), not in a list of every client.
    options = web.get("/clients/pick/", {"client_label": "zielony"}).content.decode()
    response = web.post(f"/helpdesk/emails/{email.pk}/assign/", {"client": client.pk})

    assert "nowy@example.com" in page and "Unknown sender." in page
    assert 'name="client_label"' in page and "Zielony Las" not in page
    assert f'data-picker-option="{client.pk}"' in options and "Zielony Las" in options
    with in_office(office_a):
        request = Request.objects.get()
        assert (request.client_id, request.source) == (client.pk, "email")
        assert InboundEmail.objects.get(pk=email.pk).status == E.RAISED
        assert AuditEntry.objects.filter(action="helpdesk.email_assigned").count() == 1
    assert response.status_code == 302
    assert response["Location"] == f"/helpdesk/{request.pk}/"


def test_discard_once(office_a, staff_a):
    email = _triage(office_a)
    web = _web(office_a, staff_a)

    web.post(f"/helpdesk/emails/{email.pk}/discard/")
    again = web.post(f"/helpdesk/emails/{email.pk}/discard/", follow=True)

    assert _status(office_a, email.pk) == E.DISCARDED
    assert "This e-mail was dealt with already (discarded)." in again.content.decode()


def test_quarantine_shows_the_reason_and_the_raw_message_as_text(office_a, staff_a):
    email = _quarantined(office_a)
    web = _web(office_a, staff_a)

    page = web.get("/helpdesk/emails/?status=quarantine").content.decode()
    raw = web.get(f"/helpdesk/emails/{email.pk}/raw/")
    download = web.get(f"/helpdesk/emails/{email.pk}/raw/?download=1")
    retried = web.post(f"/helpdesk/emails/{email.pk}/retry/", follow=True)

    assert "Broken MIME structure (" in page
    assert raw["Content-Type"] == "text/plain; charset=utf-8"
    assert raw["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert raw.content == corpus("broken_mime.eml")
    assert download["Content-Disposition"] == f'attachment; filename="email-{email.pk}.eml"'
    assert b"".join(download.streaming_content) == corpus("broken_mime.eml")
    assert "Still quarantined: Broken MIME structure (" in retried.content.decode()


def test_settings_save_seals_the_password_and_never_shows_it(office_a):
    admin = member(office_a, Role.ADMIN)
    web = _web(office_a, admin)
    data = {
        "enabled": "on",
        "host": "imap.example.com",
        "port": 993,
        "security": "ssl",
        "username": "pomoc@biuro.pl",
        "password": "bardzo-tajne",
        "folder": "INBOX",
        "unknown_senders": "triage",
    }

    saved = web.post("/administration/helpdesk/intake/", data)
    page = web.get("/administration/helpdesk/intake/").content.decode()
    web.post("/administration/helpdesk/intake/", {**data, "password": ""})

    assert saved.status_code == 302
    assert "bardzo-tajne" not in page
    assert "A password is stored." in page
    with in_office(office_a):
        row = IntakeSettings.objects.get()
        assert intake.intake_password(row) == "bardzo-tajne"
        entries = AuditEntry.objects.filter(action="helpdesk.intake_settings_changed")
        assert all("bardzo-tajne" not in str(e.changes) for e in entries)


def test_enabling_without_a_server_shows_the_error(office_a):
    web = _web(office_a, member(office_a, Role.ADMIN))

    response = web.post(
        "/administration/helpdesk/intake/",
        {
            "enabled": "on",
            "port": 993,
            "security": "ssl",
            "folder": "INBOX",
            "unknown_senders": "triage",
        },
    )

    assert response.status_code == 400
    assert "Give the IMAP server and the user name before turning the intake on." in (
        response.content.decode()
    )


def test_health_on_the_dashboard(office_a, staff_a):
    from django.utils import timezone

    from modules.helpdesk.models import IntakeFolder

    web = _web(office_a, staff_a)
    assert "E-mail intake" not in web.get("/").content.decode()
    with in_office(office_a):
        intake.intake_settings_update(
            actor=None, data={"enabled": True, "host": "imap.example.com", "username": "x"}
        )
        IntakeFolder.objects.create(
            folder="INBOX",
            failures=3,
            failing_since=timezone.now(),
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )

    page = web.get("/").content.decode()

    assert "E-mail intake" in page
    assert "Failing" in page
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                "Unknown sender.",
                "Sent automatically (Auto-Submitted: auto-replied).",
                "Broken MIME structure (MultipartInvariantViolationDefect,",
            ],
        ),
        (
            "sk",
            [
                "Neznámy odosielateľ.",
                "Odoslané automaticky (Auto-Submitted: auto-replied).",
                "Poškodená štruktúra MIME (MultipartInvariantViolationDefect,",
            ],
        ),
    ],
)
def test_a_reason_stored_in_polish_reads_in_the_readers_language(
    office_a, staff_a, language, words
):
    """The worker stores in the office's language (Polish here); the list puts the stored
    code into words for whoever reads it, and the API gives the words and the code."""
    from django.utils import translation

    with translation.override("pl"):
        _triage(office_a)
        with in_office(office_a):
            ignored = intake.email_receive(raw=corpus("auto_reply_out_of_office.eml"))
            assert ignored.reason.startswith("Wysłane automatycznie")
            assert InboundEmail.objects.get(reason_code="unknown_sender").reason == (
                "Nieznany nadawca."
            )
            # The parser's refusal: quarantined, its reason a code too.
            broken = intake.email_receive(raw=corpus("broken_mime.eml"))
            assert (broken.status, broken.reason_code) == ("quarantine", "broken_mime")
            assert broken.reason.startswith("Uszkodzona struktura MIME")
    web = OfficeClient(office_a, user=staff_a)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    from accounts.models import User

    User.objects.filter(pk=staff_a.pk).update(language=language)

    page = web.get("/helpdesk/emails/?status=ignored").content.decode()
    triage = web.get("/helpdesk/emails/").content.decode()
    quarantine = web.get("/helpdesk/emails/?status=quarantine").content.decode()
    api = web.get("/api/v1/helpdesk/emails/?status=triage").json()

    assert words[1] in page and words[0] in triage and "Nieznany nadawca." not in triage
    assert words[2] in quarantine and "Uszkodzona" not in quarantine
    row = api["results"][0] if "results" in api else api[0]
    assert (row["reason"], row["reason_code"]) == (words[0], "unknown_sender")


def test_rows_stored_before_the_codes_get_them_from_their_text(office_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("modules.helpdesk.migrations.0012_intake_reason_code")
    with in_office(office_a):
        old = {
            "a": (E.TRIAGE, "Nieznany nadawca."),
            "b": (E.TRIAGE, "Unknown sender."),
            "c": (E.IGNORED, "Auto-Submitted: auto-replied"),
            "d": (E.IGNORED, "X-Autoreply: yes"),
            "e": (E.IGNORED, "mailing list (List-Id / List-Unsubscribe)"),
            "f": (E.QUARANTINE, "Unknown character set “x-foo”."),
        }
        for key, (status, reason) in old.items():
            InboundEmail.objects.create(message_key=key, status=status, reason=reason)

        migration.codes_from_texts(apps, None)

        rows = {e.message_key: e for e in InboundEmail.objects.all()}
    assert {k: (r.reason_code, r.reason_params) for k, r in rows.items()} == {
        "a": ("unknown_sender", {}),
        "b": ("unknown_sender", {}),
        "c": ("auto_submitted", {"value": "auto-replied"}),
        "d": ("autoreply", {"header": "X-Autoreply", "value": "yes"}),
        "e": ("mailing_list", {}),
        "f": ("", {}),
    }
    assert rows["f"].reason_label == "Unknown character set “x-foo”."
