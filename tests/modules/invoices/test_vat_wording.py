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
    # a no-break space (common.formats.percent_text): an ordinary one until 2026-12-06
    assert page.count('data-label="Sadzba DPH">23\u00a0%</td>') == 2  # line and rate's sum
    assert 'data-label="Sadzba DPH">23%</td>' not in page


def test_a_slovak_invoice_pdf_reads_back_its_rates_with_a_space_before_the_percent_sign(
    sk_office,
):
    """The Slovak PDF (lines and the summary by rate) writes "23 %", "19 %", "5 %", "0 %"
    with a no-break space, as the Slovak office's documents do; an English one "23%"."""
    from common.pdf import pdf_text
    from modules.invoices.pdf import invoice_pdf_render
    from tests.modules.invoices.factories import SK_LINES, issued, sk_buyer

    slovak = issued(sk_buyer(language="sk"), SK_LINES)
    text = pdf_text(invoice_pdf_render(invoice=slovak)).replace("\r", "")
    summary = text.split("Podľa sadzieb DPH")[1].split("Spolu")[0]
    rows = [row for row in summary.split("\n") if row.strip()]
    assert [row.split("\u00a0%")[0] + "\u00a0%" for row in rows[1:]] == [
        "23\u00a0%",
        "19\u00a0%",
        "5\u00a0%",
        "0\u00a0%",
    ]
    table = text.split("Podľa sadzieb DPH")[0]
    assert table.count("23\u00a0%") == 2 and "19\u00a0%" in table and "23%" not in text
    english = issued(sk_buyer(language="en"), SK_LINES)
    text = pdf_text(invoice_pdf_render(invoice=english))
    assert "23%" in text and "23\u00a0%" not in text and "23 %" not in text
