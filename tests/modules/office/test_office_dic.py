from django.utils import translation

from modules.documents.variables import office_values
from modules.invoices.pdf import party_tax_ids
from modules.invoices.services.invoices import seller_snapshot
from modules.office.models import OfficeProfile
from tests.modules.invoices.factories import office_details
from tests.modules.office.test_general import URL, VALID, _admin, _profile

SK = {**VALID, "country": "SK", "postal_code": "811 01", "nip": "", "ico": "36224693", "ic_dph": ""}


def test_a_slovak_office_enters_its_dic_a_polish_one_does_not_see_it(office_a, office_b):
    _user, polish = _admin(office_a)
    assert 'name="dic"' not in polish.get(URL).content.decode()
    _user, slovak = _admin(office_b)
    assert 'name="dic"' in slovak.get(URL).content.decode()
    assert slovak.post(URL, {**SK, "dic": "2022 749 619"}).status_code == 302
    assert (_profile(office_b).dic, _profile(office_b).ic_dph) == ("2022749619", "")


def test_a_wrong_dic_is_refused_at_the_field_and_kept(office_b):
    _user, slovak = _admin(office_b)
    response = slovak.post(URL, {**SK, "dic": "2022749618"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid DIČ (10 digits)." in page
    assert 'value="2022749618"' in page
    profile = _profile(office_b)
    assert profile is None or profile.dic == ""


def test_the_invoice_and_documents_print_the_offices_own_dic(in_office_b):
    office_details(
        nip="", ico="36224693", dic="2022749619", ic_dph="", iban="SK3112000000198742637541"
    )
    seller = seller_snapshot()
    assert seller["dic"] == "2022749619"
    assert party_tax_ids(seller) == [("IČO", "36224693"), ("DIČ", "2022749619")]
    with translation.override("sk"):
        assert office_values()["office_dic"] == "2022749619"
    assert OfficeProfile.objects.get(pk=1).dic == "2022749619"


def test_a_frozen_seller_without_dic_still_reads_it_from_the_ic_dph():
    party = {"ico": "36224693", "ic_dph": "SK2022749619"}
    assert party_tax_ids(party) == [
        ("IČO", "36224693"),
        ("DIČ", "2022749619"),
        ("IČ DPH", "SK2022749619"),
    ]
