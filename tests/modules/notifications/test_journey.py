"""A new office's first registered letter reaches the client's contact by e-mail and SMS."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import User
from modules.notifications.models import Delivery
from modules.notifications.services import delivery_send
from tenants.models import Office
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.signup.test_signup import (  # noqa: F401  (the signup module's autouse fixture)
    _fresh_rate_limits_and_mail_on_commit,
    _signed_up_and_verified,
)

pytestmark = pytest.mark.django_db


def _checked(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)"[^>]*checked', html)


def _sent_all(office) -> list[str]:
    with in_office(office):
        queued = Delivery.objects.filter(status="queued").order_by("pk")
        pks = list(queued.values_list("pk", flat=True))
        return [delivery_send(delivery_id=pk) for pk in pks]


def _email_defaults() -> list[str]:
    """The client events a new e-mail recipient gets: every module's, not only mail's."""
    from modules.notifications.hooks import CLIENT, EMAIL, event_list

    return sorted(
        e.code for e in event_list() if e.audience == CLIENT and EMAIL in e.default_channels
    )


def test_a_new_offices_first_letter_reaches_the_ticked_contact_by_email_and_sms(
    session_offices, smtp_server, vonage_server
):
    _signed_up_and_verified()
    office = Office.objects.get(slug="biuro-centrum")
    web = OfficeClient(office, user=User.objects.get(email="anna@example.com"))
    response = web.post(
        "/clients/new/",
        {"name": "Zielony Las sp. z o.o.", "country": "PL", "status": "active", "language": "pl"},
    )
    assert response.status_code == 302
    with in_office(office):
        from modules.clients.models import Client
        from modules.mail.models import MailType

        client = Client.objects.get()
        letter = MailType.objects.get(code="letter")
    card = web.get(f"/clients/{client.pk}/").content.decode()
    assert 'data-testid="client-not-notified"' in card
    new_contact = web.get(f"/clients/{client.pk}/contacts/new/").content.decode()
    assert _checked(new_contact, "email_events") == _email_defaults()
    assert _checked(new_contact, "sms_events") == ["mail.new"]
    response = web.post(
        f"/clients/{client.pk}/contacts/new/",
        {
            "first_name": "Marek",
            "last_name": "Zieliński",
            "emails": "marek@zielony.pl",
            "phones": "601 234 567",
            "receives_notifications": "on",
            "email_events": ["mail.new", "mail.scan_added"],
            "sms_events": ["mail.new"],
        },
    )
    assert response.status_code == 302
    card = web.get(f"/clients/{client.pk}/contacts/").content.decode()
    assert 'data-testid="client-not-notified"' not in card
    assert "+48601234567" in card
    page = web.get("/mail/register/").content.decode()
    assert _checked(page, "notify_choice") == ["email"]  # the office's default
    response = web.post(
        "/mail/register/",
        {
            "direction": "in",
            "client": client.pk,
            "client_query": client.code,
            "sender": "ZUS",
            "mail_type": letter.pk,
            "received_at": "2026-03-02T09:30",
            "pieces": 1,
            "notify_choice": "email_sms",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]  # no warning
    assert _sent_all(office) == ["sent", "sent"]
    (message,) = smtp_server.messages
    assert message["To"] == "marek@zielony.pl"
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    # The company named first, then the greeting (no name in the nominative in Polish).
    assert text.startswith(f"Firma: {client.name}\n\nDzień dobry,\n\n")
    (sms,) = vonage_server.messages
    assert sms["to"] == "48601234567"


def test_registration_warns_when_the_client_will_not_be_notified(office_a, staff_a):
    web = OfficeClient(office_a, user=staff_a)
    with in_office(office_a):
        from modules.mail.models import MailType

        client = ClientFactory(name="Cicha Firma")
        letter = MailType.objects.get(code="letter")
    response = web.post(
        "/mail/register/",
        {
            "direction": "in",
            "client": client.pk,
            "client_query": client.code,
            "sender": "ZUS",
            "mail_type": letter.pk,
            "received_at": "2026-03-02T09:30",
            "pieces": 1,
            "notify_choice": "email_sms",
        },
        follow=True,
    )
    # In the language the page was answered in (the person's, else the office's).
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = _(
            "%(client)s will not be notified: nobody receives its notifications. Tick "
            '"receives notifications" for a contact person on the client\'s card.'
        ) % {"client": "Cicha Firma"}
    assert escape(expected) in response.content.decode()
