"""A new office's first week (audit): the package page of a client with no package, and the
quarters a client's settlements page offers."""

import datetime as dt
import re

from accounts.models import Role
from modules.billing import selectors
from tenants.selectors import office_today
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory


def test_a_client_without_a_package_is_offered_one_to_assign_from_today(office_a):
    with in_office(office_a):
        client = ClientFactory()
        package = biznes()
        today = office_today()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/settlements/clients/{client.pk}/package/").content.decode()
    # Headed "Assign a package" (it was "Zmień pakiet" with nothing to change).
    assert "Przypisz pakiet" in page and "Zmień pakiet" not in page
    # *From* is today (it was empty): a first package bills from the day it is given.
    assert re.search(rf'<input type="date" name="starts_on" value="{today:%Y-%m-%d}"', page)
    # The empty choice says what to do (it was "---------").
    assert '<option value="" selected>Wybierz pakiet</option>' in page
    assert "---------" not in page
    # The price is the net fee (VAT at the package's rate is added on the settlement).
    assert re.search(r'<label[^>]*for="id_price"[^>]*>\s*Cena netto\s*</label>', page)
    detail = web.get(f"/settlements/clients/{client.pk}/").content.decode()
    assert "Przypisz pakiet</a>" in detail and "Zmień pakiet" not in detail
    with in_office(office_a):
        on_package(package, client=client, starts_on=today)
    page = web.get(f"/settlements/clients/{client.pk}/package/").content.decode()
    assert "Zmień pakiet" in page and "Przypisz pakiet" not in page
    detail = web.get(f"/settlements/clients/{client.pk}/").content.decode()
    assert "Zmień pakiet</a>" in detail
    sk = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="sk"))
    page = sk.get(f"/settlements/clients/{client.pk}/package/").content.decode()
    assert "Vyberte balík</option>" in page
    assert re.search(r'<label[^>]*for="id_price"[^>]*>\s*Cena bez DPH\s*</label>', page)
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="en"))
    page = admin.get(f"/administration/billing/packages/{package.pk}/").content.decode()
    assert re.search(r'<label[^>]*for="id_price"[^>]*>\s*Net price[^<]*<', page)


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarters_back_to(day: dt.date, today: dt.date) -> list[str]:
    codes, year, number = [], today.year, (today.month - 1) // 3 + 1
    while (year, number) >= (day.year, (day.month - 1) // 3 + 1):
        codes.append(f"{year}-Q{number}")
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return codes


def _offered(page: str) -> list[str]:
    chooser = page[page.index('id="f-quarter"') : page.index("</select>", page.index("f-quarter"))]
    return re.findall(r'<option value="(\d{4}-Q\d)"', chooser)


def test_a_clients_settlements_offer_quarters_from_its_first_package_on(office_a):
    with in_office(office_a):
        today = office_today()
        new, old, none = ClientFactory(), ClientFactory(), ClientFactory()
        on_package(biznes(), client=new, starts_on=today)
        since = dt.date(today.year - 1, 11, 15)
        on_package(biznes(name="Start"), client=old, starts_on=since)
        assert selectors.client_billing_start(client_id=old.pk) == since
        assert selectors.client_billing_start(client_id=none.pk) is None
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    # Contract and package from today: this quarter only (it offered eight, back to 2025).
    page = web.get(f"/settlements/clients/{new.pk}/").content.decode()
    assert _offered(page) == [_quarter(today)]
    assert _offered(web.get(f"/settlements/clients/{none.pk}/").content.decode()) == [
        _quarter(today)
    ]
    offered = _offered(web.get(f"/settlements/clients/{old.pk}/").content.decode())
    assert offered == _quarters_back_to(since, today)
    assert offered[-1] == f"{today.year - 1}-Q4"
    # The office's list (every client) still offers the last eight quarters.
    assert len(_offered(web.get("/settlements/").content.decode())) == 8
