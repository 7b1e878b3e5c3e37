import re

import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from common.storage import office_read
from modules.invoices import services
from modules.invoices.models import Invoice, InvoiceCounter
from modules.invoices.ubl import ubl_build
from modules.notifications.models import Notification
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import (
    SK_LINES,
    SK_SELLER,
    buyer,
    draft,
    issued,
    office_details,
    sk_buyer,
)
from tests.modules.invoices.test_views import STAFF_PAGE
from tests.modules.notifications.factories import email_recipient


def test_a_slovak_invoice_breaking_a_rule_is_refused_at_issue_and_numbers_nothing(sk_office):
    backwards = draft(sk_buyer(), SK_LINES[:1])
    # totals that are not the sum of the lines (nothing of ours writes them: the service
    # period ending before it starts, which this test used, is refused by the services now)
    Invoice.objects.filter(pk=backwards.pk).update(net=backwards.net + 1)
    with pytest.raises(ApplicationError) as caught:
        services.invoice_issue(invoice=backwards, actor=None)
    assert caught.value.code == "ubl_invalid"
    assert caught.value.message.startswith(
        "The e-invoice (UBL, Peppol BIS 3.0) breaks these rules: [BR-"
    )
    backwards.refresh_from_db()
    assert (backwards.status, backwards.number) == ("draft", "")
    assert list(InvoiceCounter.objects.values_list("last", flat=True)) == []  # rolled back
    assert issued(sk_buyer(), SK_LINES[:1]).number.startswith("FA/1/")  # Slovak default


def test_an_invoice_without_a_peppol_address_is_issued_without_an_e_invoice(sk_office):
    invoice = issued(sk_buyer(ic_dph=""), SK_LINES[:1])
    assert invoice.status == "issued"
    assert services.invoice_ubl_issue_check(invoice=invoice) is None


def test_a_polish_office_does_not_check_the_e_invoice_at_issue(in_office_a):
    office_details()
    made = draft(buyer())
    Invoice.objects.filter(pk=made.pk).update(net=made.net + 1)  # breaks BR-CO-10
    invoice = services.invoice_issue(invoice=made, actor=None)
    assert invoice.status == "issued"  # the UBL is on demand there; KSeF checks FA(3)


def test_the_ubl_file_is_stored_once_and_is_the_built_document(sk_office):
    invoice = issued(sk_buyer(), SK_LINES)
    path = services.invoice_ubl_path(invoice=invoice)
    # The storage adds a suffix when the name is taken (a file left by an earlier run).
    assert re.fullmatch(rf"invoices/{invoice.issue_date:%Y/%m}/{invoice.pk}-ubl(_\w+)?\.xml", path)
    again = Invoice.objects.get(pk=invoice.pk)
    assert services.invoice_ubl_path(invoice=again) == path
    assert office_read(path) == ubl_build(again)
    Invoice.objects.filter(pk=invoice.pk).update(ubl_path="")
    rebuilt = services.invoice_ubl_path(invoice=Invoice.objects.get(pk=invoice.pk))
    assert office_read(rebuilt) == office_read(path)


