import datetime as dt
import io

import pytest
from pypdf import PdfReader

from common.storage import office_read
from modules.invoices import services
from modules.invoices.models import Reminder
from modules.invoices.pdf import invoice_pdf_render
from modules.notifications.models import Delivery
from tests.modules.invoices.factories import buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _details(in_office_a):
    office_details()


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", ["Faktura FV/1/", "Sprzedawca", "Nabywca", "Do zapłaty: 334,11"]),
        ("sk", ["Faktúra FV/1/", "Dodávateľ", "Odberateľ", "K úhrade: 334,11"]),
        ("en", ["Invoice FV/1/", "Seller", "Buyer", "To pay: PLN\xa0334.11"]),
    ],
)
def test_pdf_in_the_clients_language_reads_back(language, words):
    invoice = issued(buyer(language=language))
    text = _text(invoice_pdf_render(invoice=invoice))
    for word in words:
        assert word in text
    assert "Biuro Testowe sp. z o.o." in text
    assert "PL61 1090 1014 0000 0712 1981 2874" in text  # grouped in fours
    assert "Ul. Prosta 2" in text or "ul. Prosta 2" in text


def test_bilingual_pdf_has_both_languages():
    invoice = issued(buyer(language="pl"))
    text = _text(invoice_pdf_render(invoice=invoice, bilingual=True))
    assert "Sprzedawca / Seller" in text
    assert "Do zapłaty / To pay: 334,11" in text


def test_pdf_refuses_urls_in_client_data():
    client = buyer(name='<img src="http://127.0.0.1:9/x.png"> Firma')
    invoice = issued(client)
    text = _text(invoice_pdf_render(invoice=invoice))
    assert '<img src="http://127.0.0.1:9/x.png"> Firma' in text  # escaped, printed as text


def test_issued_invoice_is_emailed_once_with_its_pdf():
    client = buyer(language="en")
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="en")
    invoice = issued(client)
    assert services.invoices_deliver(invoice_ids=[invoice.pk]) == 1
    assert services.invoices_deliver(invoice_ids=[invoice.pk]) == 0
    delivery = Delivery.objects.get(event="invoices.new")
    assert delivery.address == "ksiegowosc@example.com"
    assert delivery.subject == f"Invoice {invoice.number}"
    assert "PLN\xa0334.11" in delivery.body
    invoice.refresh_from_db()
    assert invoice.emailed_at is not None
    assert _text(office_read(invoice.pdf_path)).count(invoice.number) >= 1


def test_a_draft_is_never_emailed():
    invoice = draft()
    assert services.invoices_deliver(invoice_ids=[invoice.pk]) == 0
    assert not Delivery.objects.exists()


def test_reminders_on_the_office_days_across_dst():
    # Europe/Warsaw moves to summer time at 01:00 UTC on 29 March 2026.
    client = buyer()
    email_recipient(client_id=client.pk, address="k@example.com", language="en")
    invoice = issued(client, due_date=dt.date(2026, 3, 26))
    paid = issued(client, due_date=dt.date(2026, 3, 26))
    services.payment_record(invoice=paid, date=dt.date(2026, 3, 20), amount=paid.gross, actor=None)
    # 23:30 UTC on the 28th is 00:30 on the 29th in Warsaw: 3 days after the due date.
    assert services.invoices_remind_due(now=dt.datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == 1
    # the same office day again (a retry): nothing more
    assert services.invoices_remind_due(now=dt.datetime(2026, 3, 29, 21, 30, tzinfo=UTC)) == 0
    # 22:30 UTC on the 29th is already the 30th (CEST): not a reminder day
    assert services.invoices_remind_due(now=dt.datetime(2026, 3, 29, 22, 30, tzinfo=UTC)) == 0
    # 14 days after: 9 April
    assert services.invoices_remind_due(now=dt.datetime(2026, 4, 8, 22, 15, tzinfo=UTC)) == 1
    assert list(Reminder.objects.values_list("invoice_id", "day", "days_overdue")) == [
        (invoice.pk, dt.date(2026, 3, 29), 3),
        (invoice.pk, dt.date(2026, 4, 9), 14),
    ]
    assert Delivery.objects.filter(event="invoices.reminder").count() == 2
    invoice.refresh_from_db()
    assert invoice.status == "overdue"


def test_manual_reminder_is_logged_and_refused_for_a_paid_invoice():
    client = buyer()
    email_recipient(client_id=client.pk, address="k@example.com", language="en")
    invoice = issued(client, due_date=services.office_today() - dt.timedelta(days=2))
    reminder = services.invoice_remind(invoice=invoice, actor=None)
    assert (reminder.kind, reminder.invoice_id) == ("manual", invoice.pk)
    services.payment_record(
        invoice=invoice, date=dt.date(2026, 4, 1), amount=invoice.gross, actor=None
    )
    with pytest.raises(Exception, match="only for unpaid"):
        services.invoice_remind(invoice=invoice, actor=None)
    assert Reminder.objects.count() == 1


def test_pdf_fetcher_refuses_everything_but_data_uris():
    from common.pdf import pdf_fetcher

    fetcher = pdf_fetcher()  # what invoice_pdf_render uses (common.pdf.pdf_render's default)
    for url in ("http://127.0.0.1:9/logo.png", "file:///etc/passwd", "https://example.com/x"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,eA==").read() == b"x"
