import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role, User
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory


def _staff(office, language):
    staff = member(office, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language=language)
    return OfficeClient(office, user=staff)


@pytest.mark.parametrize(
    ("language", "path", "name", "first_header"),
    [
        ("pl", "/mail/export/", "poczta", "Numer"),
        ("sk", "/mail/export/", "posta", "Číslo"),
        ("en", "/mail/export/", "mail", "Number"),
        ("pl", "/clients/export.xlsx", "klienci", "Kod klienta"),
        ("sk", "/clients/export.xlsx", "klienti", "Kód klienta"),
        ("en", "/clients/export.xlsx", "clients", "Client code"),
    ],
)
def test_exports_are_named_in_the_readers_language_and_open_readable(
    office_a, language, path, name, first_header
):
    with in_office(office_a):
        ClientFactory(name="Alfa Beta Gamma sp. z o.o.")
    response = _staff(office_a, language).get(path)

    assert response.status_code == 200
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == first_header
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert all(width >= 8 for width in widths), widths
    assert max(widths) >= 28  # the client's name has room
