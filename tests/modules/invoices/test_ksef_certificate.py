import datetime as dt

import pytest
from django.utils import translation

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.invoices import ksef as ksef_module
from modules.invoices import services
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import (
    ksef_certificate_connect,
    ksef_certificate_get,
    ksef_certificate_remove,
    ksef_connect,
    ksef_submit,
)
from modules.invoices.models import InvoiceSettings
from tests.modules.invoices.certs import ca_make, key_pem, office_certificate, pem, pfx
from tests.modules.invoices.factories import SELLER_NIP, issued, office_details


@pytest.fixture
def ca():
    return ca_make()


@pytest.fixture
def fake(settings, in_office_a, ca):
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    fake.trust(ca.pem)
    office_details()
    services.settings_update(actor=None, data={"ksef_enabled": True})
    yield fake
    server.shutdown()
    server.server_close()


def _connect(ca, *, check=True, **kwargs):
    certificate, key = office_certificate(ca, SELLER_NIP, **kwargs)
    ksef_certificate_connect(
        actor=None, certificate=pem(certificate), private_key=key_pem(key), check=check
    )
    return certificate


@pytest.mark.parametrize("rsa_key", [False, True])
def test_certificate_authentication_round_trip(fake, ca, rsa_key):
    _connect(ca, rsa_key=rsa_key)
    fake.requests.clear()  # tried when saved
    invoice = issued()
    outcome = ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    assert (outcome["accepted"], invoice.ksef_error) == (1, "")
    assert invoice.ksef_status == "accepted"
    paths = [p for m, p in fake.requests if m == "POST" and p.startswith("/v2/auth/")]
    assert paths == ["/v2/auth/challenge", "/v2/auth/xades-signature", "/v2/auth/token/redeem"]


def test_the_certificate_wins_over_the_token(fake, ca):
    fake.token_add("tok", SELLER_NIP)
    ksef_connect(actor=None, token="tok")
    fake.requests.clear()  # tried when saved
    _connect(ca)
    ksef_submit(invoice_ids=[issued().pk])
    assert ("POST", "/v2/auth/ksef-token") not in fake.requests
    assert ("POST", "/v2/auth/xades-signature") in fake.requests


def test_a_certificate_from_a_ca_ksef_does_not_trust_is_refused(fake):
    other = ca_make("Someone else")
    with pytest.raises(ApplicationError) as refused:  # tried when uploaded: not saved
        _connect(other)
    assert refused.value.code == "certificate_refused"
    assert "460; Nieprawidłowy podpis" in refused.value.message
    assert ksef_certificate_get() is None
    # saved unchecked (KSeF out of reach then), KSeF refuses it when invoices go
    _connect(other, check=False)
    invoice = issued()
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 0
    invoice.refresh_from_db()
    # KSeF refused the login: a state of its own since the new-office audit, not retried
    assert invoice.ksef_status == "refused"
    assert invoice.ksef_error.startswith("460; Nieprawidłowy podpis")


def test_a_certificate_of_another_nip_is_refused(fake, ca):
    certificate, key = office_certificate(ca, "1234563218")
    with pytest.raises(ApplicationError) as refused:
        ksef_certificate_connect(actor=None, certificate=pem(certificate), private_key=key_pem(key))
    assert "415; Brak uprawnień; Certyfikat nie uprawnia do kontekstu 5213017228" in (
        refused.value.message
    )
    ksef_certificate_connect(
        actor=None, certificate=pem(certificate), private_key=key_pem(key), check=False
    )
    invoice = issued()
    ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    assert "415; Brak uprawnień; Certyfikat nie uprawnia do kontekstu 5213017228" in (
        invoice.ksef_error
    )


def test_a_tampered_signature_is_refused_by_the_fake(fake, ca):
    from modules.invoices.certificates import xades_sign

    certificate, key = office_certificate(ca, SELLER_NIP)
    ksef_certificate_connect(actor=None, certificate=pem(certificate), private_key=key_pem(key))
    challenge = fake.challenge({}, "")[1]["challenge"]
    xml = (
        '<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0">'
        f"<Challenge>{challenge}</Challenge><ContextIdentifier><Nip>{SELLER_NIP}</Nip>"
        "</ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType>"
        "</AuthTokenRequest>"
    ).encode()
    signed = xades_sign(xml, ksef_certificate_get())
    tampered = signed.replace(SELLER_NIP.encode(), b"1234563218", 1)
    verdict, _nip = fake._xades_check(tampered)
    assert verdict["status"]["code"] == 460
    verdict, nip = fake._xades_check(signed)
    assert (verdict["status"]["code"], nip) == (200, SELLER_NIP)
    # the same challenge cannot be used twice
    assert fake._xades_check(signed)[0]["status"]["code"] == 460


