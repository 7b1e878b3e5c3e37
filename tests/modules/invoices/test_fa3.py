import pytest
from lxml import etree

from modules.invoices import services
from modules.invoices.fa3 import NS, Fa3Error, fa3_build, fa3_validate
from tests.modules.invoices.factories import D, buyer, issued, office_details


@pytest.fixture(autouse=True)
def _details(in_office_a):
    office_details()


def _find(xml: bytes, path: str) -> list[str]:
    return [n.text for n in etree.fromstring(xml).iterfind(path, {"f": NS})]


def test_fa3_of_an_invoice_is_valid_against_the_schema():
    invoice = issued()
    xml = fa3_build(invoice)
    fa3_validate(xml)
    assert _find(xml, "f:Fa/f:P_2") == [invoice.number]
    assert _find(xml, "f:Fa/f:P_13_1") == ["254.47"]
    assert _find(xml, "f:Fa/f:P_14_1") == ["58.53"]
    assert _find(xml, "f:Fa/f:P_13_3") == ["20.10"]
    assert _find(xml, "f:Fa/f:P_14_3") == ["1.01"]
    assert _find(xml, "f:Fa/f:P_15") == ["334.11"]
    assert _find(xml, "f:Podmiot1/f:DaneIdentyfikacyjne/f:NIP") == ["5213017228"]
    assert _find(xml, "f:Podmiot2/f:DaneIdentyfikacyjne/f:NIP") == ["1234563218"]
    assert _find(xml, "f:Fa/f:FaWiersz/f:P_12") == ["23", "23", "23", "5"]
    assert _find(xml, "f:Fa/f:RodzajFaktury") == ["VAT"]


def test_fa3_of_a_correction_is_valid_and_cites_the_original():
    original = issued()
    type(original).objects.filter(pk=original.pk).update(
        ksef_number="5213017228-20260405-0A1B2C3D4E5F-AB"
    )
    original.refresh_from_db()
    correction = services.invoice_correct(
        invoice=original,
        actor=None,
        reason="Zwrot za skan",
        lines=[
            {"description": "Skan", "quantity": D("-1"), "unit_price": D("7.50"), "vat_rate": "23"}
        ],
    )
    correction = services.invoice_issue(invoice=correction, actor=None)
    xml = fa3_build(correction)
    fa3_validate(xml)
    assert _find(xml, "f:Fa/f:RodzajFaktury") == ["KOR"]
    assert _find(xml, "f:Fa/f:DaneFaKorygowanej/f:NrFaKorygowanej") == [original.number]
    assert _find(xml, "f:Fa/f:DaneFaKorygowanej/f:NrKSeFFaKorygowanej") == [
        "5213017228-20260405-0A1B2C3D4E5F-AB"
    ]
    assert _find(xml, "f:Fa/f:P_15") == ["-9.23"]


def test_fa3_reverse_charge_for_an_eu_buyer_is_valid():
    invoice = issued(buyer(nip="", country="SK", ic_dph="SK2020273893"))
    xml = fa3_build(invoice)
    fa3_validate(xml)
    assert _find(xml, "f:Podmiot2/f:DaneIdentyfikacyjne/f:NrVatUE") == ["2020273893"]
    assert _find(xml, "f:Fa/f:P_13_9") == ["274.57"]
    assert _find(xml, "f:Fa/f:Adnotacje/f:P_18") == ["1"]


def test_schema_refuses_a_broken_document():
    xml = fa3_build(issued()).replace(b"<P_15>", b"<P_99>").replace(b"</P_15>", b"</P_99>")
    with pytest.raises(Fa3Error):
        fa3_validate(xml)
