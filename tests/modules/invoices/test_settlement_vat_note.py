"""The month-end audit: Poľana Služby s.r.o. (a Slovak VAT payer of a Polish office) had a
settlement of 534,00 zł net, 122,82 zł VAT, 656,82 zł gross, on the staff page and in the
client panel, while its invoice, reverse-charged, was 534,00 zł: two screens, two totals,
no word why. The settlement pages of a reverse-charged client say its invoices carry no
VAT (billing.hooks.client_vat_note, given by the invoices module)."""

import html

from accounts.models import Role
from modules.billing.services import settings_update
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.invoices.factories import buyer, office_details, sk_buyer

# Since 2026-12-07 the settlement itself carries no VAT for such a client (its lines read
# "np."), so the note no longer says "the VAT below is not charged" (a month closed before
# adds that: test_settlement_reverse_charge.py).
NOTE = {
    "pl": "Faktury dla tej firmy są wystawiane z odwrotnym obciążeniem (np.): bez VAT, który"
    " nabywca rozlicza u siebie.",
    "sk": "Faktúry pre túto spoločnosť sa vystavujú s prenesením daňovej povinnosti (PDP): bez"
    " DPH, ktorú odberateľ priznáva vo svojej krajine.",
}


def _note(page: str) -> str | None:
    page = html.unescape(page)
    if 'data-testid="vat-note">' not in page:
        return None
    return page.split('data-testid="vat-note">')[1].split("</div>")[0]


def test_a_reverse_charged_client_s_settlement_says_its_invoices_carry_no_vat(office_a):
    with in_office(office_a):
        office_details()
        settings_update(actor=None, data={"summaries_for_clients": True})
        slovak = on_package(biznes(), client=sk_buyer(name="Poľana Služby s.r.o."))
        polish = on_package(biznes(), client=buyer())
    for language in ("pl", "sk"):
        staff = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        page = staff.get(f"/settlements/clients/{slovak.pk}/?month=2026-03").content.decode()
        assert _note(page) == NOTE[language]
        page = staff.get(f"/settlements/clients/{polish.pk}/?month=2026-03").content.decode()
        assert _note(page) is None
    user = member(
        office_a, Role.CLIENT, client_id=slovak.pk, client_name=slovak.name, language="sk"
    )
    page = OfficeClient(office_a, user=user).get("/portal/settlements/?month=2026-03")
    assert _note(page.content.decode()) == NOTE["sk"]
