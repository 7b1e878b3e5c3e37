"""Pending invitations: "Send again" and "Cancel" on the Team page (staff invitations,
administrators) and on a client's Users tab (client panel invitations, staff), with the
state of each invitation's e-mail from the platform's outbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Role
from accounts.services import invitation_cancel, invitation_create, invitation_resend
from common.exceptions import ApplicationError
from common.models import PlatformEmail
from modules.audit.models import AuditEntry
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.platform.subscriptions.factories import subscription_for

REFUSED = {"anonymous": 302, "client": 403, "other_office": 403}


@pytest.fixture
def invited(office_a, admin_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            office=office_a, email="nowa@example.com", role=Role.STAFF, invited_by=admin_a
        )
    mail.outbox.clear()
    return invitation


def _age(invitation, **delta) -> None:
    """As if the invitation and its e-mail were sent `delta` ago."""
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(**delta),
        expires_at=timezone.now() - timedelta(**delta) + timedelta(days=7),
    )


def test_send_again_revives_an_expired_invitation_with_the_same_link(
    office_a, admin_a, invited, django_capture_on_commit_callbacks
):
    _age(invited, days=8)
    web = OfficeClient(office_a, user=admin_a)
    page = web.get("/administration/team/").content.decode()
    assert "wygasło" in page  # "expired", in the office's language
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(f"/administration/team/invitations/{invited.pk}/send-again/")
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.is_usable
    assert invited.expires_at > timezone.now() + timedelta(days=6)
    [message] = mail.outbox
    assert message.to == ["nowa@example.com"]
    assert f"/accounts/invitation/{invited.token}/" in message.body
    assert invited.outbox_email.status == PlatformEmail.Status.SENT
    page = web.get("/administration/team/").content.decode()
    assert "Zaproszenie wysłano ponownie do nowa@example.com." in page
    assert 'data-delivery="sent"' in page
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="invitation.resent").count() == 1

    # A second click within the minute sends nothing and says why.
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post(
            f"/administration/team/invitations/{invited.pk}/send-again/", follow=True
        )
    assert len(mail.outbox) == 1
    assert "przed chwilą" in response.content.decode()


def test_cancel_ends_the_link_and_frees_the_seat(office_a, admin_a, invited):
    web = OfficeClient(office_a, user=admin_a)
    response = web.post(f"/administration/team/invitations/{invited.pk}/cancel/", follow=True)
    assert "Anulowano zaproszenie dla nowa@example.com." in response.content.decode()
    assert not Invitation.objects.filter(pk=invited.pk).exists()
    link = OfficeClient(office_a).get(f"/accounts/invitation/{invited.token}/")
    assert link.status_code == 404 or "nieważne" in link.content.decode()
    with in_office(office_a):
        entry = AuditEntry.objects.get(action="invitation.cancelled")
    assert entry.changes == {"email": "nowa@example.com", "role": "staff"}
    # Only the two actions exist.
    assert web.post(f"/administration/team/invitations/{invited.pk}/delete/").status_code == 404
    # A second click (a stale page) finds nothing to cancel.
    again = web.post(f"/administration/team/invitations/{invited.pk}/cancel/")
    assert again.status_code == 404


def test_seats_of_the_plan_follow_cancel_and_send_again(office_a, admin_a, invited):
    subscription_for(office_a, plan="start")  # 2 staff users: admin_a and the invitation
    web = OfficeClient(office_a, user=admin_a)
    invite = {"email": "trzecia@example.com", "role": "staff"}
    assert web.post("/administration/team/", invite).status_code == 400  # no seat left
    web.post(f"/administration/team/invitations/{invited.pk}/cancel/")
    assert web.post("/administration/team/", invite).status_code == 302  # the freed seat
    third = Invitation.objects.get(email="trzecia@example.com")
    # Expired, it gives its seat back; sent again, it needs one, and none is free now.
    _age(third, days=8)
    member(office_a, Role.STAFF)
    response = web.post(f"/administration/team/invitations/{third.pk}/send-again/", follow=True)
    assert "Start" in response.content.decode()  # the plan's limit, named
    third.refresh_from_db()
    assert not third.is_usable


def test_an_accepted_invitation_is_neither_sent_again_nor_cancelled(office_a, invited):
    Invitation.objects.filter(pk=invited.pk).update(accepted_at=timezone.now())
    for action in (invitation_resend, invitation_cancel):
        with pytest.raises(ApplicationError, match="already accepted"):
            action(invitation=invited, actor=None)
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    url = f"/administration/team/invitations/{invited.pk}/cancel/"
    assert web.post(url).status_code == 404  # not pending: not in the list's scope
    assert Invitation.objects.filter(pk=invited.pk).exists()


def test_the_list_says_where_each_e_mail_is(office_a, admin_a, invited):
    web = OfficeClient(office_a, user=admin_a)
    email = invited.outbox_email
    for status, attempts, delivery, words in (
        ("queued", 0, "sending", "e-mail w trakcie wysyłki"),
        ("queued", 3, "retrying", "e-mail jeszcze niedoręczony, ponawiamy próbę"),
        ("failed", 24, "failed", "nie udało się wysłać e-maila"),
    ):
        PlatformEmail.objects.filter(pk=email.pk).update(status=status, attempts=attempts)
        page = web.get("/administration/team/").content.decode()
        assert f'data-delivery="{delivery}"' in page, delivery
        assert words in page, delivery


def test_team_invitation_matrix_and_other_office(office_a, office_b, invited):
    def untouched() -> bool:
        row = Invitation.objects.filter(pk=invited.pk).first()
        return row is not None and row.outbox_email_id == invited.outbox_email_id

    _age(invited, minutes=5)
    url = f"/administration/team/invitations/{invited.pk}/send-again/"
    check_cross_office(office_a, office_b, "post", url, unchanged=untouched)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        expect={**REFUSED, "staff": 403, "admin": 302},
        unchanged=untouched,
    )

    def kept() -> bool:
        return Invitation.objects.filter(pk=invited.pk).exists()

    url = f"/administration/team/invitations/{invited.pk}/cancel/"
    check_cross_office(office_a, office_b, "post", url, unchanged=kept)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        expect={**REFUSED, "staff": 403, "owner": 302},
        unchanged=kept,
    )
    assert not Invitation.objects.filter(pk=invited.pk).exists()


def test_client_invitation_matrix_scope_and_tab(
    office_a, office_b, admin_a, staff_a, invited, django_capture_on_commit_callbacks
):
    with in_office(office_a):
        company = ClientFactory(name="Zielony Las sp. z o.o.")
        other = ClientFactory(name="Inna firma")
    with django_capture_on_commit_callbacks(execute=True):
        panel = invitation_create(
            office=office_a,
            email="marek@zielonylas.pl",
            role=Role.CLIENT,
            client_id=company.pk,
            client_name=company.name,
            invited_by=staff_a,
        )
    _age(panel, minutes=5)
    mail.outbox.clear()
    web = OfficeClient(office_a, user=staff_a)
    tab = web.get(f"/clients/{company.pk}/users/").content.decode()
    assert "marek@zielonylas.pl" in tab and 'data-testid="invitation-resend"' in tab
    assert "marek@zielonylas.pl" not in web.get(f"/clients/{other.pk}/users/").content.decode()

    # Each list's URLs reach only its own kind: a team invitation is not a client's.
    assert web.post(f"/clients/users/invitations/{invited.pk}/cancel/").status_code == 404
    admin = OfficeClient(office_a, user=admin_a)
    assert admin.post(f"/administration/team/invitations/{panel.pk}/cancel/").status_code == 404

    def kept() -> bool:
        return Invitation.objects.filter(pk=panel.pk).exists()

    url = f"/clients/users/invitations/{panel.pk}/send-again/"
    check_cross_office(office_a, office_b, "post", url, unchanged=kept)
    with django_capture_on_commit_callbacks(execute=True):
        check_permission_matrix(
            office_a, office_b, "post", url, expect={**REFUSED, "staff": 302}, unchanged=kept
        )
    assert [m.to for m in mail.outbox] == [["marek@zielonylas.pl"]]
    url = f"/clients/users/invitations/{panel.pk}/cancel/"
    check_permission_matrix(
        office_a, office_b, "post", url, expect={**REFUSED, "admin": 302}, unchanged=kept
    )
    assert not kept()
    with in_office(office_a):
        # About the company: one entry each, in the office's log and the company's History.
        entries = AuditEntry.objects.filter(
            action__in=["invitation.resent", "invitation.cancelled"]
        )
        assert sorted(entries.values_list("action", flat=True)) == [
            "invitation.cancelled",
            "invitation.resent",
        ]
        assert {e.target_id for e in entries} == {str(company.pk)}
    history = web.get(f"/clients/{company.pk}/history/").content.decode()
    assert "Anulowano zaproszenie" in history and "Ponownie wysłano zaproszenie" in history
    # Its changes read as the invitation's fields, not the company's ("Role", not "client").
    assert "Użytkownik klienta" in history and ">client<" not in history


def test_one_address_gets_five_invitation_emails_a_day_from_an_office(
    office_a, office_b, admin_a, invited, django_capture_on_commit_callbacks
):
    # Sending again every minute, or cancelling and inviting again, stops at five e-mails
    # (the invitation's own counted) in 24 hours; another address and another office do not.
    web = OfficeClient(office_a, user=admin_a)
    for _ in range(4):
        _age(invited, minutes=2)
        with django_capture_on_commit_callbacks(execute=True):
            web.post(f"/administration/team/invitations/{invited.pk}/send-again/")
    assert len(mail.outbox) == 4
    _age(invited, minutes=2)
    response = web.post(f"/administration/team/invitations/{invited.pk}/send-again/", follow=True)
    assert "w ciągu ostatnich 24 godzin" in response.content.decode()
    web.post(f"/administration/team/invitations/{invited.pk}/cancel/")
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post("/administration/team/", {"email": "NOWA@example.com", "role": "staff"})
    assert response.status_code == 400 and "24 godzin" in response.content.decode()
    assert not Invitation.objects.filter(email="nowa@example.com").exists()
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            office=office_a, email="inna@example.com", role=Role.STAFF, invited_by=admin_a
        )
        invitation_create(
            office=office_b, email="nowa@example.com", role=Role.STAFF, invited_by=admin_a
        )
    assert len(mail.outbox) == 6


def test_an_existing_user_is_invited_in_their_own_language_a_newcomer_in_the_offices(
    office_a, admin_a, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    UserFactory(email="owner@bratislava.example.com", language="sk")  # reads Slovak
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("Owner@Bratislava.example.com", "nowy@example.com"):
            invitation_create(office=office_a, email=email, role=Role.STAFF, invited_by=admin_a)
    slovak, polish = mail.outbox  # office_a writes Polish
    assert slovak.to == ["owner@bratislava.example.com"]
    assert slovak.subject == f"Pozvánka: {office_a.name} (Vireo)"
    assert "Zaproszenie" not in slovak.body
    assert polish.subject == f"Zaproszenie: {office_a.name} (Vireo)"


def test_a_client_user_is_invited_to_the_client_panel_with_the_office_named_not_declined(
    office_a, staff_a, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    UserFactory(email="lubomir@ceresna.example.com", language="sk")
    with in_office(office_a):
        company = ClientFactory(name="Čerešňa s.r.o.")
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("lubomir@ceresna.example.com", "marek@zielonylas.pl"):
            invitation_create(
                office=office_a,
                email=email,
                role=Role.CLIENT,
                client_id=company.pk,
                client_name=company.name,
                invited_by=staff_a,
            )
    slovak, polish = mail.outbox
    assert (
        "Pozývame vás do Vireo ako používateľa klientskeho panela firmy Čerešňa s.r.o. "
        f"Kancelária: {office_a.name}." in slovak.body
    )
    assert "v role" not in slovak.body
    assert (
        f"jako użytkownika panelu klienta firmy Čerešňa s.r.o. Biuro: {office_a.name}."
        in polish.body
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("pl", "Hasło jest zbyt podobne do Twojego adresu e-mail lub imienia i nazwiska."),
        ("sk", "Heslo je príliš podobné vašej e-mailovej adrese alebo menu."),
    ],
)
def test_a_password_like_the_e_mail_is_refused_in_words_that_read(
    office_a, invited, language, said
):
    """Django's message read "Hasło jest zbyt podobne do e-mail." (the field's name in the
    nominative)."""
    from django.conf import settings

    web = OfficeClient(office_a)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the page's language menu
    page = web.post(
        f"/accounts/invitation/{invited.token}/",
        {"full_name": "Nowa Osoba", "password": "nowa@example.com"},
    )
    html = page.content.decode()
    assert said in html
    assert "podobne do e-mail." not in html and "podobné na e-mail" not in html
    assert not Invitation.objects.filter(pk=invited.pk, accepted_at__isnull=False).exists()


def test_a_contact_person_invited_to_the_panel_finds_their_name_filled_in(office_a, staff_a):
    """The office invited "Jan Kowalski" from his own contact row and the acceptance page
    still asked "Imię i nazwisko" with an empty field; now it is filled in (and may be
    changed). An address of nobody on the card leaves it empty."""
    from modules.clients.services.users import client_user_invite
    from tests.modules.clients.factories import ContactFactory

    with in_office(office_a):
        company = ClientFactory(name="Zielona Łąka")
        ContactFactory(
            client=company,
            first_name="Jan",
            last_name="Kowalski",
            emails=["Jan.Kowalski@zielonalaka.example.com"],
        )
        known = client_user_invite(
            client=company, email="jan.kowalski@zielonalaka.example.com", actor=staff_a
        )
        stranger = client_user_invite(client=company, email="ktos@example.com", actor=staff_a)
    page = OfficeClient(office_a).get(f"/accounts/invitation/{known.token}/").content.decode()
    assert re.search(r'name="full_name" value="Jan Kowalski"', page)
    page = OfficeClient(office_a).get(f"/accounts/invitation/{stranger.token}/").content.decode()
    assert 'name="full_name" value=' not in page
    web = OfficeClient(office_a)
    accepted = web.post(
        f"/accounts/invitation/{known.token}/",
        {"full_name": "Jan Kowalski-Nowak", "password": "Poranna-kawa-4711"},
    )
    assert accepted.status_code == 302
    known.refresh_from_db()
    assert known.accepted_by.get_full_name() == "Jan Kowalski-Nowak"
