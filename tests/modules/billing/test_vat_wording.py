import io

from openpyxl import load_workbook

from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import fixture_month


def test_the_vat_rate_column_is_capitalised_like_the_others_in_polish_and_slovak(office_a):
    with in_office(office_a):
        client = fixture_month()
    for language, header, sheet, rate in (
        ("pl", "Stawka VAT", "Pozycje", "23%"),
        ("sk", "Sadzba DPH", None, "23\u00a0%"),
    ):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        page = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
        assert f'<th class="text-end">{header}</th>' in page
        # the settlements' table printed "23%" in every language until 2026-12-06
        assert f'data-label="{header}">{rate}</td>' in page
        book = load_workbook(
            io.BytesIO(web.get("/settlements/export/?month=2026-03").content), read_only=True
        )
        lines = book.worksheets[1]
        assert header in next(lines.iter_rows(values_only=True))
        if sheet:
            assert lines.title == sheet


def test_a_rate_reads_23_percent_in_polish_and_english_and_23_nbsp_percent_in_slovak():
    from django.utils import translation

    from modules.billing.vat import vat_label

    for language, label in (("pl", "23%"), ("en", "23%"), ("sk", "23\u00a0%")):
        with translation.override(language):
            assert vat_label("23") == label


def test_the_catalogue_reads_its_rates_in_the_readers_language(office_a):
    """The catalogue printed the model choice's label, made once at import: "23%" in every
    language until 2026-12-06."""
    from decimal import Decimal

    from modules.billing.services import service_create

    with in_office(office_a):
        for name, rate in (("Skan", "23"), ("Książka", "5"), ("Najem", "zw")):
            service_create(
                actor=None,
                data={
                    "name_pl": name,
                    "unit": "piece",
                    "net_price": Decimal("1"),
                    "vat_rate": rate,
                },
            )
    for language, labels in (
        ("pl", ["23%", "5%", "zw."]),
        ("sk", ["23\u00a0%", "5\u00a0%", "oslobodené"]),
        ("en", ["23%", "5%", "exempt"]),
    ):
        web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language=language))
        page = web.get("/administration/billing/").content.decode()
        for label in labels:
            assert f'">{label}</td>' in page, (language, label)
        if language == "sk":
            assert '">23%</td>' not in page and '">23 %</td>' not in page
