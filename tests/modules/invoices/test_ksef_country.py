import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.invoices import ksef, services
from modules.invoices.channels import channels_active
from modules.invoices.models import Invoice, InvoiceSettings
from modules.invoices.policies import ksef_available
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.certs import ca_make, key_pem, office_certificate, pem
from tests.modules.invoices.factories import (
    SELLER_NIP,
    SK_LINES,
    SK_SELLER,
    issued,
    office_details,
    sk_buyer,
)

SETTINGS = "/administration/invoices/"


def _sk_invoice(office_b) -> Invoice:
    with in_office(office_b):
        office_details(**SK_SELLER)
        return issued(sk_buyer(), SK_LINES)


def test_only_poland_uses_ksef():
    assert (ksef_available("PL"), ksef_available("SK"), ksef_available("")) == (True, False, False)


def test_a_slovak_office_settings_page_has_no_ksef(office_b):
    admin = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    page = admin.get(SETTINGS).content.decode()
    assert "ksef" not in page.lower()
    assert 'name="ubl_attach"' in page


def test_a_polish_office_settings_page_keeps_ksef(office_a):
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = admin.get(SETTINGS).content.decode()
    assert 'name="ksef_enabled"' in page
    assert 'data-testid="ksef-certificate"' in page
    assert 'data-testid="ksef-connect"' in page


def test_a_slovak_office_cannot_switch_ksef_on_or_save_a_token_or_certificate(office_b):
    admin = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    data = {
        "form": "settings",
        "number_pattern": "FV/{number}/{MM}/{YYYY}",
        "number_reset": "yearly",
        "payment_days": "14",
        "reminder_days": "3,14",
        "ksef_enabled": "on",
    }
    assert admin.post(SETTINGS, data).status_code == 302
    response = admin.post(SETTINGS, {"form": "ksef", "ksef-token": "secret-token"})
    assert (response.status_code, response["Location"]) == (302, SETTINGS)
    with in_office(office_b):
        row = InvoiceSettings.objects.get()
        assert (row.ksef_enabled, row.ksef_token_encrypted) == (False, "")
        with pytest.raises(ApplicationError) as refused:
            ksef.ksef_connect(actor=None, token="secret-token")
        assert refused.value.code == "no_ksef"
        certificate, key = office_certificate(ca_make(), SELLER_NIP)
        with pytest.raises(ApplicationError):
            ksef.ksef_certificate_connect(
                actor=None, certificate=pem(certificate), private_key=key_pem(key)
            )
        assert InvoiceSettings.objects.get().ksef_certificate_pem == ""


def test_a_slovak_office_never_queues_or_sends_to_ksef(office_b):
    with in_office(office_b):
        InvoiceSettings.objects.update(ksef_enabled=True)  # a row switched on before the fix
        row = services.settings_get()
        assert channels_active(country="SK", settings=row) == []
    invoice = _sk_invoice(office_b)
    assert invoice.ksef_status == Invoice.Ksef.NONE
    with in_office(office_b):
        Invoice.objects.filter(pk=invoice.pk).update(ksef_status=Invoice.Ksef.REJECTED)
        outcome = ksef.ksef_submit(invoice_ids=[invoice.pk])
        assert outcome == {"accepted": 0, "rejected": 0, "offline": 0, "throttled": 0, "refused": 0}
        with pytest.raises(ApplicationError):
            ksef.ksef_requeue(invoice=invoice, actor=None)
        assert Invoice.objects.get(pk=invoice.pk).ksef_status == Invoice.Ksef.REJECTED


def test_slovak_invoice_screens_and_api_show_no_ksef(office_b):
    invoice = _sk_invoice(office_b)
    staff = OfficeClient(office_b, user=member(office_b, Role.STAFF))
    register = staff.get("/invoices/").content.decode()
    page = staff.get(f"/invoices/{invoice.pk}/").content.decode()
    assert ("KSeF" in register, "KSeF" in page) == (False, False)
    api = staff.get(f"/api/v1/invoices/{invoice.pk}/").json()
    assert [key for key in api if key.startswith("ksef")] == []
    assert api["number"] == invoice.number


def test_polish_invoice_screens_and_api_keep_ksef(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued()
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    register = staff.get("/invoices/").content.decode()
    assert "<th>KSeF</th>" in register
    assert 'data-label="KSeF"' in register
    assert 'data-testid="ksef"' in staff.get(f"/invoices/{invoice.pk}/").content.decode()
    api = staff.get(f"/api/v1/invoices/{invoice.pk}/").json()
    assert {"ksef_status", "ksef_number", "ksef_error"} <= set(api)
