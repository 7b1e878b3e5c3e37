import base64
import hashlib
import io

import pytest
import zxingcpp
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from pypdf import PdfReader

from common.pdf import pdf_page_image
from common.storage import office_read
from modules.invoices import services
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.fa3 import fa3_build
from modules.invoices.ksef import ksef_certificate_connect, ksef_submit
from tests.modules.invoices.certs import ca_make, key_pem, office_certificate, pem
from tests.modules.invoices.factories import SELLER_NIP, issued, office_details

QR = "https://qr-test.ksef.mf.gov.pl"


@pytest.fixture
def ca():
    return ca_make()


@pytest.fixture
def down(settings, in_office_a, ca):
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    settings.KSEF_QR_BASE = QR
    fake.trust(ca.pem)
    office_details()
    services.settings_update(actor=None, data={"ksef_enabled": True})
    fake.available = False
    yield fake
    server.shutdown()
    server.server_close()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _qr_codes(pdf: bytes) -> list[str]:
    image = pdf_page_image(pdf, scale=4)
    # QR codes only: read as every format, one CI run found a third code on the page (its
    # kind was not recorded; a line of text read as a one-dimensional barcode is the usual
    # false find of a reader that tries every format).
    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return sorted(code.text for code in codes)


def _offline_invoice(ca, *, rsa_key):
    certificate, key = office_certificate(ca, SELLER_NIP, rsa_key=rsa_key)
    ksef_certificate_connect(actor=None, certificate=pem(certificate), private_key=key_pem(key))
    invoice = issued()
    assert ksef_submit(invoice_ids=[invoice.pk])["offline"] == 1
    invoice.refresh_from_db()
    return invoice, certificate


@pytest.mark.parametrize("rsa_key", [False, True])
def test_an_offline_invoice_carries_kod_i_and_a_signed_kod_ii_read_back_from_the_pdf(
    down, ca, rsa_key
):
    invoice, certificate = _offline_invoice(ca, rsa_key=rsa_key)
    assert invoice.ksef_status == "offline"
    pdf = office_read(services.invoice_pdf_path(invoice=invoice))
    kod2, kod1 = _qr_codes(pdf)  # sorted: .../certificate/... before .../invoice/...
    digest = _b64url(hashlib.sha256(fa3_build(invoice)).digest())
    assert kod1 == f"{QR}/invoice/{SELLER_NIP}/{invoice.issue_date:%d-%m-%Y}/{digest}"
    serial = format(certificate.serial_number, "X")
    prefix = f"{QR}/certificate/Nip/{SELLER_NIP}/{SELLER_NIP}/{serial}/{digest}/"
    assert kod2.startswith(prefix)
    signature = _unb64url(kod2.removeprefix(prefix))
    signed = prefix.removeprefix("https://").rstrip("/").encode()
    public = certificate.public_key()
    if isinstance(public, rsa.RSAPublicKey):
        public.verify(
            signature,
            signed,
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
            hashes.SHA256(),
        )
    else:
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        public.verify(encode_dss_signature(r, s), signed, ec.ECDSA(hashes.SHA256()))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "OFFLINE" in text and "CERTYFIKAT" in text


def test_the_hash_in_the_offline_codes_is_the_one_ksef_gets_later(down, ca):
    invoice, _certificate = _offline_invoice(ca, rsa_key=False)
    pdf = office_read(services.invoice_pdf_path(invoice=invoice))
    printed = next(c for c in _qr_codes(pdf) if "/invoice/" in c).rsplit("/", 1)[1]
    down.available = True
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1
    invoice.refresh_from_db()
    assert _b64url(base64.b64decode(invoice.ksef_hash)) == printed
    assert down.accepted()[0]["offline"] is True
    # accepted: the PDF now shows the KSeF number and KOD I only
    codes = _qr_codes(office_read(invoice.pdf_path))
    assert codes == [f"{QR}/invoice/{SELLER_NIP}/{invoice.issue_date:%d-%m-%Y}/{printed}"]


def test_without_a_certificate_only_kod_i_offline_is_printed(down):
    from modules.invoices.ksef import ksef_connect

    ksef_connect(actor=None, token="tok")
    invoice = issued()
    ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    pdf = office_read(services.invoice_pdf_path(invoice=invoice))
    codes = _qr_codes(pdf)
    assert len(codes) == 1 and codes[0].startswith(f"{QR}/invoice/{SELLER_NIP}/")
