"""A service period that ends before it starts is refused at the field (form, API, draft
edit) and a draft saved with one before is not issued."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import LINES, buyer, draft, office_details

ERROR = "The service period cannot end before it starts (10.12.2026): enter an end on or after it."


def test_a_reversed_period_is_refused_at_the_end_field_on_create_and_edit(in_office_a):
    office_details()
    with pytest.raises(ValidationError) as exc:
        draft(sale_from=dt.date(2026, 12, 10), sale_to=dt.date(2026, 12, 1))
    assert exc.value.message_dict == {"sale_to": [ERROR.replace("10.12.2026", "10/12/2026")]}
    made = draft(sale_from=dt.date(2026, 12, 1), sale_to=dt.date(2026, 12, 1))  # one day: fine
    with pytest.raises(ValidationError) as exc:
        services.invoice_update(
            invoice=made, actor=None, data={"sale_from": dt.date(2026, 12, 10)}, lines=None
        )
    assert list(exc.value.message_dict) == ["sale_to"]
    made.refresh_from_db()
    assert made.sale_from == dt.date(2026, 12, 1)


def test_a_draft_saved_reversed_before_is_not_issued_and_numbers_nothing(in_office_a):
    office_details()
    made = draft()
    Invoice.objects.filter(pk=made.pk).update(
        sale_from=dt.date(2026, 12, 10), sale_to=dt.date(2026, 12, 1)
    )
    with pytest.raises(ApplicationError) as exc:
        services.invoice_issue(invoice=made, actor=None)
    assert exc.value.code == "sale_period"
    made.refresh_from_db()
    assert (made.status, made.number, made.ksef_status) == ("draft", "", "")
    assert not InvoiceCounter.objects.exists()


def test_the_form_shows_the_error_at_the_end_of_the_period_and_the_api_answers_400(office_a):
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        client = buyer()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    sent = form_data(
        web.get("/invoices/new/").content.decode(), **{"method": "post", "class": "card card-body"}
    )
    sent |= {
        "client": str(client.pk),
        "sale_from": "2026-12-10",
        "sale_to": "2026-12-01",
        "lines-0-description": "Biuro wirtualne",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "199.00",
    }
    page = web.post("/invoices/new/", sent).content.decode()
    assert "Okres usługi nie może kończyć się przed jego początkiem (10.12.2026)" in page
    assert 'value="2026-12-01"' in page and 'value="Biuro wirtualne"' in page
    response = web.post(
        "/api/v1/invoices/",
        {
            "client": client.pk,
            "sale_from": "2026-12-10",
            "sale_to": "2026-12-01",
            "due_date": "2026-12-31",
            "lines": [{**LINES[0], "quantity": "1", "unit_price": "10.00"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["sale_to"]
    with in_office(office_a):
        assert not Invoice.objects.exists()
