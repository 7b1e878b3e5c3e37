"""Why a client may not ask for a scan: the service, the client panel and the e-mail link
give the same answer for each reason (policies.scan_request_refusal)."""

import html
import re

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.mail.services import mail_update
from modules.scanrequests.links import scan_request_link_url
from modules.scanrequests.models import ScanRequest
from modules.scanrequests.services import client_access_set, scan_request_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import status
from tests.modules.notifications.factories import email_recipient
from tests.modules.scanrequests.factories import allow, requested, waiting_item

SHOWN = re.compile(r'data-testid="(?:refusal|link-error|already-requested)">([^<]*)</div>')


def _case(reason: str):
    client = ClientFactory()
    recipient = email_recipient(client_id=client.pk, address=f"{client.code}@example.com")
    if reason == "outgoing":
        item = waiting_item(client=client, direction="out", sender="", recipient="Sąd")
    elif reason == "scan":
        item = waiting_item(client=client, scans=["a.pdf"])
    else:
        item = waiting_item(client=client)
    if reason == "picked_up":
        item = mail_update(item=item, actor=None, data={"status": status("picked_up")})
    if reason == "not_allowed":
        client_access_set(client=client, allowed=False, actor=None)
    if reason == "already":
        requested(item=item)
    return client, recipient, item


@pytest.mark.parametrize(
    "reason, code, message",
    [
        ("already", "already_requested", "A scan of this item was already requested on "),
        ("not_allowed", "not_allowed", "Your office does not take scan requests for your company."),
        ("outgoing", "not_requestable", "Scans can be requested for incoming mail only."),
        ("scan", "not_requestable", "This item already has a scan."),
        (
            "picked_up",
            "not_requestable",
            "This item is no longer waiting at the office, so it cannot be scanned.",
        ),
        ("none", None, None),
    ],
)
def test_service_panel_and_link_give_the_same_refusal(office_a, reason, code, message):
    with in_office(office_a):
        allow()
        client, recipient, item = _case(reason)
        link = scan_request_link_url(office=office_a, item_id=item.pk, recipient_id=recipient.pk)
    user = member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name)
    user.language = "en"
    user.save(update_fields=["language"])
    panel = OfficeClient(office_a, user=user).get(f"/portal/mail/{item.pk}/request-scan/")
    visitor = OfficeClient(office_a)
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    by_link = visitor.get(link.removeprefix(office_a.url))
    shown = [
        [html.unescape(m) for m in SHOWN.findall(page.content.decode())]
        for page in (panel, by_link)
    ]
    with in_office(office_a), translation.override("en"):
        before = ScanRequest.objects.count()
        try:
            scan_request_create(item=item, source=ScanRequest.Source.PORTAL, user=user)
        except ApplicationError as exc:
            refused = (exc.code, exc.message)
        else:
            refused = (None, None)
        created = ScanRequest.objects.count() - before

    if message is None:
        assert shown == [[], []]
        assert 'data-testid="confirm"' in panel.content.decode()
        assert 'data-testid="confirm"' in by_link.content.decode()
        assert (refused, created) == ((None, None), 1)
    else:
        assert refused[0] == code
        assert refused[1].startswith(message)
        assert shown == [[refused[1]], [refused[1]]]
        assert created == 0
