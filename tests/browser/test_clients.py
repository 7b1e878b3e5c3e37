"""Browser: staff find a client by typing; a client user switches company (P4).

The session's live server and Chromium (tests/browser/conftest.py); the data is committed
(and removed again afterwards) for the server thread.
"""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Membership, Role, User
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.helpers.offices import in_office


@pytest.fixture
def committed(session_offices, django_db_blocker):
    """Two companies and their people in office A, committed for the server thread."""
    from modules.clients.models import Client
    from modules.clients.services.search import client_search_refresh
    from tests.modules.clients.factories import AddressFactory, ClientFactory, ContactFactory

    office = session_offices[0]
    with django_db_blocker.unblock():
        with in_office(office):
            Client.objects.filter(code__startswith="BR-").delete()  # an interrupted run
            first = ClientFactory(name="Zielony Łąka sp. z o.o.", code="BR-ZL1")
            AddressFactory(client=first, street="ul. Świętokrzyska 12", city="Łódź")
            ContactFactory(client=first, first_name="Małgorzata", last_name="Wiśniewska")
            second = ClientFactory(name="Kowalski Consulting", code="BR-KC2")
            client_search_refresh(client_ids=[first.pk, second.pk])
        connection.set_schema_to_public()
        User.objects.filter(email__startswith="browser-clients-").delete()
        staff = UserFactory(email="browser-clients-staff@example.com", language="en")
        MembershipFactory(user=staff, office=office, role=Role.STAFF)
        person = UserFactory(email="browser-clients-person@example.com", language="en")
        for company in (first, second):
            MembershipFactory(
                user=person,
                office=office,
                role=Role.CLIENT,
                client_id=company.pk,
                client_name=company.name,
            )
        yield {"office": office, "staff": staff, "person": person, "first": first, "second": second}
        connection.set_schema_to_public()
        Membership.objects.filter(user__in=[staff, person]).delete()
        User.objects.filter(pk__in=[staff.pk, person.pk]).delete()
        with in_office(office):
            Client.objects.filter(pk__in=[first.pk, second.pk]).delete()
        connection.set_schema_to_public()


def _sign_in(page, office, user):
    page.goto(f"{office.url}/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_url(f"{office.url}/**")


def test_staff_find_a_client_while_typing(live_server_url, page, committed):
    office = committed["office"]
    _sign_in(page, office, committed["staff"])
    page.goto(f"{office.url}/clients/")
    page.locator("[data-testid=client-search]").press_sequentially("wisniewska", delay=40)
    hit = page.locator("[data-testid=search-hit]")
    hit.first.wait_for()
    assert hit.count() == 1
    assert "Zielony Łąka sp. z o.o." in hit.first.inner_text()
    page.locator("[data-testid=client-search]").fill("")
    page.locator("[data-testid=client-search]").press_sequentially("Kowalsky", delay=40)
    page.locator("[data-testid=search-fuzzy]").wait_for()
    assert "Kowalski Consulting" in page.locator("[data-testid=search-hit]").first.inner_text()
    page.locator("[data-testid=search-hit] a").first.click()
    page.wait_for_url(f"{office.url}/clients/{committed['second'].pk}/")
    page.locator("[data-tab=history]").click()
    page.locator("[data-testid=tab-history]").wait_for()


def test_client_user_switches_company(live_server_url, page, committed):
    office, first, second = committed["office"], committed["first"], committed["second"]
    _sign_in(page, office, committed["person"])
    page.goto(f"{office.url}/portal/")
    # The first profile by name is Kowalski Consulting.
    assert "BR-KC2" in page.locator("[data-testid=company-profile]").inner_text()
    page.locator("[data-testid=switcher] .dropdown-toggle").click()
    page.locator(f"[data-switch=client-{first.pk}]").click()
    page.wait_for_load_state()
    page.goto(f"{office.url}/portal/")
    assert page.locator("[data-testid=company-name]").inner_text() == first.name
    assert "BR-ZL1" in page.locator("[data-testid=company-profile]").inner_text()
    assert first.name in page.locator("[data-testid=switcher-current]").inner_text()
    page.locator("[data-testid=switcher] .dropdown-toggle").click()
    page.locator(f"[data-switch=client-{second.pk}]").click()
    page.wait_for_load_state()
    page.goto(f"{office.url}/portal/")
    assert page.locator("[data-testid=company-name]").inner_text() == second.name


def test_the_numbers_asked_for_follow_the_country_chosen(live_server_url, page, committed):
    office = committed["office"]
    _sign_in(page, office, committed["staff"])
    page.goto(f"{office.url}/clients/new/")
    nip, ico, vat = (page.locator(f"input[name={n}]") for n in ("nip", "ico", "vat_number"))
    assert (nip.is_visible(), ico.is_visible(), vat.is_visible()) == (True, False, False)
    nip.fill("5260250274")
    page.select_option("select[name=country]", "SK")
    assert (nip.is_visible(), ico.is_visible(), vat.is_visible()) == (False, True, False)
    page.select_option("select[name=country]", "XX")
    assert (nip.is_visible(), ico.is_visible(), vat.is_visible()) == (False, False, True)
    page.select_option("select[name=country]", "PL")
    assert nip.input_value() == "5260250274"  # hidden, not lost