def test_staff_client_and_api_download_the_ubl(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        mine, other = sk_buyer(), sk_buyer(ic_dph="SK2020273816")
        own, foreign = issued(mine, SK_LINES), issued(other, SK_LINES)
        expected = ubl_build(own)
    staff = OfficeClient(office_b, user=member(office_b, Role.STAFF))
    response = staff.get(f"/invoices/{own.pk}/ubl/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/xml")
    assert b"".join(response.streaming_content) == expected
    page = staff.get(f"/invoices/{own.pk}/").content.decode()
    assert f"/invoices/{own.pk}/ubl/" in page
    api = staff.get(f"/api/v1/invoices/{own.pk}/")
    assert api.json()["ubl_available"] is True
    assert b"".join(staff.get(f"/api/v1/invoices/{own.pk}/ubl/").streaming_content) == expected

    user = member(office_b, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    panel = OfficeClient(office_b, user=user)
    link = f"/portal/invoices/{own.pk}/ubl/"
    assert link in panel.get("/portal/invoices/").content.decode()
    assert link in panel.get(f"/portal/invoices/{own.pk}/").content.decode()
    mine_file = panel.get(f"/portal/invoices/{own.pk}/ubl/")
    assert (mine_file.status_code, b"".join(mine_file.streaming_content)) == (200, expected)
    assert panel.get(f"/portal/invoices/{foreign.pk}/ubl/").status_code == 404
    assert panel.get(f"/api/v1/invoices/{foreign.pk}/ubl/").status_code == 404
    assert panel.get(f"/api/v1/invoices/{own.pk}/ubl/").status_code == 200


def test_no_ubl_button_for_an_invoice_without_a_peppol_address(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        invoice = issued(sk_buyer(ic_dph=""), SK_LINES[:1])
    staff = OfficeClient(office_b, user=member(office_b, Role.STAFF))
    page = staff.get(f"/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="ubl-unavailable"' in page
    assert "nemá IČ DPH, preto nemá adresu v sieti Peppol." in page  # the office is Slovak
    assert staff.get(f"/invoices/{invoice.pk}/ubl/").status_code == 404
    assert staff.get(f"/api/v1/invoices/{invoice.pk}/").json()["ubl_available"] is False


def test_ubl_download_permissions_and_other_office(office_a, office_b):
    with in_office(office_a):
        office_details()
        invoice = issued(buyer())
    url = f"/invoices/{invoice.pk}/ubl/"
    check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_cross_office(office_a, office_b, "get", url)


def test_the_invoice_email_carries_the_ubl_in_slovakia_unless_switched_off(sk_office):
    client = sk_buyer()
    email_recipient(client_id=client.pk, address="uctaren@example.sk", language="en")
    first = issued(client, SK_LINES)
    assert services.invoices_deliver(invoice_ids=[first.pk]) == 1
    files = Notification.objects.get(client_id=client.pk).attachments
    name = first.number.replace("/", "-")
    assert [(f["filename"], f["content_type"]) for f in files] == [
        (f"{name}.pdf", "application/pdf"),
        (f"{name}.xml", "application/xml"),
    ]
    first.refresh_from_db()
    assert files[1]["path"] == first.ubl_path
    services.settings_update(actor=None, data={"ubl_attach": False})
    second = issued(client, SK_LINES)
    services.invoices_deliver(invoice_ids=[second.pk])
    files = Notification.objects.filter(client_id=client.pk).order_by("pk").last().attachments
    assert [f["content_type"] for f in files] == ["application/pdf"]


def test_the_polish_invoice_email_has_no_ubl_by_default(in_office_a):
    office_details()
    client = buyer()
    email_recipient(client_id=client.pk, address="k@example.com", language="en")
    invoice = issued(client)
    services.invoices_deliver(invoice_ids=[invoice.pk])
    files = Notification.objects.get(client_id=client.pk).attachments
    assert [f["content_type"] for f in files] == ["application/pdf"]


@pytest.mark.parametrize(("office", "checked"), [("office_a", False), ("office_b", True)])
def test_attach_ubl_setting_defaults_by_country_and_saves(request, office, checked):
    office = request.getfixturevalue(office)
    admin = OfficeClient(office, user=member(office, Role.ADMIN))
    page = admin.get("/administration/invoices/").content.decode()
    box = page[page.index('name="ubl_attach"') - 200 : page.index('name="ubl_attach"') + 200]
    assert ("checked" in box) is checked
    data = {
        "form": "settings",
        "number_pattern": "FV/{number}/{MM}/{YYYY}",
        "number_reset": "yearly",
        "payment_days": "14",
        "reminder_days": "3,14",
    }
    if not checked:
        data["ubl_attach"] = "on"
    assert admin.post("/administration/invoices/", data).status_code == 302
    with in_office(office):
        assert services.settings_get().ubl_attach is (not checked)


def test_the_rules_are_loaded_before_an_issue_takes_its_number(sk_office, monkeypatch):
    from modules.invoices import ubl
    from modules.invoices.services import invoices as issuing

    monkeypatch.setattr(ubl, "_state", {})
    loaded_when_numbered = []
    numbered = issuing._number_take

    def number_take(**kwargs):
        loaded_when_numbered.append(set(ubl._state))
        return numbered(**kwargs)

    monkeypatch.setattr(issuing, "_number_take", number_take)
    invoice = issued(sk_buyer(), SK_LINES)

    assert invoice.number
    assert loaded_when_numbered == [{"xsd", "rules"}]
