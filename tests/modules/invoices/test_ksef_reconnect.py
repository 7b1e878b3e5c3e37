"""The office fixes its KSeF login (gaps of the new-office audit's fix): the invoices stopped
as *refused* were sent again one by one with *Send to KSeF again*, and a certificate upload
marked the refused-login alert read without KSeF ever trying it. Now a token or certificate
KSeF accepts queues every refused invoice of the office again (said on the message), and a
certificate is tried on KSeF (the fake on loopback) before it is saved: refused, KSeF's answer
is shown, nothing is saved and the alert stays."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.invoices import services, tasks
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import ksef_certificate_get, ksef_connect, ksef_submit
from modules.invoices.models import Invoice, InvoiceSettings
from modules.notifications.models import StaffAlert
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.certs import ca_make, key_pem, office_certificate, pem
from tests.modules.invoices.factories import SELLER_NIP, issued, office_details

TOKEN = "good-ksef-token"
URL = "/administration/invoices/"


@pytest.fixture
def fake(settings, office_a):
    server, fake = fake_ksef_start()
    settings.KSEF_API_BASE = f"http://127.0.0.1:{server.server_address[1]}/v2"
    fake.token_add(TOKEN, SELLER_NIP)
    with in_office(office_a):
        office_details()
        services.settings_update(actor=None, data={"ksef_enabled": True})
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def worker(monkeypatch):
    """The KSeF task run in place of the broker: its real body (`ksef_submit`) per message."""
    sent = []

    def send(ids, **_kw):
        sent.append(list(ids))
        tasks.ksef_submit_task.fn(ids)

    monkeypatch.setattr(tasks.ksef_submit_task, "send", send)
    return sent


def _refused(office, fake, count: int) -> tuple[list[Invoice], object]:
    """`count` invoices KSeF refused to take (the token revoked after it was saved), plus an
    invoice KSeF accepted and one it rejected, which a new login must leave alone."""
    staff = member(office, Role.STAFF, language="pl")
    with in_office(office):
        ksef_connect(actor=None, token=TOKEN)
        accepted = issued()
        assert ksef_submit(invoice_ids=[accepted.pk])["accepted"] == 1
        fake.tokens.clear()
        invoices = [issued() for _ in range(count)]
        outcome = ksef_submit(invoice_ids=[i.pk for i in invoices])
        assert outcome["refused"] == count
        assert set(Invoice.objects.values_list("ksef_status", flat=True)) == {
            "accepted",
            "refused",
        }
    return invoices, staff


def _pl_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("pl"):
        return escape(translation.ngettext(singular, plural, count) % {"count": count})


def _pl(message: str) -> str:
    with translation.override("pl"):
        return escape(translation.gettext(message))


def _alerts(staff):
    return StaffAlert.objects.filter(
        event="invoices.ksef_refused", user=staff, read_at__isnull=True
    )


def test_a_token_ksef_accepts_sends_every_refused_invoice_again(
    fake, office_a, worker, django_capture_on_commit_callbacks
):
    invoices, staff = _refused(office_a, fake, 3)
    fake.token_add(TOKEN, SELLER_NIP)  # fixed in KSeF
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = web.post(URL, {"form": "ksef", "ksef-token": TOKEN})
    assert (response.status_code, response["Location"]) == (302, URL)
    ids = sorted(i.pk for i in invoices)
    with in_office(office_a):
        # queued in the same transaction as the token, before any worker runs
        assert (
            sorted(
                Invoice.objects.filter(ksef_status="queued", ksef_error="").values_list(
                    "pk", flat=True
                )
            )
            == ids
        )
        assert _alerts(staff).count() == 0
        assert sorted(
            AuditEntry.objects.filter(action="invoices.ksef_resent").values_list(
                "target_id", flat=True
            )
        ) == [str(pk) for pk in ids]
        for callback in callbacks:
            callback()
        assert worker == [ids]  # one message for the three
        assert sorted(
            Invoice.objects.filter(ksef_status="accepted").values_list("pk", flat=True)
        ) == sorted([*ids, Invoice.objects.order_by("pk").first().pk])
    page = web.get(URL).content.decode()
    saved = _pl("KSeF accepted the token; it is saved.")
    again = _pl_plural(
        "%(count)s invoice KSeF refused before is sent to it again.",
        "%(count)s invoices KSeF refused before are sent to it again.",
        3,
    )
    assert again == "3 faktury, których KSeF wcześniej nie przyjął, są wysyłane ponownie."
    assert f"{saved} {again}" in page
    # saved again: nothing is left refused, nothing is sent twice, no count is said
    worker.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        web.post(URL, {"form": "ksef", "ksef-token": TOKEN})
    with in_office(office_a):
        for callback in callbacks:
            callback()
    assert worker == []
    page = web.get(URL).content.decode()
    assert saved in page and "wcześniej nie przyjął" not in page
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="invoices.ksef_resent").count() == 3


def test_a_token_saved_unchecked_sends_nothing_again(fake, office_a, worker):
    invoices, staff = _refused(office_a, fake, 2)
    fake.token_add(TOKEN, SELLER_NIP)
    fake.available = False  # KSeF out of reach: the token cannot be judged
    with in_office(office_a):
        done = ksef_connect(actor=None, token=TOKEN)
        assert (done.checked, done.resent) == (False, 0)
        assert list(Invoice.objects.filter(ksef_status="refused").order_by("pk")) == invoices
        assert _alerts(staff).count() == 1


def _upload(web, certificate, key):
    return web.post(
        URL,
        {
            "form": "certificate",
            "cert-certificate": SimpleUploadedFile("ksef.crt", pem(certificate)),
            "cert-private_key": SimpleUploadedFile("ksef.key", key_pem(key)),
            "cert-password": "",
        },
    )


def test_a_certificate_is_tried_on_ksef_before_the_alert_is_read(
    fake, office_a, worker, django_capture_on_commit_callbacks
):
    invoices, staff = _refused(office_a, fake, 2)
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    fake.requests.clear()
    # a certificate KSeF does not take (its CA is not trusted): refused with KSeF's answer
    certificate, key = office_certificate(ca_make("Someone else"), SELLER_NIP)
    response = _upload(web, certificate, key)
    assert response.status_code == 200
    with translation.override("pl"):
        lead = translation.gettext(
            "KSeF did not accept this certificate for NIP %(nip)s, so it was not saved. "
            "Check that it is the office's KSeF certificate. KSeF's answer: %(answer)s"
        ) % {"nip": SELLER_NIP, "answer": "415; Brak zaufanego certyfikatu"}
    assert escape(lead) in response.content.decode()
    assert [p for m, p in fake.requests if m == "POST"] == [
        "/v2/auth/challenge",
        "/v2/auth/xades-signature",
    ]
    with in_office(office_a):
        assert ksef_certificate_get() is None
        assert InvoiceSettings.objects.get().ksef_certificate_pem == ""
        assert _alerts(staff).count() == 1  # still unread: nothing was fixed
        assert Invoice.objects.filter(ksef_status="refused").count() == 2
    # one KSeF trusts: saved, the alert read, the refused invoices sent again with it
    authority = ca_make()
    fake.trust(authority.pem)
    certificate, key = office_certificate(authority, SELLER_NIP)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(web, certificate, key)
    assert (response.status_code, response["Location"]) == (302, URL)
    with in_office(office_a):  # the request's after-commit work, in its office
        for callback in callbacks:
            callback()
    page = web.get(URL).content.decode()
    again = _pl_plural(
        "%(count)s invoice KSeF refused before is sent to it again.",
        "%(count)s invoices KSeF refused before are sent to it again.",
        2,
    )
    assert f"{_pl('KSeF accepted the certificate; it is saved.')} {again}" in page
    with in_office(office_a):
        assert ksef_certificate_get() is not None
        assert _alerts(staff).count() == 0
        assert worker == [sorted(i.pk for i in invoices)]
        assert Invoice.objects.filter(ksef_status="accepted").count() == 3


def test_a_certificate_ksef_cannot_check_is_saved_with_a_warning(fake, office_a):
    invoices, staff = _refused(office_a, fake, 1)
    authority = ca_make()
    fake.trust(authority.pem)
    fake.available = False
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    certificate, key = office_certificate(authority, SELLER_NIP)
    assert _upload(web, certificate, key).status_code == 302
    page = web.get(URL).content.decode()
    assert (
        _pl(
            "KSeF certificate saved, but KSeF could not be reached to check it. If KSeF "
            "refuses it, the invoices will say so."
        )
        in page
    )
    with in_office(office_a):
        assert ksef_certificate_get() is not None
        assert _alerts(staff).count() == 1  # not known to work yet
        assert Invoice.objects.get(pk=invoices[0].pk).ksef_status == "refused"
