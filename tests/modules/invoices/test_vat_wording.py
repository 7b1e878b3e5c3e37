from django.utils import translation

from accounts.models import Role
from modules.invoices.pdf import _labels
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, line, office_details


def test_the_invoice_page_shows_rates_with_percent_and_codes_as_words(office_a):
    with in_office(office_a):
        office_details()
        made = draft(
            buyer(),
            lines=[
                line("Pakiet", "1", "mies.", "199.00", "23"),
                line("Szkolenie", "1", "szt.", "100.00", "zw"),
            ],
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/invoices/{made.pk}/").content.decode()
    assert "<th>Stawka VAT</th>" in page
    assert page.count('data-label="Stawka VAT">23%</td>') == 2  # the line and its rate's sum
    assert page.count('data-label="Stawka VAT">zw.</td>') == 2
    assert 'data-label="Stawka VAT">23</td>' not in page


def test_the_pdf_heads_the_rate_column_capitalised():
    assert _labels("pl", False)["rate"] == "Stawka VAT"
    assert _labels("sk", False)["rate"] == "Sadzba DPH"
    assert _labels("pl", True)["rate"] == "Stawka VAT / VAT rate"
    with translation.override("pl"):
        assert _labels("en", False)["rate"] == "VAT rate"


def test_a_slovak_reader_sees_the_rate_with_a_space_before_the_percent_sign(office_a):
    with in_office(office_a):
        office_details()
        made = draft(buyer(), lines=[line("Balík", "1", "mes.", "199.00", "23")])
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="sk"))
    page = web.get(f"/invoices/{made.pk}/").content.decode()
    assert page.count('data-label="Sadzba DPH">23 %</td>') == 2  # the line and its rate's sum
    assert 'data-label="Sadzba DPH">23%</td>' not in page
