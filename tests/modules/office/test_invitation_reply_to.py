"""Invitation e-mails (the Team page's staff invitations and a client's client-panel
invitations) are sent from the platform's address, which reads no mail: a reply goes to the
office's e-mail (Administration > General), or, when the office has none, to the person who
invited."""

from __future__ import annotations

import pytest

from accounts.models import Invitation, Role
from modules.office.models import OfficeProfile
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db


def _office_email(office, address: str) -> None:
    with in_office(office):
        OfficeProfile.objects.update_or_create(pk=1, defaults={"email": address})


def test_a_staff_invitation_is_answered_to_the_offices_email(
    office_a, admin_a, mailoutbox, django_capture_on_commit_callbacks
):
    _office_email(office_a, "biuro@wirtualne-biuro.pl")
    web = OfficeClient(office_a, user=admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post("/administration/team/", {"email": "nowa@example.com", "role": "staff"})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["nowa@example.com"]
    assert message.reply_to == ["biuro@wirtualne-biuro.pl"]
    assert message.message()["Reply-To"] == "biuro@wirtualne-biuro.pl"
    assert message.extra_headers["X-Vireo-For-Office"] == office_a.schema_name


def test_without_the_offices_email_the_inviting_person_gets_the_reply_also_when_sent_again(
    office_a, admin_a, mailoutbox, django_capture_on_commit_callbacks
):
    _office_email(office_a, "")
    web = OfficeClient(office_a, user=admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/administration/team/", {"email": "nowa@example.com", "role": "staff"})
    (message,) = mailoutbox
    assert message.reply_to == [admin_a.email]

    # Sent again by another administrator, once the office has filled in its e-mail.
    invitation = Invitation.objects.get(office=office_a, email="nowa@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=None)
    _office_email(office_a, "kontakt@wirtualne-biuro.pl")
    other_admin = member(office_a, Role.ADMIN, language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        response = OfficeClient(office_a, user=other_admin).post(
            f"/administration/team/invitations/{invitation.pk}/send-again/"
        )
    assert response.status_code == 302
    assert [m.reply_to for m in mailoutbox] == [[admin_a.email], ["kontakt@wirtualne-biuro.pl"]]


def test_a_client_user_invitation_is_answered_to_the_office(
    office_a, staff_a, mailoutbox, django_capture_on_commit_callbacks
):
    _office_email(office_a, "biuro@wirtualne-biuro.pl")
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las sp. z o.o.")
    with django_capture_on_commit_callbacks(execute=True):
        response = OfficeClient(office_a, user=staff_a).post(
            f"/clients/{client.pk}/users/invite/", {"email": "marek@zielonylas.pl"}
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["marek@zielonylas.pl"]
    assert message.message()["Reply-To"] == "biuro@wirtualne-biuro.pl"

    # The office without an e-mail: the staff member who invited.
    _office_email(office_a, "")
    with django_capture_on_commit_callbacks(execute=True):
        OfficeClient(office_a, user=staff_a).post(
            f"/clients/{client.pk}/users/invite/", {"email": "ola@zielonylas.pl"}
        )
    assert mailoutbox[1].to == ["ola@zielonylas.pl"]
    assert mailoutbox[1].reply_to == [staff_a.email]
