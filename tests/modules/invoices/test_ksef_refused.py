"""A wrong KSeF token (audit of a new office): it was saved without a word, the issue said
"issued and sent to the client" while KSeF refused the session (shown half in English), no
e-mail went and nothing could be done. Now the token is tried on KSeF when saved, the issue
says the invoice goes to the client once KSeF accepts it, and KSeF's refusal to log the
office in is a state of its own ("Refused"), translated, with *Send to KSeF again* and an
alert to the office."""

import pytest
from django.utils import translation
from django.utils.html import escape

from accounts.models import Role
from modules.invoices import services
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import ksef_connect, ksef_pending_ids, ksef_submit
from modules.invoices.models import Invoice, InvoiceMailing, InvoiceSettings
from modules.invoices.sealed import secret_open
from modules.notifications.models import StaffAlert
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import SELLER_NIP, buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient

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


def _pl(message: str, **values) -> str:
    with translation.override("pl"):
        text = translation.gettext(message)
    return escape(text % values if values else text)


def _admin(office):
    return OfficeClient(office, user=member(office, Role.ADMIN, language="pl"))


def test_a_token_ksef_refuses_is_not_saved_and_stays_typed(fake, office_a):
    web = _admin(office_a)
    response = web.post(URL, {"form": "ksef", "ksef-token": "typo-token"})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        _pl(
            "KSeF did not accept this token for NIP %(nip)s, so it was not saved. Check the "
            "token in the KSeF application. KSeF's answer: %(answer)s",
            nip=SELLER_NIP,
            answer="21115: Nieprawidłowy token KSeF dla kontekstu.",
        )
        in page
    )
    assert 'value="typo-token"' in page  # kept, to correct rather than paste again
    with in_office(office_a):
        assert InvoiceSettings.objects.get().ksef_token_encrypted == ""


def test_a_token_ksef_accepts_is_saved_and_said_so(fake, office_a):
    web = _admin(office_a)
    response = web.post(URL, {"form": "ksef", "ksef-token": TOKEN})
    assert (response.status_code, response["Location"]) == (302, URL)
    assert _pl("KSeF accepted the token; it is saved.") in web.get(URL).content.decode()
    with in_office(office_a):
        assert secret_open(InvoiceSettings.objects.get().ksef_token_encrypted) == TOKEN
    assert [p for _m, p in fake.requests if "auth" in p][:2] == [
        "/v2/auth/challenge",
        "/v2/auth/ksef-token",
    ]


def test_ksef_out_of_reach_saves_the_token_with_a_warning(fake, office_a):
    fake.available = False
    web = _admin(office_a)
    assert web.post(URL, {"form": "ksef", "ksef-token": "unchecked"}).status_code == 302
    page = web.get(URL).content.decode()
    assert (
        _pl(
            "KSeF token saved, but KSeF could not be reached to check it. If KSeF refuses "
            "it, the invoices will say so."
        )
        in page
    )
    with in_office(office_a):
        assert secret_open(InvoiceSettings.objects.get().ksef_token_encrypted) == "unchecked"


def test_the_issue_says_the_client_gets_it_once_ksef_accepts_it(fake, office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    with in_office(office_a):
        ksef_connect(actor=None, token=TOKEN)
        client = buyer()
        email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="pl")
        made = draft(client)
    response = web.post(f"/invoices/{made.pk}/issue/", follow=True)
    page = response.content.decode()
    assert _pl("Invoice issued. It will be sent to the client once KSeF accepts it.") in page
    assert _pl("Invoice issued and sent to the client.") not in page


def test_a_refused_login_stops_the_invoices_alerts_and_they_can_be_sent_again(fake, office_a):
    staff = member(office_a, Role.STAFF, language="pl")
    with in_office(office_a):
        # saved while it worked; then revoked in KSeF
        ksef_connect(actor=None, token=TOKEN)
        fake.tokens.clear()
        invoice = issued()
        outcome = ksef_submit(invoice_ids=[invoice.pk])
        assert (outcome["accepted"], outcome["refused"]) == (0, 1)
        invoice.refresh_from_db()
        assert invoice.ksef_status == "refused"
        assert invoice.ksef_error == "21115: Nieprawidłowy token KSeF dla kontekstu."
        assert ksef_pending_ids() == []  # not retried every 15 minutes with the same token
        assert not InvoiceMailing.objects.exists()  # nothing e-mailed before KSeF has it
        alerts = StaffAlert.objects.filter(
            event="invoices.ksef_refused", user=staff, read_at__isnull=True
        )
        assert alerts.count() == 1
        assert ksef_submit(invoice_ids=[invoice.pk])["refused"] == 0  # terminal: no alert
        assert alerts.count() == 1
    page = OfficeClient(office_a, user=staff).get(f"/invoices/{invoice.pk}/").content.decode()
    with translation.override("pl"):
        label = str(Invoice.Ksef.REFUSED.label)
    assert label == "Odmowa: KSeF nie przyjął tokenu ani certyfikatu" and label in page
    assert (
        _pl(
            "KSeF did not accept the office's token or certificate. Correct it in "
            "Administration > Invoices, then send the invoice to KSeF again. KSeF's answer: "
            "%(answer)s",
            answer="21115: Nieprawidłowy token KSeF dla kontekstu.",
        )
        in page
    )
    assert "KSeF refused the session" not in page
    assert f'action="/invoices/{invoice.pk}/ksef/"' in page
    with in_office(office_a):
        fake.token_add(TOKEN, SELLER_NIP)
        # fixed: the alert is read and the refused invoice queued again (test_ksef_reconnect)
        assert ksef_connect(actor=None, token=TOKEN).resent == 1
        assert alerts.count() == 0
        invoice.refresh_from_db()
        assert invoice.ksef_status == "queued"
        assert ksef_submit(invoice_ids=[invoice.pk])["accepted"] == 1
        invoice.refresh_from_db()
        assert (invoice.ksef_status, invoice.ksef_error) == ("accepted", "")
        assert list(InvoiceMailing.objects.values_list("invoice_ids", flat=True)) == [[invoice.pk]]


def test_other_ksef_problems_read_in_the_readers_language(fake, office_a):
    from modules.invoices.ksef import ksef_error_words

    invoice = Invoice(ksef_status="offline", ksef_error="KSeF unavailable: HTTP 503")
    with translation.override("pl"):
        assert ksef_error_words(invoice) == (
            "KSeF jest niedostępny (HTTP 503). Faktura jest wystawiona w trybie offline i co "
            "15 minut jest automatycznie wysyłana ponownie."
        )
    invoice = Invoice(ksef_status="queued", ksef_error="KSeF is not connected (no certificate).")
    with translation.override("sk"):
        assert ksef_error_words(invoice) == translation.gettext(
            "KSeF is not connected (no certificate)."
        )
        assert ksef_error_words(invoice) != invoice.ksef_error
