from accounts.models import Role
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, line, office_details


def test_a_draft_invoices_heading_says_it_has_no_number_once_beside_the_draft_badge(office_a):
    # Since the new-office audit the heading is the page's title too: "Szkic faktury" and
    # the client (it read "Faktura (bez numeru)" under the title "szkic faktury nr 1").
    with in_office(office_a):
        office_details()
        client = buyer()
        made = draft(client, lines=[line("Balík", "1", "mes.", "199.00", "23")])
    for language, heading, word in (
        ("sk", f"Koncept faktúry · {client.name}", "koncept"),
        ("pl", f"Szkic faktury · {client.name}", "szkic"),
    ):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        page = web.get(f"/invoices/{made.pk}/").content.decode()
        h1 = page[page.index("<h1") : page.index("</h1>")]
        assert heading in h1
        assert "(bez " not in h1
        assert f" {word} " not in h1
