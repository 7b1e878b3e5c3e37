"""Browser: every staff menu entry and every Administration section the registries return,
at 390, 1024 (the sidebar open beside a main column narrower than a phone breakpoint)
and 1280 px, with demo-like data (long company names, long subjects): nothing wider
than the window, nothing that needs sideways scrolling (the client panel's check,
tests/browser/conftest.py OVERFLOW).

With SCREENSHOT_DIR set, each page is saved there as staff-<name>-<width>.png."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.services import membership_create
from common.administration import admin_nav, admin_sections
from common.navigation import STAFF_AREA, nav_items
from tests.browser.conftest import OVERFLOW, office_url, overflowing, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office

WIDTHS = (390, 1024, 1280)
LONG = (
    "Przedsiębiorstwo Produkcyjno-Handlowo-Usługowe „Wielkopolska Spółdzielnia "
    "Ogrodnicza” Kowalski i Wspólnicy sp. z o.o. sp.k."
)


def screens_office():
    """An office of its own (its committed rows would disturb office A's and B's counts).
    Call with the database unblocked; the connection is left in the public schema."""
    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    return Office.objects.filter(slug="office-screens").first() or office_provision(
        name="Biuro Ekranów", slug="office-screens", country="PL"
    )


def _demo_like_data(owner) -> None:
    """One of every kind of row a staff list shows, named as long as real ones get."""
    from modules.billing.services import settings_update
    from modules.helpdesk.services import request_create
    from modules.messaging.services import message_send
    from modules.scanrequests.models import ScanRequest
    from tests.modules.billing.factories import biznes, on_package
    from tests.modules.clients.factories import AddressFactory, ClientFactory
    from tests.modules.handover.factories import waiting
    from tests.modules.invoices.factories import draft, issued, office_details
    from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make

    if ScanRequest.objects.exists():
        return  # the rows are committed: a second run of the test reuses them
    company = ClientFactory(name=LONG, nip="1234563218")
    AddressFactory(
        client=company, street="ul. Księcia Józefa Poniatowskiego 128/130 lok. 17", city="Kraków"
    )
    for n in range(12):
        ClientFactory(name=f"{LONG[:60]} {n}")
    items = waiting(company, count=3, additional_info=LONG)
    ScanRequest.objects.create(item=items[0], source="portal")
    office_details()
    issued(client=company)
    draft(client=company)
    on_package(biznes(name="Biznes Premium z obsługą sekretariatu"), client=company)
    settings_update(actor=None, data={"summaries_for_clients": True})
    message_send(actor=None, client=company, subject=LONG, body=LONG * 3, from_client=True)
    request_create(actor=owner, subject=LONG, client=company, description=LONG)
    open_every_day()
    room = room_make(name="Sala konferencyjna „Wisła” z widokiem na Wawel")
    day = next_weekday(weeks=1)
    book(room, day, 9, 11, client=company, title=LONG)
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert start < timezone.now() + dt.timedelta(days=1)


def sla_policy():
    from modules.helpdesk.models import SlaPolicy
    from modules.helpdesk.sla import sla_policy_create

    return SlaPolicy.objects.filter(name=LONG[:120]).first() or sla_policy_create(
        actor=None,
        data={"name": LONG[:120], "first_response_minutes": 90, "resolution_minutes": 960},
    )


@pytest.fixture
def screens(committed, django_db_blocker):
    """The screens office with its demo-like rows and an owner (who sees every entry and
    every Administration section): (office, owner, membership)."""
    with django_db_blocker.unblock():
        office = screens_office()
        owner = UserFactory(email=unique_email("screens"), language="en")
        membership_create(user=owner, office=office, role=Role.OWNER)
        with in_office(office):
            _demo_like_data(owner)
        connection.set_schema_to_public()
        membership = Membership.objects.get(user=owner, office=office)
    return office, owner, membership


def _overflowing_pages(
    page, office, owner, urls: list[str], *, prefix: str = "staff"
) -> list[tuple]:
    """Signs `owner` in and visits each URL at every width: the pages that overflow."""
    folder = os.environ.get("SCREENSHOT_DIR")
    sign_in(page, office, owner.email, PASSWORD)
    failures = []
    for url in urls:
        name = url.strip("/").replace("/", "-") or "home"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            response = page.goto(office_url(office, url))
            assert response.status == 200, (url, response.status)
            page.wait_for_load_state("networkidle")
            if folder:
                page.screenshot(path=f"{folder}/{prefix}-{name}-{width}.png", full_page=True)
            result = page.evaluate(OVERFLOW)
            if overflowing(result):
                failures.append((url, width, result))
    return failures


@pytest.mark.parametrize("language", ["en", "sk"])  # Slovak's words are the longest
def test_every_staff_menu_entry_fits_390_1024_and_1280(page, screens, language, django_db_blocker):
    office, owner, membership = screens
    with django_db_blocker.unblock():
        User.objects.filter(pk=owner.pk).update(language=language)
    entries = nav_items(area=STAFF_AREA, membership=membership, current_path="/")
    urls = [e["url"] for e in entries]
    assert {"/dashboard/", "/mail/", "/clients/", "/invoices/", "/settlements/"} <= set(urls)
    failures = _overflowing_pages(page, office, owner, urls)
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("language", ["en", "sk"])  # Slovak's words are the longest
def test_every_administration_section_fits_390_1024_and_1280(
    page, screens, language, django_db_blocker
):
    office, owner, membership = screens
    with django_db_blocker.unblock():
        User.objects.filter(pk=owner.pk).update(language=language)
    with in_office(office):
        sections = admin_nav(membership=membership, current_path="/")
        # a page below a section, with a form of its own (Helpdesk SLA > a policy)
        policy = sla_policy()
    connection.set_schema_to_public()
    urls = [e["url"] for e in sections]
    assert len(urls) == len(admin_sections(membership=membership))  # every one has a URL
    assert {
        "/administration/general/",
        "/administration/helpdesk/sla/",
        "/administration/invoices/",
    } <= set(urls), urls
    urls.append(f"/administration/helpdesk/sla/policies/{policy.pk}/")
    failures = _overflowing_pages(page, office, owner, urls)
    assert failures == [], "\n".join(map(str, failures))
