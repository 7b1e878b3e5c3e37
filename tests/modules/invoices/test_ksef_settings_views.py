import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from accounts.models import Role
from modules.invoices import ksef as ksef_module
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.models import InvoiceSettings
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.certs import ca_make, key_pem, office_certificate, pem, pfx
from tests.modules.invoices.factories import SELLER_NIP, office_details

URL = "/administration/invoices/"


@pytest.fixture
def ca(settings, office_a):
    """A CA the fake KSeF trusts: an upload is tried on it before it is saved."""
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    authority = ca_make()
    fake.trust(authority.pem)
    with in_office(office_a):
        office_details()
    yield authority
    server.shutdown()
    server.server_close()


def _files(certificate, key):
    return {
        "form": "certificate",
        "cert-certificate": SimpleUploadedFile("ksef.crt", pem(certificate)),
        "cert-private_key": SimpleUploadedFile("ksef.key", key_pem(key)),
        "cert-password": "",
    }


def _pl(message: str, **values) -> str:
    with translation.override("pl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def _admin(office):
    return OfficeClient(office, user=member(office, Role.ADMIN))


def test_upload_shows_the_certificate_never_the_key(office_a, ca):
    certificate, key = office_certificate(ca, SELLER_NIP)
    web = _admin(office_a)
    response = web.post(URL, data=_files(certificate, key))
    assert (response.status_code, response["Location"]) == (302, URL)
    page = web.get(URL).content.decode()
    serial = format(certificate.serial_number, "X")
    assert serial in page
    assert "VATPL-5213017228" in page
    assert "PRIVATE KEY" not in page
    with in_office(office_a):
        row = InvoiceSettings.objects.get()
    assert row.ksef_private_key_encrypted not in page
    assert 'data-testid="ksef-certificate-soon"' not in page


def test_expiry_warning_30_days_before_and_when_expired(office_a, ca):
    certificate, key = office_certificate(ca, SELLER_NIP, days_left=29)
    web = _admin(office_a)
    web.post(URL, data=_files(certificate, key))
    page = web.get(URL).content.decode()
    assert 'data-testid="ksef-certificate-soon"' in page
    with in_office(office_a):
        InvoiceSettings.objects.update(ksef_certificate_valid_to=dt.date(2026, 1, 1))
    page = web.get(URL).content.decode()
    assert 'data-testid="ksef-certificate-expired"' in page
    assert 'data-testid="ksef-certificate-soon"' not in page


def test_a_pfx_with_a_wrong_password_is_shown_as_an_error_and_nothing_saved(office_a):
    certificate, key = office_certificate(ca_make(), SELLER_NIP, rsa_key=True)
    web = _admin(office_a)
    response = web.post(
        URL,
        data={
            "form": "certificate",
            "cert-certificate": SimpleUploadedFile("ksef.pfx", pfx(certificate, key, "good")),
            "cert-password": "bad",
        },
    )
    assert response.status_code == 200
    assert _pl("The PFX file cannot be opened: check the password.") in response.content.decode()
    with in_office(office_a):
        assert InvoiceSettings.objects.get().ksef_certificate_pem == ""


def test_a_file_that_is_not_a_certificate_is_refused_by_content(office_a):
    web = _admin(office_a)
    response = web.post(
        URL,
        data={
            "form": "certificate",
            "cert-certificate": SimpleUploadedFile("ksef.pem", b"%PDF-1.4 not a certificate"),
        },
    )
    # Named .pem with a PDF inside: said so (the list of kinds would name PEM itself).
    expected = _pl(
        "The file's content is not in the %(kind)s format (it does not match its name).",
        kind="PEM",
    )
    assert expected in response.content.decode()


def test_token_form_is_gone_after_2026(office_a, monkeypatch):
    web = _admin(office_a)
    assert 'name="ksef-token"' in web.get(URL).content.decode()
    from modules.invoices import services

    monkeypatch.setattr(services, "office_today", lambda: dt.date(2027, 1, 1))
    monkeypatch.setattr(ksef_module, "office_today", lambda: dt.date(2027, 1, 1))
    page = web.get(URL).content.decode()
    assert 'name="ksef-token"' not in page
    assert 'data-testid="ksef-token-expired"' in page
    response = web.post(URL, data={"form": "ksef", "ksef-token": "late"})
    assert response.status_code == 200
    assert 'data-testid="ksef-token-expired"' in response.content.decode()
    with in_office(office_a):
        assert InvoiceSettings.objects.get().ksef_token_encrypted == ""


def test_permission_matrix_for_the_certificate(office_a, office_b):
    certificate, key = office_certificate(ca_make(), SELLER_NIP)
    for form in ("certificate", "certificate_remove"):
        data = _files(certificate, key) if form == "certificate" else {"form": form}
        check_permission_matrix(
            office_a,
            office_b,
            "post",
            URL,
            data=data,
            expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403},
            unchanged=lambda: not InvoiceSettings.objects.exclude(ksef_certificate_pem="").exists(),
        )
        for upload in data.values():
            if hasattr(upload, "seek"):
                upload.seek(0)
