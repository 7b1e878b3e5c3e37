"""Browser: a client writes to the office from a phone-sized screen (390 px): the menu's
unread badge, the conversation, a reply with a file, a new conversation; nothing wider
than the window."""

from __future__ import annotations

import uuid

from django.db import connection
from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.messaging.models import Conversation, Message
from modules.messaging.services import message_send
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.browser.test_navigation import _fits
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.mail.factories import pdf_bytes


def test_client_writes_a_message_from_a_phone(page, session_offices, committed, tmp_path):
    office_a, _office_b = session_offices
    code = f"MS-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office_a):
        from modules.clients.models import Client

        company = Client.objects.create(name=f"Messages {code} s.r.o.", code=code)
        conversation = message_send(
            actor=None,
            client=company,
            subject=f"Your new agreement {code}",
            body="Please sign the attached agreement at your next visit.",
        ).conversation
    connection.set_schema_to_public()
    person = UserFactory(email=unique_email("msg-client"), language="en")
    membership_create(
        user=person,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, office_a, person.email, PASSWORD)

    # The menu (behind the toggler on a phone) shows one unread message.
    page.goto(office_url(office_a, "/portal/"))
    page.locator(".navbar-toggler").click()
    badge = page.locator("[data-nav-count='messaging.client_unread']")
    expect(badge).to_have_text("1")
    page.get_by_test_id("main-nav").get_by_text("Messages").click()
    _fits(page, "panel-messages", 390)
    row = page.locator(f"[data-testid=conversation-row][data-id='{conversation.pk}']")
    expect(row.get_by_test_id("unread")).to_have_text("1")
    row.click()
    expect(page.get_by_test_id("conversation-subject")).to_have_text(f"Your new agreement {code}")
    _fits(page, "panel-message", 390)

    # The answer, with a signed scan.
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(pdf_bytes())
    page.fill("textarea[name=body]", "Thank you, I will come on Monday.")
    page.set_input_files("input[name=attachments]", str(scan))
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("message").last).to_contain_text("I will come on Monday")
    expect(page.get_by_test_id("attachment").last).to_contain_text("signed.pdf")
    expect(page.get_by_test_id("receipt").last).to_contain_text("Not read yet")
    with in_office(office_a):
        row = Conversation.objects.get(pk=conversation.pk)
        assert (row.staff_unread, row.client_unread) == (1, 0)
        answer = Message.objects.filter(conversation=row).latest("pk")
        assert (answer.from_client, answer.author_id) == (True, person.pk)
        assert answer.attachments.get().original_name == "signed.pdf"
    connection.set_schema_to_public()

    # A new conversation from the phone.
    page.goto(office_url(office_a, "/portal/messages/"))
    page.get_by_test_id("new-conversation").click()
    _fits(page, "panel-message-new", 390)
    page.fill("input[name=subject]", f"Parcel pick-up {code}")
    page.fill("textarea[name=body]", "Could my colleague collect the parcel?")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("conversation-subject")).to_have_text(f"Parcel pick-up {code}")
    with in_office(office_a):
        assert Conversation.objects.filter(
            client=company, subject=f"Parcel pick-up {code}", started_by_client=True
        ).exists()
    connection.set_schema_to_public()
