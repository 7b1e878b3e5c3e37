from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, line, office_details


def test_a_draft_invoices_heading_says_it_has_no_number_once_beside_the_draft_badge(office_a):
    with in_office(office_a):
        office_details()
        made = draft(buyer(), lines=[line("Balík", "1", "mes.", "199.00", "23")])
    for language, heading, word in (
        ("sk", "Faktúra (bez čísla)", "koncept"),
        ("pl", "Faktura (bez numeru)", "szkic"),
    ):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        page = web.get(f"/invoices/{made.pk}/").content.decode()
        h1 = page[page.index("<h1") : page.index("</h1>")]
        assert heading in h1
        assert f" {word} " not in h1
