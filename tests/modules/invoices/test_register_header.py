"""The month-end audit of the register: its tabs read one invoice's status words ("Szkic",
"Opłacona", "Skorygowana" beside "Niezapłacone"), and "Create invoices from a closed
month" started with an empty month."""

import datetime as dt
import re

import pytest

from accounts.models import Role
from modules.invoices import services
from tests.helpers.offices import OfficeClient, in_office, member

TABS = {
    "pl": ["Wszystkie", "Szkice", "Niezapłacone", "Po terminie", "Opłacone", "Skorygowane"],
    "sk": ["Všetky", "Koncepty", "Neuhradené", "Po splatnosti", "Uhradené", "Opravené"],
    "en": ["All", "Drafts", "Unpaid", "Overdue", "Paid", "Corrected"],
}


@pytest.mark.parametrize("language", ["pl", "sk", "en"])
def test_the_register_s_tabs_name_lists_of_invoices(office_a, language):
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
    page = web.get("/invoices/").content.decode()
    tabs = re.findall(r'<a class="nav-link[^"]*" href="\?status=[a-z]*">([^<]+)</a>', page)
    assert tabs == TABS[language]


def test_the_month_to_invoice_starts_on_the_last_month(office_a):
    with in_office(office_a):
        today = services.office_today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get("/invoices/").content.decode()
    field = re.search(r'<input id="fm-month"[^>]*>', page).group(0)
    assert f'value="{last:%Y-%m}"' in field
