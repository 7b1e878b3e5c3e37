import base64
import re

from django.db import connection

from common.storage import office_delete, office_save
from modules.notifications.models import Delivery, NotificationRecipient
from modules.notifications.services import delivery_send, notify, unsubscribe_url
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.notifications.factories import email_recipient

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
MAIL = {"client_name": "Zielony Las", "mail_sender": "ZUS", "mail_type": "list"}


def _sent(**context):
    notification = notify(event="mail.new", client_id=1, context={**MAIL, **context})
    delivery = Delivery.objects.get(notification=notification, channel="email")
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    return delivery


def test_email_has_buttons_headers_and_a_plain_text_alternative(in_office_a, office_a, smtp_server):
    recipient = email_recipient(language="en")
    scan_url = f"{office_a.url}/scan/abc/"
    delivery = _sent(scan_request_url=scan_url)
    (message,) = smtp_server.messages
    # The panel's link names the company (client 1): accounts.switcher offers the switch.
    portal = f"{office_a.url}/portal/?client=1"
    assert delivery.actions == [
        {"label": "Request scan", "url": scan_url},
        {"label": "Open in the client panel", "url": portal},
    ]
    assert message["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(rf"<[^@]+@{re.escape(office_a.host)}>", message["Message-ID"].strip())
    link = unsubscribe_url(office=office_a, recipient_id=recipient.pk, event="mail.new")
    assert message["List-Unsubscribe"].strip() == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.get_body(preferencelist=("html",)).get_content()
    buttons = re.findall(r'<a href="([^"]+)" class="button"[^>]*>([^<]+)</a>', html)
    assert buttons == [(scan_url, "Request scan"), (portal, "Open in the client panel")]
    assert f'href="{link}"' in html and office_a.name in html
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert scan_url in text and portal in text
    assert text.startswith("Company: Zielony Las\n\nHello")
    assert message.get_content_type() == "multipart/alternative"  # no logo, no attachment


def test_the_office_logo_travels_inline_beside_the_html(in_office_a, office_a, smtp_server):
    email_recipient(language="pl")
    name = office_save("office/logo-test.png", PNG)
    office_a.logo = name
    try:
        _sent()
    finally:
        office_a.logo = ""
        office_delete(name)
    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/related"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'src="cid:office-logo@vireo"' in html
    (image,) = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert (image["Content-ID"], image.get_content()) == ("<office-logo@vireo>", PNG)


def test_the_unsubscribe_link_switches_one_event_off_for_one_address(office_a, office_b):
    with in_office(office_a):
        recipient = email_recipient(events=["mail.new", "mail.scan_added"])
        link = unsubscribe_url(office=office_a, recipient_id=recipient.pk, event="mail.new")
    path = link.removeprefix(office_a.url)
    web = OfficeClient(office_a, enforce_csrf_checks=True)
    page = web.get(path)
    assert page.status_code == 200 and 'data-testid="confirm-unsubscribe"' in page.content.decode()
    # The link is office A's: office B answers 404 and changes nothing.
    assert OfficeClient(office_b).post(path).status_code == 404
    with in_office(office_a):
        assert NotificationRecipient.objects.get(pk=recipient.pk).events == [
            "mail.new",
            "mail.scan_added",
        ]
    # A mail provider's one-click POST (RFC 8058) carries no CSRF token.
    response = web.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and 'data-testid="unsubscribed"' in response.content.decode()
    with in_office(office_a):
        assert NotificationRecipient.objects.get(pk=recipient.pk).events == ["mail.scan_added"]
    assert web.get(path[:-5] + "xxxx/").status_code == 404
    connection.set_schema_to_public()


def test_the_html_part_shows_buttons_and_short_links_the_plain_part_the_addresses(
    in_office_a, office_a, smtp_server
):
    # The audit: every link printed as a raw address AND as a button; a ~150-character
    # signed link overflowed the card.
    email_recipient(language="en")
    scan_url = f"{office_a.url}/scan/{'s1gn3d' * 25}/"
    _sent(scan_request_url=scan_url)
    (message,) = smtp_server.messages
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    portal = f"{office_a.url}/portal/?client=1"
    visible = re.sub(r"<[^>]+>", "", html)  # what the reader sees of the HTML
    assert scan_url not in visible and portal not in visible
    assert "Request a scan</a>" in html  # "Request a scan: <address>": its words, linked
    buttons = re.findall(r'<a href="([^"]+)" class="button"[^>]*>([^<]+)</a>', html)
    assert buttons == [(scan_url, "Request scan"), (portal, "Open in the client panel")]
    assert f"Request a scan: {scan_url}" in text and text.count(portal) == 1
    assert "overflow-wrap:anywhere" in html


def test_html_body_drops_button_addresses_links_labels_and_wraps_other_links():
    from modules.notifications.channels.email import html_body

    text = (
        "Approve or reject: https://a.example/ok/\n\nhttps://a.example/req/\n\n"
        "- scan.pdf: https://a.example/f/1/\nSee https://a.example/x/ <now>"
    )
    html = html_body(text, [{"label": "Open", "url": "https://a.example/req/"}])
    style = "word-break:break-all;overflow-wrap:anywhere"
    assert html == (
        f'<p><a href="https://a.example/ok/" style="{style}">Approve or reject</a></p>\n\n'
        f'<p>- <a href="https://a.example/f/1/" style="{style}">scan.pdf</a><br>'
        f'See <a style="{style}" href="https://a.example/x/" rel="nofollow">'
        "https://a.example/x/</a> &lt;now&gt;</p>"
    )
