import io

from openpyxl import load_workbook

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import fixture_month


def test_the_vat_rate_column_is_capitalised_like_the_others_in_polish_and_slovak(office_a):
    with in_office(office_a):
        client = fixture_month()
    for language, header, sheet in (("pl", "Stawka VAT", "Pozycje"), ("sk", "Sadzba DPH", None)):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
        assert f'<th class="text-end">{header}</th>' in page
        assert f'data-label="{header}">23%</td>' in page
        book = load_workbook(
            io.BytesIO(web.get("/settlements/export/?month=2026-03").content), read_only=True
        )
        lines = book.worksheets[1]
        assert header in next(lines.iter_rows(values_only=True))
        if sheet:
            assert lines.title == sheet
