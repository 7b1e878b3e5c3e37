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


def test_a_rate_reads_23_percent_in_polish_and_english_and_23_space_percent_in_slovak():
    from django.utils import translation

    from modules.billing.vat import vat_label

    for language, label in (("pl", "23%"), ("en", "23%"), ("sk", "23 %")):
        with translation.override(language):
            assert vat_label("23") == label
