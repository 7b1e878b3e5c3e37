from lxml import etree

from accounts.models import Role
from modules.invoices.ubl import CAC, CBC, ubl_build
from tests.helpers.offices import OfficeClient, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.invoices.factories import SK_LINES, draft, issued, sk_buyer

NS = {"cac": CAC, "cbc": CBC}


def test_the_buyer_is_named_with_its_legal_form_on_the_invoice_and_the_ubl(sk_office):
    invoice = issued(sk_buyer(name="Čerešňa Účtovníctvo", legal_form="s.r.o."), SK_LINES)
    assert invoice.buyer["name"] == "Čerešňa Účtovníctvo s.r.o."
    names = etree.fromstring(ubl_build(invoice)).xpath(
        "//cac:AccountingCustomerParty//cac:PartyLegalEntity/cbc:RegistrationName/text()",
        namespaces=NS,
    )
    assert names == ["Čerešňa Účtovníctvo s.r.o."]


def test_a_name_ending_with_its_legal_form_is_not_doubled(sk_office):
    invoice = issued(sk_buyer(name="Čerešňa s.r.o.", legal_form="s.r.o."), SK_LINES)
    assert invoice.buyer["name"] == "Čerešňa s.r.o."


def test_the_draft_warns_before_issuing_to_a_buyer_without_an_address(sk_office, office_b):
    web = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="en"))
    homeless = draft(ClientFactory(name="Bez Adresy", country="SK", nip=""), SK_LINES)
    housed = draft(sk_buyer(), SK_LINES)
    page = web.get(f"/invoices/{homeless.pk}/").content.decode()
    assert 'data-testid="buyer-address-missing"' in page
    assert "must carry the buyer's address" in page
    page = web.get(f"/invoices/{housed.pk}/").content.decode()
    assert 'data-testid="buyer-address-missing"' not in page
