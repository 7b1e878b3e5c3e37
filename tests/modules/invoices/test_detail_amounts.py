from accounts.models import Role
from common.money import money
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import SK_LINES, SK_SELLER, issued, office_details, sk_buyer


def _lines_table(page: str) -> str:
    return page[
        page.index('data-testid="lines"') : page.index(
            "</table>", page.index('data-testid="lines"')
        )
    ]


def test_the_invoice_page_shows_line_amounts_in_the_offices_currency(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        invoice = issued(sk_buyer(), SK_LINES)
        first = invoice.lines.order_by("position").first()
    staff = OfficeClient(office_b, user=member(office_b, Role.STAFF))
    table = _lines_table(staff.get(f"/invoices/{invoice.pk}/").content.decode())
    for amount in (first.unit_price, first.net, first.vat, first.gross):
        assert f">{money(amount, 'EUR', language='sk')}</td>" in table
    assert f">{money(invoice.gross, 'EUR', language='sk')}</td>" in table
    assert ">49.00</td>" not in table and ">49,00</td>" not in table  # no bare numbers


def test_the_client_panel_invoice_page_shows_amounts_in_the_offices_currency(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        client = sk_buyer()
        invoice = issued(client, SK_LINES)
        first = invoice.lines.order_by("position").first()
    user = member(office_b, Role.CLIENT, client_id=client.pk, client_name=client.name)
    page = OfficeClient(office_b, user=user).get(f"/portal/invoices/{invoice.pk}/").content.decode()
    assert f">{money(first.net, 'EUR', language='sk')}</td>" in page
    assert f">{money(invoice.gross, 'EUR', language='sk')}</td>" in page


def test_the_client_panel_s_invoice_shows_the_vat_of_each_line_and_the_total(office_a):
    """The audit: the panel's invoice page listed net, rate and gross, and its total row net
    and gross: the VAT the client pays was on the PDF only."""
    from tests.modules.invoices.factories import buyer

    with in_office(office_a):
        office_details()
        client = buyer()
        invoice = issued(client)
        vats = [line.vat for line in invoice.lines.all()]
    user = member(
        office_a, Role.CLIENT, client_id=client.pk, client_name=client.name, language="pl"
    )
    page = OfficeClient(office_a, user=user).get(f"/portal/invoices/{invoice.pk}/").content.decode()
    head = page.split("<thead>")[1].split("</thead>")[0]
    assert ">VAT</th>" in head
    total = page.split('data-testid="total-vat">')[1].split("<")[0]
    assert total == money(invoice.vat, invoice.currency, language="pl")
    assert len(vats) >= 2
