"""What an invitation says: the company of a client panel invitation (e-mail and page),
who invited, one full stop after a name that ends in a dot; a contact already invited is
not offered again and cannot be invited twice. Also the other pages where the office's
name ends a sentence (common.formats.one_full_stop, the `full_stop` filter)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import Invitation, Role
from accounts.services import invitation_create
from common.exceptions import ApplicationError
from modules.clients.services.clients import contact_person_save
from modules.clients.services.users import client_user_invite
from tenants.models import Office
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory

OFFICE = "Biuro Wirtualne Żółć Sp. z o.o."

pytestmark = pytest.mark.django_db


@pytest.fixture
def dotted_office(office_a):
    # office_a is the session's object: its name is put back after the test.
    name = office_a.name
    Office.objects.filter(pk=office_a.pk).update(name=OFFICE)
    office_a.name = OFFICE
    yield office_a
    office_a.name = name


@pytest.fixture
def anna(office_a):
    user = member(office_a, Role.STAFF)
    user.full_name = "Anna Nowak"
    user.save(update_fields=["full_name"])
    return user


def _first_line(message) -> str:
    return message.body.split("\n", 1)[0]


def test_a_client_invitation_names_the_company_and_who_invited(
    dotted_office, anna, django_capture_on_commit_callbacks
):
    with in_office(dotted_office):
        company = ClientFactory(name="Zielony Las sp. z o.o.")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            office=dotted_office,
            email="marek@zielonylas.pl",
            role=Role.CLIENT,
            client_id=company.pk,
            client_name=company.name,
            invited_by=anna,
        )
    [message] = mail.outbox
    expected = (
        "Zapraszamy do Vireo jako użytkownika panelu klienta firmy Zielony Las sp. z o.o. "
        "Biuro: Biuro Wirtualne Żółć Sp. z o.o. Zaprasza: Anna Nowak."
    )
    assert _first_line(message) == expected
    html = message.alternatives[0][0]
    assert f"<p>{expected}</p>" in html
    page = OfficeClient(dotted_office).get(f"/accounts/invitation/{invitation.token}/")
    assert re.findall(r'data-testid="invitation-for">([^<]*)<', page.content.decode()) == [
        "Zaproszenie dla marek@zielonylas.pl do panelu klienta firmy Zielony Las sp. z o.o. "
        "Zaprasza: Anna Nowak."
    ]


def test_a_staff_invitation_says_who_invited(
    dotted_office, anna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            office=dotted_office, email="nowa@example.com", role=Role.STAFF, invited_by=anna
        )
    [message] = mail.outbox
    assert _first_line(message) == (
        "Zapraszamy do Vireo. Biuro: Biuro Wirtualne Żółć Sp. z o.o., rola: Pracownik. "
        "Zaprasza: Anna Nowak."
    )


def test_a_contact_with_a_pending_invitation_is_not_offered_and_cannot_be_invited_twice(
    office_a, staff_a
):
    with in_office(office_a):
        company = ClientFactory(name="Zielony Las")
        contact_person_save(
            client=company,
            actor=staff_a,
            data={"last_name": "Zieliński", "emails": "marek@zielonylas.pl, biuro@zielonylas.pl"},
        )
        client_user_invite(client=company, email="marek@zielonylas.pl", actor=staff_a)
    tab = OfficeClient(office_a, user=staff_a).get(f"/clients/{company.pk}/users/")
    offered = re.findall(
        r'<input type="hidden" name="email" value="([^"]+)">', tab.content.decode()
    )
    assert offered == ["biuro@zielonylas.pl"]
    with in_office(office_a):
        with pytest.raises(ApplicationError) as refused:
            client_user_invite(client=company, email="Marek@zielonylas.pl ", actor=staff_a)
        assert Invitation.objects.filter(client_id=company.pk).count() == 1
    assert refused.value.message == (
        "marek@zielonylas.pl already has an invitation to this company waiting. Send it again "
        "from the pending invitations."
    )


def test_the_client_panel_and_the_no_access_page_end_the_office_name_with_one_stop(
    dotted_office, client_user_a
):
    web = OfficeClient(dotted_office, user=client_user_a)
    home = web.get("/portal/").content.decode()
    assert f"Twój panel klienta – {OFFICE}<" in home
    english = OfficeClient(
        dotted_office,
        user=member(dotted_office, Role.CLIENT, language="en", client_id=1, client_name="One"),
    )
    refused = english.get("/administration/team/")
    assert refused.status_code == 403
    assert f"Your account has no access to this page of {OFFICE}<" in refused.content.decode()
