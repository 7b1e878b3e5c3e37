import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter
from modules.notifications.models import Notification
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, office_details


def _on():
    services.settings_update(actor=None, data={"client_acceptance": True})


def test_switched_off_a_draft_cannot_be_sent_and_issues_as_before(in_office_a):
    office_details()
    invoice = draft()
    with pytest.raises(ApplicationError) as refused:
        services.invoice_acceptance_request(invoice=invoice, actor=None)
    assert refused.value.code == "off"
    assert services.invoice_issue(invoice=invoice, actor=None).status == "issued"


def test_accepted_by_the_client_then_issued(in_office_a):
    office_details()
    _on()
    invoice = draft()
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    invoice.refresh_from_db()
    assert invoice.acceptance == "pending"
    services.invoice_acceptance_answer(
        invoice=invoice, actor=None, client_id=invoice.client_id, accept=True
    )
    invoice.refresh_from_db()
    assert (invoice.acceptance, invoice.acceptance_at is not None) == ("accepted", True)
    services.invoice_issue(invoice=invoice, actor=None)
    invoice.refresh_from_db()
    assert invoice.status == "issued" and invoice.number
    sent = Notification.objects.order_by("pk").values_list("event", "client_id", "context")
    (ask, ask_client, ask_context), (answer, answer_client, answer_context) = [
        row for row in sent if row[0].startswith("invoices.acceptance")
    ]
    assert (ask, ask_client) == ("invoices.acceptance_requested", invoice.client_id)
    assert ask_context["invoice_url"].endswith(f"/portal/invoices/{invoice.pk}/")
    assert (answer, answer_client) == ("invoices.acceptance_answered", None)
    assert answer_context["invoice_url"].endswith(f"/invoices/{invoice.pk}/")
    assert answer_context["draft_answer"] == "accepted"
    assert set(
        AuditEntry.objects.filter(action__startswith="invoices.accept").values_list(
            "action", flat=True
        )
    ) == {"invoices.acceptance_requested", "invoices.accepted_by_client"}


@pytest.mark.parametrize("state", ["", "pending", "rejected"])
def test_not_issued_before_the_client_accepted_and_nothing_numbered(in_office_a, state):
    office_details()
    _on()
    invoice = draft()
    Invoice.objects.filter(pk=invoice.pk).update(acceptance=state)
    with pytest.raises(ApplicationError) as refused:
        services.invoice_issue(invoice=invoice, actor=None)
    assert refused.value.code == "not_accepted"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.number) == ("draft", "")
    assert not InvoiceCounter.objects.filter(last__gt=0).exists()


def test_rejected_with_a_comment_edited_and_asked_again(in_office_a):
    office_details()
    _on()
    invoice = draft()
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    with pytest.raises(ValidationError):
        services.invoice_acceptance_answer(
            invoice=invoice, actor=None, client_id=invoice.client_id, accept=False
        )
    services.invoice_acceptance_answer(
        invoice=invoice,
        actor=None,
        client_id=invoice.client_id,
        accept=False,
        comment="Bez kuriera w marcu.",
    )
    invoice.refresh_from_db()
    assert (invoice.acceptance, invoice.acceptance_comment) == ("rejected", "Bez kuriera w marcu.")
    services.invoice_update(invoice=invoice, actor=None, data={"notes": "poprawione"}, lines=None)
    invoice.refresh_from_db()
    assert invoice.acceptance == ""
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    invoice.refresh_from_db()
    assert (invoice.acceptance, invoice.acceptance_comment) == ("pending", "")


def test_another_company_cannot_answer_and_an_answer_is_given_once(in_office_a):
    office_details()
    _on()
    invoice = draft()
    other = buyer()
    services.invoice_acceptance_request(invoice=invoice, actor=None)
    with pytest.raises(ApplicationError) as refused:
        services.invoice_acceptance_answer(
            invoice=invoice, actor=None, client_id=other.pk, accept=True
        )
    assert refused.value.code == "other_client"
    services.invoice_acceptance_answer(
        invoice=invoice, actor=None, client_id=invoice.client_id, accept=True
    )
    with pytest.raises(ApplicationError) as again:
        services.invoice_acceptance_answer(
            invoice=invoice, actor=None, client_id=invoice.client_id, accept=False, comment="x"
        )
    assert again.value.code == "not_pending"


