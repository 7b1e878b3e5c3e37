import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import LINES, D, buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient

DUE_ERROR = (
    "The due date cannot be before the issue date: a draft is issued today ({today}) at the"
    " earliest."
)


def _short(day: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def test_a_draft_cannot_fall_due_before_today_its_earliest_issue_date(in_office_a):
    office_details()
    today = services.office_today()
    with pytest.raises(ValidationError) as exc:
        draft(due_date=today - dt.timedelta(days=1))
    assert exc.value.message_dict == {"due_date": [DUE_ERROR.format(today=_short(today))]}
    assert not Invoice.objects.exists()
    made = draft(due_date=today)
    with pytest.raises(ValidationError) as exc:
        services.invoice_update(
            invoice=made, actor=None, data={"due_date": dt.date(2026, 11, 1)}, lines=None
        )
    assert list(exc.value.message_dict) == ["due_date"]
    made.refresh_from_db()
    assert made.due_date == today


def test_a_draft_whose_due_date_has_passed_is_not_issued(in_office_a):
    office_details()
    today = services.office_today()
    made = draft(due_date=today)
    Invoice.objects.filter(pk=made.pk).update(due_date=today - dt.timedelta(days=35))
    with pytest.raises(ApplicationError) as exc:
        services.invoice_issue(invoice=made, actor=None)
    assert exc.value.code == "due_date"
    assert exc.value.message == (
        f"The due date {_short(today - dt.timedelta(days=35))} is before the issue date"
        f" {_short(today)}: change the draft's due date first."
    )
    made.refresh_from_db()
    assert (made.status, made.number) == ("draft", "")
    issued, refused = services.invoices_issue(invoice_ids=[made.pk], actor=None)
    assert issued == [] and [invoice.pk for invoice, _message in refused] == [made.pk]


def test_the_form_shows_the_error_at_the_due_date_and_the_api_answers_400(office_a):
    from tests.helpers.html import form_data

    with in_office(office_a):
        office_details()
        client = buyer()
        today = services.office_today()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    sent = form_data(
        web.get("/invoices/new/").content.decode(), **{"method": "post", "class": "card card-body"}
    )
    sent |= {
        "client": str(client.pk),
        "sale_from": "2026-11-01",
        "sale_to": "2026-11-30",
        "due_date": "2026-11-01",
        "lines-0-description": "Virtual office",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "199.00",
    }
    page = web.post("/invoices/new/", sent).content.decode()
    assert DUE_ERROR.format(today=_short(today)) in page
    assert 'value="2026-11-01"' in page and 'value="Virtual office"' in page
    response = web.post(
        "/api/v1/invoices/",
        {
            "client": client.pk,
            "sale_from": "2026-11-01",
            "sale_to": "2026-11-30",
            "due_date": "2026-11-01",
            "lines": [{**LINES[0], "quantity": "1", "unit_price": "10.00"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "due_date" in response.content.decode()
    with in_office(office_a):
        assert not Invoice.objects.exists()


def test_issuing_and_deleting_a_draft_ask_first(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
        email_recipient(client_id=client.pk, address="k@example.com", language="en")
        made = draft(client, due_date=services.office_today() + dt.timedelta(days=14))
        due = _short(made.due_date)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    page = web.get(f"/invoices/{made.pk}/").content.decode()
    assert (
        f'action="/invoices/{made.pk}/issue/" data-confirm="Issue this invoice, due {due}? It'
        " gets its number and is sent to the client. An issued invoice can no longer be"
        ' changed or deleted, only corrected."'
    ) in page
    assert 'data-confirm="Delete this draft?"' in page
    # the list's bulk issue asks on a page of its own (test_issue_confirm.py)
    listing = web.get("/invoices/").content.decode()
    assert 'data-testid="issue-selected">Issue selected drafts</button>' in listing


def test_issuing_asks_what_this_office_does_and_a_reducing_correction_names_no_due_date(
    office_a,
):
    """The audit: "Otrzyma numer i zostanie wysłana do klienta (oraz do KSeF, jeśli jest
    włączony)" in an office sending to KSeF, and a reducing correction's Issue asked
    "Wystawić tę fakturę z terminem płatności 21.12.2026?"."""
    from modules.invoices.models import InvoiceSettings

    with in_office(office_a):
        office_details()
        InvoiceSettings.objects.update_or_create(pk=1, defaults={"ksef_enabled": True})
        client = buyer()
        email_recipient(client_id=client.pk, address="k@example.com", language="pl")
        made = draft(client, due_date=services.office_today() + dt.timedelta(days=14))
        original = issued(client)
        correction = services.invoice_correct(
            invoice=original,
            actor=None,
            reason="Skan",
            lines=[
                {
                    "description": "Skan",
                    "quantity": D("-1"),
                    "unit_price": D("7.50"),
                    "vat_rate": "23",
                }
            ],
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = html.unescape(web.get(f"/invoices/{made.pk}/").content.decode())
    assert (
        "Otrzyma numer i zostanie wysłana do KSeF; klient otrzyma ją e-mailem, gdy KSeF ją"
        " przyjmie." in page
    )
    assert "jeśli jest włączony" not in page
    page = html.unescape(web.get(f"/invoices/{correction.pk}/").content.decode())
    asked = page.split(f'action="/invoices/{correction.pk}/issue/" data-confirm="')[1]
    assert asked.startswith("Wystawić tę fakturę korygującą? Otrzyma numer")
    assert "terminem płatności" not in asked.split('"')[0]
