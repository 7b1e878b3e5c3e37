"""The commercial-register entry (Administration > General): optional, saved and audited
with the other details, printed on invoices when set (Slovak business documents must carry
it), absent when empty."""

from accounts.models import Role
from common.pdf import pdf_text
from modules.audit.models import AuditEntry
from modules.invoices.pdf import invoice_pdf_render
from modules.office.models import OfficeProfile
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.invoices.factories import SK_LINES, SK_SELLER, issued, sk_buyer

URL = "/administration/general/"
ENTRY = "Zapísaná v Obchodnom registri Okresného súdu Bratislava I, oddiel: Sro, vložka č. 4521/B"
SLOVAK = {
    "name": "Kancelária B",
    "legal_name": "Kancelária B s.r.o.",
    "street": "Hlavná 1",
    "postal_code": "811 01",
    "city": "Bratislava",
    "country": "SK",
    "ico": "35757442",
    "dic": "2020273893",
    "ic_dph": "SK2020273893",
    "iban": "SK31 1200 0000 1987 4263 7541",
    "email": "kancelaria@example.sk",
    "phone": "+421 2 5443 1111",
    "language": "sk",
    "currency": "EUR",
    "time_zone": "Europe/Bratislava",
}


def test_the_register_entry_is_saved_shown_and_printed_on_slovak_invoices(office_b):
    user = UserFactory(language="sk")
    MembershipFactory(office=office_b, role=Role.ADMIN, user=user)
    web = OfficeClient(office_b, user=user)
    page = web.get(URL).content.decode()
    assert "Zápis v obchodnom registri" in page and 'name="register_entry"' in page

    response = web.post(URL, {**SLOVAK, "register_entry": ENTRY})

    assert response.status_code == 302
    with in_office(office_b):
        profile = OfficeProfile.objects.get(pk=1)
        assert profile.register_entry == ENTRY
        assert profile.iban == "SK3112000000198742637541"  # stored ungrouped
        entry = AuditEntry.objects.filter(action="office.details_changed").latest("pk")
        assert entry.changes["register_entry"] == ["", ENTRY]
        invoice = issued(sk_buyer(language="sk"), SK_LINES)
        assert invoice.seller["register_entry"] == ENTRY
        text = " ".join(pdf_text(invoice_pdf_render(invoice=invoice)).split())
    assert ENTRY in text
    assert ENTRY in web.get(URL).content.decode()


def test_without_an_entry_the_invoice_prints_none(office_b):
    with in_office(office_b):
        from tests.modules.invoices.factories import office_details

        office_details(**SK_SELLER)
        invoice = issued(sk_buyer(language="sk"), SK_LINES)
        assert invoice.seller["register_entry"] == ""
        text = pdf_text(invoice_pdf_render(invoice=invoice))
    assert "Obchodnom registri" not in text
