"""Mail settings (admins): statuses, types and scanner accounts, through the screens."""

from django.contrib.auth.hashers import check_password

from accounts.models import Role
from modules.mail.models import MailStatus, MailType, ScannerAccount
from modules.mail.services import scanner_account_authenticate
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.mail.factories import status

WRITE = {
    "anonymous": 302,
    "client": 403,
    "staff": 403,
    "other_office": 403,
}
NEW_STATUS = {
    "name": "Czeka na dopłatę",
    "colour": "#aa3300",
    "order": 9,
    "routes_to_handover": "on",
    "visible_to_client": "on",
    "default_for": "in",
    "is_active": "on",
}


def _admin(office):
    user = UserFactory(language="en")
    MembershipFactory(office=office, role=Role.ADMIN, user=user)
    return OfficeClient(office, user=user)


def test_only_admins_change_statuses_types_and_scanners(office_a, office_b):
    def nothing_new():
        return (
            not MailStatus.objects.filter(name=NEW_STATUS["name"]).exists()
            and not MailType.objects.filter(name="Paleta").exists()
            and not ScannerAccount.objects.filter(name="recepcja").exists()
        )

    for url, data in (
        ("/administration/mail/statuses/new/", NEW_STATUS),
        ("/administration/mail/types/new/", {"name": "Paleta", "order": 5, "is_active": "on"}),
        ("/administration/mail/scanners/", {"name": "recepcja", "password": "long-enough-1"}),
    ):
        check_permission_matrix(
            office_a, office_b, "post", url, data=data, expect=WRITE, unchanged=nothing_new
        )


def test_a_new_status_becomes_the_incoming_default_and_gets_a_tab(office_a):
    admin = _admin(office_a)

    response = admin.post("/administration/mail/statuses/new/", NEW_STATUS)

    assert response.status_code == 302
    with in_office(office_a):
        created = MailStatus.objects.get(name=NEW_STATUS["name"])
        assert (created.colour, created.routes_to_handover, created.is_final) == (
            "#aa3300",
            True,
            False,
        )
        assert list(MailStatus.objects.filter(default_for="in")) == [created]
    archive = admin.get("/mail/").content.decode()
    assert NEW_STATUS["name"] in archive


def test_a_built_in_status_is_renamed_but_never_switched_off(office_a):
    admin = _admin(office_a)
    with in_office(office_a):
        to_pick_up = status("to_pick_up")
    url = f"/administration/mail/statuses/{to_pick_up.pk}/"
    data = {**NEW_STATUS, "name": "Do odbioru w recepcji", "default_for": "in"}

    refused = admin.post(url, {**data, "is_active": ""})
    renamed = admin.post(url, data)

    assert refused.status_code == 400
    assert "A built-in status cannot be switched off." in refused.content.decode()
    assert 'value="Do odbioru w recepcji"' in refused.content.decode()  # input kept
    assert renamed.status_code == 302
    with in_office(office_a):
        to_pick_up.refresh_from_db()
        assert (to_pick_up.name, to_pick_up.is_active, to_pick_up.code) == (
            "Do odbioru w recepcji",
            True,
            "to_pick_up",
        )


def test_a_type_needs_a_name(office_a):
    admin = _admin(office_a)

    url = "/administration/mail/types/new/"
    refused = admin.post(url, {"name": " ", "order": 1, "is_active": "on"})
    added = admin.post(url, {"name": "Paleta", "order": 5, "is_active": "on"})

    assert refused.status_code == 400
    assert added.status_code == 302
    with in_office(office_a):
        assert MailType.objects.get(name="Paleta").is_active


