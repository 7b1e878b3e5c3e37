"""The office events' e-mails go to the office's notification address, else to the office's
e-mail from Administration > General (channels.email.office_address), the same rule as the
clients' e-mails' Reply-To. Before 2026-12-07 a new office that filled in only General's
e-mail got none of them: a client's new helpdesk request reached it as an in-app alert
only, though "New helpdesk request: e-mail" was ticked."""

import pytest

from accounts.models import Role
from common import singletons
from modules.notifications.models import Delivery
from modules.notifications.services import notify, settings_update
from modules.office.models import OfficeProfile
from tests.helpers.offices import member

CONTEXT = {
    "client_name": "Zielona Łąka",
    "request_number": "HD-2026-00001",
    "request_subject": "Zmiana adresu",
    "request_url": "/helpdesk/1/",
    "requested_by": "Jan Kowalski",
}


def _profile_email(address: str) -> None:
    singletons.settings_update(
        OfficeProfile,
        actor=None,
        data={"email": address},
        fields=["email"],
        action="office.profile_changed",
    )


@pytest.mark.parametrize(
    ("notification_address", "profile_address", "emailed"),
    [
        ("powiadomienia@office-a.pl", "biuro@office-a.pl", ["powiadomienia@office-a.pl"]),
        ("", "biuro@office-a.pl", ["biuro@office-a.pl"]),
        ("", "", []),
    ],
)
def test_office_event_is_emailed_to_the_notification_address_else_the_office_email(
    in_office_a, office_a, notification_address, profile_address, emailed
):
    member(office_a, Role.STAFF)
    settings_update(actor=None, office_email=notification_address)
    _profile_email(profile_address)
    notification = notify(event="helpdesk.created", client_id=1, context=CONTEXT)
    deliveries = Delivery.objects.filter(notification=notification).order_by("pk")
    assert [d.address for d in deliveries if d.channel == "email"] == emailed
    assert [d.address for d in deliveries if d.channel == "inapp"] == ["1 staff"]


def test_a_staff_alert_does_not_repeat_its_link_as_text(in_office_a, office_a):
    """The alert's title links to the request; its text ended with the bare address
    ("http://office-a.localhost/helpdesk/1/"), shown as text in the list and the bell."""
    from modules.notifications.models import StaffAlert

    member(office_a, Role.STAFF)
    url = "http://office-a.localhost:8000/helpdesk/1/"
    notify(event="helpdesk.created", client_id=1, context={**CONTEXT, "request_url": url})
    (alert,) = StaffAlert.objects.all()
    assert alert.link == url
    assert url not in alert.body
    assert alert.body == (
        "Zielona Łąka: nowe zgłoszenie HD-2026-00001 Zmiana adresu.\nZgłosił(a): Jan Kowalski"
    )
