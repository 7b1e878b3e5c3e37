"""The settlements' export reads the VAT rates as the screens do ("23%", "zw."), not the
stored codes ("23", "zw")."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from accounts.models import Role
from modules.billing.services import usage_record
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import fixture_month


def test_the_lines_sheet_names_rates_as_the_screens_do(office_a):
    with in_office(office_a):
        client = fixture_month()
        usage_record(
            client=client,
            date=dt.date(2026, 3, 9),
            quantity=Decimal("1"),
            description="Szkolenie",
            unit_price=Decimal("100.00"),
            vat_rate="zw",
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    book = load_workbook(
        io.BytesIO(web.get("/settlements/export/?month=2026-03").content), read_only=True
    )

    rows = list(book.worksheets[1].iter_rows(values_only=True))
    rate = rows[0].index("Stawka VAT")
    rates = {row[rate] for row in rows[1:]}
    assert rates == {"23%", "zw."}
