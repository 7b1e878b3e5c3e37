from django.utils.html import escape

from accounts.models import Role
from modules.clients.selectors import client_labels
from modules.invoices.models import Invoice
from tests.helpers.html import form_data
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, office_details


def test_a_new_invoice_picks_its_client_by_name_or_code(office_a):
    with in_office(office_a):
        office_details()
        client = buyer(code="K-0042")
        label = client_labels([client.pk])[client.pk]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    page = web.get("/invoices/new/").content.decode()
    assert '<select name="client"' not in page
    assert 'name="client_label" value=""' in page and 'hx-get="/clients/pick/"' in page
    prefilled = web.get(f"/invoices/new/?client={client.pk}").content.decode()
    assert f'name="client_label" value="{escape(label)}"' in prefilled
    sent = form_data(prefilled, **{"method": "post", "class": "card card-body"})
    assert sent["client"] == str(client.pk)
    sent |= {
        "client_label": "K-00",
        "client": "",
        "sale_from": "2026-11-01",
        "sale_to": "2026-11-30",
        "lines-0-description": "Virtual office",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "199.00",
    }
    refused = web.post("/invoices/new/", sent).content.decode()
    assert "Choose the client from the list that opens while you type." in refused
    assert web.post("/invoices/new/", {**sent, "client": str(client.pk)}).status_code == 302
    with in_office(office_a):
        assert Invoice.objects.get().client_id == client.pk


def test_a_draft_being_edited_names_its_client_without_a_field(office_a):
    with in_office(office_a):
        office_details()
        made = draft(buyer(name="Firma Edytowana"))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    page = web.get(f"/invoices/{made.pk}/edit/").content.decode()
    assert 'data-testid="draft-client">Client: <strong class="text-break">Firma Edytowana' in page
    assert 'name="client_label"' not in page
