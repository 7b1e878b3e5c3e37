import pytest

from modules.helpdesk.services import request_transition
from modules.notifications.hooks import GREETING, SIGNATURE, event_get
from modules.notifications.models import Delivery
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.notifications.factories import email_recipient

CLIENT_EVENTS = (
    "helpdesk.reply",
    "helpdesk.status",
    "helpdesk.approval_needed",
    "helpdesk.quote_sent",
    "helpdesk.resolved",
)


@pytest.mark.parametrize("language", ["pl", "sk", "en"])
@pytest.mark.parametrize("code", CLIENT_EVENTS)
def test_client_emails_greet_and_sign_off_as_the_other_client_emails(code, language):
    event = event_get(code)
    body = event.defaults[language].body
    assert body.startswith(GREETING[language])
    assert body.endswith(SIGNATURE[language])
    assert [action.variable for action in event.actions][-1] == "request_url"


def test_a_status_email_greets_the_recipient_and_signs_with_the_offices_name(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        email_recipient(
            client_id=client.pk,
            address="jan@firma.sk",
            name="Ján Malý",
            language="sk",
            events=list(CLIENT_EVENTS),
        )
        req = raised(actor=staff_a, client=client)
        request_transition(request=req, action="start", actor=staff_a)
        delivery = Delivery.objects.get(event="helpdesk.status", address="jan@firma.sk")
    assert delivery.body.startswith(f"Spoločnosť: {client.name}\n\nDobrý deň,\n\nPožiadavka ")
    assert delivery.body.endswith(
        f"S pozdravom\n{office_a.name}\n{office_a.url}/portal/?client={client.pk}"
    )
    assert [action["label"] for action in delivery.actions][:1] == ["Otvoriť požiadavku"]