def test_a_status_of_the_offices_own_needs_a_name_and_an_unchanged_save_records_nothing(
    office_a,
):
    # A new status sent with its name empty made a nameless status (an empty tab on the
    # Mail screen); an edit sent back unchanged wrote an audit row without changes.
    from modules.audit.models import AuditEntry

    admin = _admin(office_a)
    with in_office(office_a):
        before = MailStatus.objects.count()
    refused = admin.post("/administration/mail/statuses/new/", {**NEW_STATUS, "name": " "})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Give the status a name." in page and 'value="#aa3300"' in page  # input kept
    with in_office(office_a):
        assert MailStatus.objects.count() == before
        to_pick_up = status("to_pick_up")
        entries = AuditEntry.objects.count()
    url = f"/administration/mail/statuses/{to_pick_up.pk}/"
    unchanged = {
        "name": "",
        "colour": to_pick_up.colour,
        "order": to_pick_up.order,
        "routes_to_handover": "on" if to_pick_up.routes_to_handover else "",
        "visible_to_client": "on" if to_pick_up.visible_to_client else "",
        "default_for": to_pick_up.default_for,
        "is_active": "on",
    }
    assert admin.post(url, unchanged).status_code == 302  # a built-in one keeps no name
    with in_office(office_a):
        assert AuditEntry.objects.count() == entries


def test_scanner_accounts_are_hashed_checked_and_switched_off(office_a):
    admin = _admin(office_a)

    short = admin.post("/administration/mail/scanners/", {"name": "recepcja", "password": "short"})
    added = admin.post(
        "/administration/mail/scanners/", {"name": "recepcja", "password": "long-enough-1"}
    )

    # Refused: the page again, the name as typed and the words at the password.
    assert short.status_code == 400 and added.status_code == 302
    refused = short.content.decode()
    refused = refused[refused.index('data-testid="scanner-create"') :]
    assert 'value="recepcja"' in refused and "is-invalid" in refused
    taken = admin.post(
        "/administration/mail/scanners/", {"name": "recepcja", "password": "long-enough-2"}
    )
    assert taken.status_code == 400 and 'value="recepcja"' in taken.content.decode()
    with in_office(office_a):
        account = ScannerAccount.objects.get(name="recepcja")
        assert account.password != "long-enough-1"
        assert check_password("long-enough-1", account.password)
        assert scanner_account_authenticate(name="recepcja", password="long-enough-1") == account
    too_long = admin.post(
        f"/administration/mail/scanners/{account.pk}/",
        {"active_form": "1", "is_active": "on", "password": "x" * 129},
        follow=True,
    )
    assert "at most 128 characters" in too_long.content.decode()
    with in_office(office_a):
        assert scanner_account_authenticate(name="recepcja", password="long-enough-1") == account
    response = admin.post(
        f"/administration/mail/scanners/{account.pk}/", {"active_form": "1", "password": ""}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert scanner_account_authenticate(name="recepcja", password="long-enough-1") is None


def test_a_status_name_of_invisible_characters_only_is_refused_at_the_field(office_a):
    from common.text import INVISIBLE_ONLY

    admin = _admin(office_a)
    with in_office(office_a):
        before = MailStatus.objects.count()
    for name in ("\u202e", "\u200b\u200b", "\u202e\u200b \u2060"):
        refused = admin.post("/administration/mail/statuses/new/", {**NEW_STATUS, "name": name})
        assert refused.status_code == 400
        page = refused.content.decode()
        error = page[page.index('id="id_name_error"') :][:300]
        assert str(INVISIBLE_ONLY) in error
        assert 'value="#aa3300"' in page  # what was typed is kept
    with in_office(office_a):
        assert MailStatus.objects.count() == before
        to_pick_up = status("to_pick_up")
    renamed = admin.post(
        f"/administration/mail/statuses/{to_pick_up.pk}/",
        {"name": "\u200b", "colour": "#123456", "order": 1, "is_active": "on"},
    )
    assert renamed.status_code == 400
    assert str(INVISIBLE_ONLY) in renamed.content.decode()
    with in_office(office_a):
        assert MailStatus.objects.get(pk=to_pick_up.pk).name == ""


def test_the_status_service_refuses_a_name_that_shows_nothing(office_a):
    import pytest
    from django.core.exceptions import ValidationError

    from modules.mail.services import status_save

    with in_office(office_a):
        with pytest.raises(ValidationError) as refused:
            status_save(actor=None, data={"name": "\u202e\u200b", "colour": "#123456"})
        assert list(refused.value.message_dict) == ["name"]
        with pytest.raises(ValidationError):
            from modules.mail.services import type_save

            type_save(actor=None, data={"name": "\u2060"})
        assert not MailStatus.objects.filter(name__contains="\u200b").exists()
