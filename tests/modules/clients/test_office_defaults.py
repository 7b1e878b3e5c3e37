"""A new client starts with its office's country and language; the numbers shown follow
the chosen country (PL: NIP, REGON, KRS; SK: IČO, DIČ, IČ DPH; others: VAT number)."""

import re

import pytest

from accounts.models import Role
from modules.clients.models import Client, client_legal_name
from modules.clients.services.clients import client_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.clients.test_imports import _run, _xlsx


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="(\w*)"[^>]*selected', select).group(1)


def _hidden(html: str) -> set[str]:
    """The number fields whose box the page hides."""
    boxes = re.findall(r'<div class="([^"]*)" data-client-country="\w+">(.*?)</div>', html, re.S)
    hidden = set()
    for classes, inner in boxes:
        name = re.search(r'name="(\w+)"', inner).group(1)
        if "d-none" in classes.split():
            hidden.add(name)
    return hidden


@pytest.fixture
def web_b(office_b):
    return OfficeClient(office_b, user=member(office_b, Role.STAFF))


def test_new_client_in_a_slovak_office_is_slovak_with_slovak_numbers(web_b):
    html = web_b.get("/clients/new/").content.decode()
    assert (_selected(html, "country"), _selected(html, "language")) == ("SK", "sk")
    assert _hidden(html) == {"nip", "regon", "krs", "vat_number"}
    assert 'data-client-country="SK"' in html
    assert "clients/client_form.js" in html


def test_new_client_in_a_polish_office_is_polish_with_polish_numbers(client_a):
    html = client_a.get("/clients/new/").content.decode()
    assert (_selected(html, "country"), _selected(html, "language")) == ("PL", "pl")
    assert _hidden(html) == {"ico", "dic", "ic_dph", "vat_number"}


def test_redisplay_shows_the_numbers_of_the_country_chosen(web_b, office_b):
    response = web_b.post(
        "/clients/new/",
        {"name": "", "country": "PL", "nip": "5260250274", "status": "active", "language": "pl"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert _selected(html, "country") == "PL"
    assert _hidden(html) == {"ico", "dic", "ic_dph", "vat_number"}
    assert 'value="5260250274"' in html


def test_other_country_shows_the_vat_number(web_b, office_b):
    response = web_b.post(
        "/clients/new/",
        {
            "name": "Acme GmbH",
            "country": "XX",
            "vat_number": "DE 136695976",
            "status": "active",
            "language": "en",
        },
    )
    assert response.status_code == 302
    with in_office(office_b):
        assert Client.objects.get(name="Acme GmbH").vat_number == "DE136695976"


def test_a_hidden_number_keeps_its_stored_value(web_b, office_b):
    with in_office(office_b):
        client = ClientFactory(name="Dvojitá Firma", country="SK", nip="5260250274", ico="")
    html = web_b.get(f"/clients/{client.pk}/edit/").content.decode()
    assert "nip" in _hidden(html)
    assert 'value="5260250274"' in html  # in the page, sent back with the form
    response = web_b.post(
        f"/clients/{client.pk}/edit/",
        {
            "name": "Dvojitá Firma",
            "code": client.code,
            "country": "SK",
            "nip": "5260250274",
            "ico": "35757442",
            "status": "active",
            "language": "sk",
        },
    )
    assert response.status_code == 302
    with in_office(office_b):
        client.refresh_from_db()
        assert (client.nip, client.ico) == ("5260250274", "35757442")


def test_client_created_without_country_or_language_gets_the_offices(in_office_b):
    client = client_create(actor=None, data={"name": "Bez Krajiny"})
    assert (client.country, client.language) == ("SK", "sk")


def test_client_list_names_the_offices_tax_number(web_b, office_b, client_a, office_a):
    with in_office(office_b):
        ClientFactory(name="Slovenská Firma", ico="35757442", nip="")
    html = web_b.get("/clients/").content.decode()
    assert "<th>IČO</th>" in html and "NIP / IČO" not in html
    assert "35757442" in html
    assert "osoby, IČO, kódu" in html or "person, IČO, code" in html
    with in_office(office_a):
        ClientFactory(name="Polska Firma", nip="5260250274")
    html = client_a.get("/clients/").content.decode()
    assert "<th>NIP</th>" in html and "IČO" not in html


def test_import_without_country_or_language_gets_the_offices(in_office_b, office_b):
    admin = member(office_b, Role.ADMIN)
    job = _run(_xlsx([["Názov firmy", "IČO"], ["Import Firma", "35757442"]]), admin)
    assert (job.status, job.imported_count) == ("done", 1)
    client = Client.objects.get(name="Import Firma")
    assert (client.country, client.language) == ("SK", "sk")


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("Čerešňa Účtovníctvo", "s.r.o.", "Čerešňa Účtovníctvo s.r.o."),
        ("Zielony Las sp. z o.o.", "sp. z o.o.", "Zielony Las sp. z o.o."),
        ("Zielony Las SP. Z O.O.", "sp. z o.o.", "Zielony Las SP. Z O.O."),
        ("Jan Kowalski", "", "Jan Kowalski"),
    ],
)
def test_legal_name_adds_the_legal_form_once(name, form, expected):
    assert client_legal_name(name, form) == expected


def test_the_vat_number_is_exported_and_imported_again(client_a, office_a):
    import io

    from openpyxl import load_workbook

    with in_office(office_a):
        ClientFactory(name="Acme GmbH", country="XX", nip="", vat_number="DE136695976")
    client_a.cookies["vireo_language"] = "en"
    response = client_a.get("/clients/export.xlsx")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    column = rows[0].index("VAT number")
    assert [row[column] for row in rows[1:]] == ["DE136695976"]
    admin = member(office_a, Role.ADMIN)
    with in_office(office_a):
        job = _run(_xlsx([["Company name", "VAT number"], ["Beta GmbH", "DE136695976"]]), admin)
        assert (job.status, job.imported_count) == ("done", 1)
        assert Client.objects.get(name="Beta GmbH").vat_number == "DE136695976"
