"""Browser: every tab of a client's card (the registry's), a mail item, an invoice, the
hand-over register and one hand-over, the hand-over panel of a company with mail waiting and
a client's notification page, at 390, 1024 and 1280 px, for a company with long names, many
notifications and an invoice of several lines: nothing wider than the window, nothing that
needs sideways scrolling, no choice or date cut by its box (tests/browser/conftest.py
OVERFLOW). The menu entries are test_staff_pages.py's.

With SCREENSHOT_DIR set, each page is saved there as detail-<name>-<width>.png."""

from __future__ import annotations

from django.db import connection

from accounts.models import Membership, Role
from accounts.services import membership_create
from tests.browser.conftest import unique_email
from tests.browser.test_staff_pages import (
    LONG,
    _demo_like_data,
    _overflowing_pages,
    screens_office,
)
from tests.factories import UserFactory
from tests.helpers.offices import in_office


def _company_pages(owner) -> list[str]:
    from modules.clients.hooks import client_tabs
    from modules.clients.models import Client, ContactPerson
    from modules.clients.services.clients import contact_person_save
    from modules.handover.models import HandOver
    from modules.handover.services import handover_record
    from modules.invoices.models import Invoice
    from modules.mail.models import MailItem
    from modules.notifications.hooks import event_list

    _demo_like_data(owner)
    company = Client.objects.get(name=LONG)
    if not ContactPerson.objects.filter(client=company).exists():
        every = [e.code for e in event_list(audience="client")]
        contact_person_save(
            client=company,
            actor=None,
            data={
                "first_name": "Małgorzata",
                "last_name": "Brzęczyszczykiewicz-Wielkopolska",
                "role": "Główna księgowa i pełnomocniczka zarządu",
                "emails": ["malgorzata.brzeczyszczykiewicz@przedsiebiorstwo-wielkopolska.pl"],
                "phones": ["+48 600 100 200"],
                "receives_notifications": True,
            },
            notify_events={"email": every, "sms": every},
        )
    handover = HandOver.objects.filter(clients=company).first() or handover_record(
        actor=owner,
        item_ids=[MailItem.objects.filter(client=company).order_by("pk").last().pk],
        method="confirmed",
        person_name="Małgorzata Brzęczyszczykiewicz-Wielkopolska",
    )  # one of the company's three items; the panel below keeps the other two
    membership = Membership.objects.get(user=owner)
    tabs = [f"/clients/{company.pk}/{tab.key}/" for tab in client_tabs(membership=membership)]
    invoice = Invoice.objects.filter(client=company).exclude(number="").first()
    item = MailItem.objects.filter(client=company).order_by("pk").first()
    return [
        *tabs,
        f"/mail/{item.pk}/",  # the edit form: its date and time beside the scans' column
        f"/invoices/{invoice.pk}/",
        "/mail/hand-overs/",
        f"/mail/hand-overs/{handover.pk}/",
        f"/mail/hand-over/panel/?clients={company.pk}",  # the receptionist's, with mail ticked
        f"/notifications/clients/{company.pk}/",
    ]


def test_client_card_tabs_and_detail_pages_fit_390_and_1280(page, committed, django_db_blocker):
    with django_db_blocker.unblock():
        office = screens_office()
        owner = UserFactory(email=unique_email("details"), language="pl")
        membership_create(user=owner, office=office, role=Role.OWNER)
        with in_office(office):
            urls = _company_pages(owner)
        connection.set_schema_to_public()
    assert len(urls) >= 15, urls  # every module's tab is on the card

    failures = _overflowing_pages(page, office, owner, urls, prefix="detail")
    assert failures == [], "\n".join(map(str, failures))
