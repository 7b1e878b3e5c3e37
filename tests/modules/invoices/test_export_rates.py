"""The register's export reads the VAT rates as the screens do ("23%", "zw.", "np."), not
the stored codes ("23", "zw", "np")."""

import io

from openpyxl import load_workbook

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, issued, line, office_details, sk_buyer


def test_the_rates_sheet_names_rates_as_the_screens_do(office_a):
    with in_office(office_a):
        office_details()
        issued(
            buyer(),
            [
                line("Pakiet", "1", "mies.", "199.00", "23"),
                line("Szkolenie", "1", "szt.", "100.00", "zw"),
            ],
        )
        issued(sk_buyer())  # reverse charge: "np" lines
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    book = load_workbook(io.BytesIO(web.get("/invoices/export/").content), read_only=True)

    rates = [row[0] for row in list(book.worksheets[1].iter_rows(values_only=True))[1:]]
    assert rates == ["23%", "zw.", "np."]
