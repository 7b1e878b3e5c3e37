"""A staff reply's files reach the client's e-mail: attached while they fit the office's
largest attachment, listed with download links past it. Read back from the SMTP catcher."""

from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.helpdesk.models import Request
from modules.notifications.models import Delivery
from modules.notifications.services import delivery_send
from modules.notifications.services import settings_update as notifications_settings_update
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.mail.factories import image_bytes, pdf_bytes
from tests.modules.notifications.conftest import smtp_server  # noqa: F401  (the catcher)
from tests.modules.notifications.factories import email_recipient


def _reply_with_files(office, staff, files) -> int:
    with in_office(office):
        client = ClientFactory(name="Kowalski Consulting")
        email_recipient(
            client_id=client.pk,
            address="jan@kowalski.pl",
            language="en",
            events=["helpdesk.reply"],
        )
        req = raised(actor=staff, client=client, subject="Lease annex")
    response = OfficeClient(office, user=staff).post(
        f"/helpdesk/{req.pk}/reply/",
        {"body": "The signed annex and the photo of the plate.", "attachments": files},
    )
    assert response.status_code == 302
    with in_office(office):
        (delivery,) = Delivery.objects.filter(event="helpdesk.reply", channel="email")
        assert delivery_send(delivery_id=delivery.pk) == "sent"
    return req.pk


def test_a_replys_files_are_attached_to_the_clients_email(
    office_a,
    staff_a,
    smtp_server,  # noqa: F811
):
    annex, plate = pdf_bytes(), image_bytes("PNG")
    _reply_with_files(
        office_a,
        staff_a,
        [
            SimpleUploadedFile("aneks.pdf", annex, content_type="application/pdf"),
            SimpleUploadedFile("tabliczka.png", plate, content_type="image/png"),
        ],
    )
    (message,) = smtp_server.messages
    assert message["To"] == "jan@kowalski.pl"
    files = [
        (part.get_filename(), part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
        if part.get_filename() != "logo"
    ]
    assert files == [
        ("aneks.pdf", "application/pdf", annex),
        ("tabliczka.png", "image/png", plate),
    ]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "The signed annex and the photo of the plate." in text
    assert "too large to attach" not in text


def test_files_over_the_offices_limit_are_listed_with_links(
    office_a,
    staff_a,
    smtp_server,  # noqa: F811
):
    with in_office(office_a):
        notifications_settings_update(actor=None, attachment_max_bytes=1000)
    annex = pdf_bytes(padding=2000)
    request_id = _reply_with_files(
        office_a,
        staff_a,
        [SimpleUploadedFile("aneks.pdf", annex, content_type="application/pdf")],
    )
    (message,) = smtp_server.messages
    assert [p.get_filename() for p in message.iter_attachments()] in ([], ["logo"])
    text = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert "The files are too large to attach; download them here:\n- aneks.pdf: http" in text
    link = text.split("- aneks.pdf: ", 1)[1].split()[0]
    assert f"/portal/helpdesk/{request_id}/" in text
    # The link serves the file itself to a user of the company.
    with in_office(office_a):
        client = Request.objects.get(pk=request_id).client
    reader = OfficeClient(office_a, user=client_user(office_a, client))
    download = reader.get(urlsplit(link).path)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == annex