def test_pfx_with_its_password(in_office_a, ca):
    certificate, key = office_certificate(ca, SELLER_NIP, rsa_key=True)
    with pytest.raises(ApplicationError) as wrong:
        ksef_certificate_connect(
            actor=None, certificate=pfx(certificate, key, "s3cret"), password="x"
        )
    assert wrong.value.code == "password"
    assert ksef_certificate_get() is None
    ksef_certificate_connect(
        actor=None, certificate=pfx(certificate, key, "s3cret"), password="s3cret", check=False
    )
    row = InvoiceSettings.objects.get()
    assert row.ksef_certificate_serial == format(certificate.serial_number, "X")
    assert row.ksef_certificate_valid_to == certificate.not_valid_after_utc.date()
    assert "VATPL-5213017228" in row.ksef_certificate_subject
    assert "PRIVATE KEY" not in row.ksef_private_key_encrypted  # sealed
    assert ksef_certificate_get().private_key_pem.startswith("-----BEGIN PRIVATE KEY-----")
    entry = AuditEntry.objects.get(action="invoices.ksef_certificate_saved")
    assert entry.changes["certificate"] == ["", row.ksef_certificate_serial]
    assert "PRIVATE" not in str(entry.changes)


def test_an_encrypted_pem_key_with_its_password(in_office_a, ca):
    certificate, key = office_certificate(ca, SELLER_NIP)
    ksef_certificate_connect(
        actor=None,
        certificate=pem(certificate),
        private_key=key_pem(key, "pw"),
        password="pw",
        check=False,
    )
    assert ksef_certificate_get() is not None


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("garbage", "certificate"),
        ("no_key", "key_missing"),
        ("other_key", "key_mismatch"),
        ("expired", "expired"),
        ("not_yet", "not_yet_valid"),
        ("no_signing", "key_usage"),
        ("encrypted_no_password", "password"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_changes(in_office_a, ca, case, code):
    certificate, key = office_certificate(ca, SELLER_NIP)
    data = {"certificate": pem(certificate), "private_key": key_pem(key)}
    if case == "garbage":
        data["certificate"] = b"\x30\x82not a certificate"
    elif case == "no_key":
        data["private_key"] = None
    elif case == "other_key":
        data["private_key"] = key_pem(office_certificate(ca, SELLER_NIP)[1])
    elif case == "expired":
        certificate, key = office_certificate(ca, SELLER_NIP, days_left=-1, days_old=30)
        data = {"certificate": pem(certificate), "private_key": key_pem(key)}
    elif case == "not_yet":
        certificate, key = office_certificate(ca, SELLER_NIP, days_old=-3)
        data = {"certificate": pem(certificate), "private_key": key_pem(key)}
    elif case == "no_signing":
        certificate, key = office_certificate(ca, SELLER_NIP, signing=False)
        data = {"certificate": pem(certificate), "private_key": key_pem(key)}
    elif case == "encrypted_no_password":
        data["private_key"] = key_pem(key, "pw")
    before = InvoiceSettings.objects.values().first()
    with pytest.raises(ApplicationError) as refused:
        ksef_certificate_connect(actor=None, **data)
    assert refused.value.code == code
    assert InvoiceSettings.objects.values().first() == before
    assert not AuditEntry.objects.filter(action="invoices.ksef_certificate_saved").exists()


def test_removing_the_certificate(in_office_a, ca):
    _connect(ca, check=False)
    ksef_certificate_remove(actor=None)
    row = InvoiceSettings.objects.get()
    assert (
        row.ksef_certificate_pem,
        row.ksef_private_key_encrypted,
        row.ksef_certificate_valid_to,
    ) == (
        "",
        "",
        None,
    )
    assert AuditEntry.objects.filter(action="invoices.ksef_certificate_removed").count() == 1


def test_token_is_refused_after_2026(fake, monkeypatch):
    fake.token_add("tok", SELLER_NIP)
    ksef_connect(actor=None, token="tok")
    fake.requests.clear()  # tried when saved
    invoice = issued()
    monkeypatch.setattr(ksef_module, "office_today", lambda: dt.date(2027, 1, 1))
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 0
    invoice.refresh_from_db()
    assert invoice.ksef_error == (
        "KSeF tokens stopped working on 31 December 2026. Upload the office's KSeF "
        "certificate in Administration > Invoices."
    )
    assert fake.requests == []
    with pytest.raises(ApplicationError) as refused:
        ksef_connect(actor=None, token="another")
    assert refused.value.code == "token_expired"
    # on the last day it still works
    monkeypatch.setattr(ksef_module, "office_today", lambda: dt.date(2026, 12, 31))
    assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1


def test_the_fake_refuses_tokens_from_2027(fake):
    fake.token_add("tok", SELLER_NIP)
    ksef_connect(actor=None, token="tok")
    fake.today = dt.date(2027, 1, 1)
    invoice = issued()
    ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    assert "21116" in invoice.ksef_error


def test_an_expired_certificate_falls_back_to_nothing_in_2027(fake, ca, monkeypatch):
    _connect(ca, days_left=10)
    invoice = issued()
    monkeypatch.setattr(
        ksef_module, "office_today", lambda: dt.date.today() + dt.timedelta(days=11)
    )
    ksef_submit(invoice_ids=[invoice.pk])
    invoice.refresh_from_db()
    assert invoice.ksef_error == "The office's KSeF certificate has expired."


def test_an_expired_certificate_is_refused_with_the_date_in_the_readers_format(in_office_a, ca):
    certificate, key = office_certificate(ca, SELLER_NIP, days_left=-1, days_old=30)
    with translation.override("pl"), pytest.raises(ApplicationError) as refused:
        ksef_certificate_connect(actor=None, certificate=pem(certificate), private_key=key_pem(key))
    expired = certificate.not_valid_after_utc
    assert refused.value.message == f"Certyfikat wygasł {expired:%d.%m.%Y}."