def test_drafts_from_a_closed_month_wait_for_the_client_when_switched_on(in_office_a):
    office_details()
    _on()
    invoice = services.invoice_create(
        client=buyer(),
        lines=[{"description": "Pakiet", "quantity": 1, "unit_price": 100, "vat_rate": "23"}],
        actor=None,
        sale_from=dt.date(2026, 3, 1),
        sale_to=dt.date(2026, 3, 31),
        acceptance=services.settings_get().client_acceptance,
    )
    assert invoice.acceptance == "pending"


def _panel(office):
    with in_office(office):
        office_details()
        _on()
        mine, other = buyer(), buyer()
        waiting = draft(mine)
        services.invoice_acceptance_request(invoice=waiting, actor=None)
        silent = draft(mine)
        foreign = draft(other)
        services.invoice_acceptance_request(invoice=foreign, actor=None)
    user = member(office, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    return OfficeClient(office, user=user), waiting, silent, foreign


def test_the_panel_shows_the_company_its_drafts_to_accept_only(office_a):
    web, waiting, silent, foreign = _panel(office_a)
    page = web.get("/portal/invoices/").content.decode()
    assert f"/portal/invoices/{waiting.pk}/" in page
    assert f"/portal/invoices/{silent.pk}/" not in page
    assert f"/portal/invoices/{foreign.pk}/" not in page
    detail = web.get(f"/portal/invoices/{waiting.pk}/").content.decode()
    assert 'data-testid="acceptance-form"' in detail
    for invoice in (silent, foreign):
        assert web.get(f"/portal/invoices/{invoice.pk}/").status_code == 404
    for invoice in (waiting, silent, foreign):  # no PDF of a draft
        assert web.get(f"/portal/invoices/{invoice.pk}/pdf/").status_code == 404
    # the API still never lists drafts
    rows = web.get("/api/v1/invoices/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows == []


def test_accept_and_reject_through_the_panel(office_a):
    web, waiting, _silent, foreign = _panel(office_a)
    response = web.post(f"/portal/invoices/{waiting.pk}/acceptance/", {"answer": "reject"})
    assert response.status_code == 400  # a rejection needs a comment
    with in_office(office_a):
        assert Invoice.objects.get(pk=waiting.pk).acceptance == "pending"
    response = web.post(
        f"/portal/invoices/{waiting.pk}/acceptance/",
        {"answer": "reject", "comment": "Proszę o zmianę okresu."},
    )
    assert (response.status_code, response["Location"]) == (302, "/portal/invoices/")
    response = web.post(f"/portal/invoices/{foreign.pk}/acceptance/", {"answer": "accept"})
    assert response.status_code == 404
    with in_office(office_a):
        assert Invoice.objects.get(pk=waiting.pk).acceptance == "rejected"
        assert Invoice.objects.get(pk=foreign.pk).acceptance == "pending"
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = staff.get(f"/invoices/{waiting.pk}/").content.decode()
    assert "Proszę o zmianę okresu." in page
    assert 'data-testid="acceptance-request"' in page


def test_permission_matrix(office_a, office_b):
    _web, waiting, silent, _foreign = _panel(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/invoices/{waiting.pk}/acceptance/",
        data={"answer": "accept"},
        expect={
            "anonymous": 302,
            "client": 404,
            "staff": 403,
            "admin": 403,
            "owner": 403,
            "other_office": 403,
        },
        unchanged=lambda: Invoice.objects.get(pk=waiting.pk).acceptance == "pending",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/invoices/{silent.pk}/acceptance/",
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: Invoice.objects.get(pk=silent.pk).acceptance == "",
    )
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert staff.post(f"/invoices/{silent.pk}/acceptance/").status_code == 302
    with in_office(office_a):
        assert Invoice.objects.get(pk=silent.pk).acceptance == "pending"
