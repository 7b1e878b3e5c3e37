"""Invoice screens: an overpayment shown with its amount (page, register, client tab), the
payment amount in the form's language, the UBL button's reason as text, a second reminder
the same day asked for first."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.invoices import services
from modules.invoices.models import Payment, Reminder
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import (
    SK_LINES,
    SK_SELLER,
    buyer,
    issued,
    line,
    office_details,
    sk_buyer,
)
from tests.modules.notifications.factories import email_recipient

NBSP = "\u00a0"
# 857.00 net + 197.11 VAT = 1054.11 gross
LINES = [line("Biuro wirtualne", "1", "month", "857.00", "23")]


def test_an_overpaid_invoice_says_by_how_much_in_the_page_list_and_client_tab(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(buyer(name="Kowalski Consulting"), LINES)
        assert str(invoice.gross) == "1054.11"
        services.payment_record(
            invoice=invoice,
            date=services.office_today(),
            amount=Decimal("1100.00"),
            actor=None,
            overpayment_confirmed=True,
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    badge = f'data-testid="overpaid-status">Nadpłata 45,89{NBSP}zł</span>'
    for url in (
        f"/invoices/{invoice.pk}/",
        "/invoices/",
        f"/clients/{invoice.client_id}/invoices/",
    ):
        page = web.get(url).content.decode()
        assert badge in page, url
        assert ">Opłacona</span>" in page


def test_the_payment_amount_is_shown_and_read_as_the_language_writes_it(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(buyer(), LINES)
        today = services.office_today()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    assert 'value="1054,11"' in page and 'value="1054.11"' not in page
    assert 'inputmode="decimal"' in page
    web.post(
        f"/invoices/{invoice.pk}/payments/", {"date": f"{today:%Y-%m-%d}", "amount": "1 000,50"}
    )
    with in_office(office_a):
        assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("1000.50")]


def test_the_ubl_buttons_reason_is_text_on_the_page_not_only_a_tooltip(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        invoice = issued(sk_buyer(ic_dph=""), SK_LINES[:1])
    page = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))
    html = page.get(f"/invoices/{invoice.pk}/").content.decode()
    reason = html.split('data-testid="ubl-reason">')[1].split("</p>")[0]
    assert reason.startswith("Bez e-faktúry UBL: ")
    assert "nemá IČ DPH, preto nemá adresu v sieti Peppol." in reason
    assert 'title="' not in html.split('data-testid="ubl-unavailable"')[0].rsplit("<span", 1)[1]


def test_a_second_reminder_the_same_day_is_asked_for_first(office_a):
    with in_office(office_a):
        office_details()
        client = buyer(name="Lipa sp. z o.o.")
        email_recipient(client_id=client.pk, address="k@example.com", language="en")
        invoice = issued(client, due_date=services.office_today() - dt.timedelta(days=3))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    url = f"/invoices/{invoice.pk}/remind/"
    assert "Reminder sent." in web.post(url, follow=True).content.decode()

    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    form = page.split(f'action="{url}"')[1].split("</form>")[0]
    assert "was already reminded of this invoice today. Send another reminder?" in form
    asked = web.post(url).content.decode()  # a stale page, or no script: the server asks
    assert "Lipa sp. z o.o. was already reminded of this invoice today:" in asked
    assert 'name="again" value="1"' in asked
    with in_office(office_a):
        assert Reminder.objects.filter(invoice=invoice).count() == 1
    assert "Reminder sent." in web.post(url, {"again": "1"}, follow=True).content.decode()
    with in_office(office_a):
        assert Reminder.objects.filter(invoice=invoice).count() == 2


def test_the_reminder_log_names_who_sent_a_reminder_in_one_wording(office_a):
    """One wording in every language: "sent by staff: <name>" when the person is known,
    "sent by staff" when not (their account removed), "automatic" for the daily job's."""
    with in_office(office_a):
        office_details()
        client = buyer(name="Lipa sp. z o.o.")
        email_recipient(client_id=client.pk, address="k@example.com", language="en")
        invoice = issued(client, due_date=services.office_today() - dt.timedelta(days=5))
        anna = member(office_a, Role.STAFF, language="pl")
        anna.full_name = "Anna Nowak"
        anna.save(update_fields=["full_name"])
        today = services.office_today()
        for days, kind, who in ((3, "auto", None), (2, "manual", None), (1, "manual", anna)):
            Reminder.objects.create(
                invoice=invoice, day=today - dt.timedelta(days=days), kind=kind, sent_by=who
            )
    expected = {
        "pl": ["automatyczne", "wysłane przez pracownika", "wysłane przez pracownika: Anna Nowak"],
        "sk": ["automatická", "odoslaná pracovníkom", "odoslaná pracovníkom: Anna Nowak"],
        "en": ["automatic", "sent by staff", "sent by staff: Anna Nowak"],
    }
    for language, words in expected.items():
        anna.language = language
        anna.save(update_fields=["language"])
        page = OfficeClient(office_a, user=anna).get(f"/invoices/{invoice.pk}/").content.decode()
        assert re.findall(r'data-testid="reminder-sender">([^<]*)<', page) == words


@pytest.mark.parametrize(
    "language, confirm, asked, wrong",
    [
        (
            "pl",
            "Klient Lipa sp. z o.o. otrzymał już dziś przypomnienie o tej fakturze. Wysłać"
            " kolejne?",
            "Klient Lipa sp. z o.o. otrzymał już dziś przypomnienie o tej fakturze:",
            "otrzymał(a)",
        ),
        (
            "sk",
            "Klient Lipa sp. z o.o. už dnes dostal pripomienku platby k tejto faktúre. Poslať"
            " ďalšiu?",
            "Klient Lipa sp. z o.o. už dnes dostal pripomienku platby k tejto faktúre:",
            "upomienk",
        ),
    ],
)
def test_a_second_reminder_is_asked_for_in_plain_words(office_a, language, confirm, asked, wrong):
    """The audit: "Lipa Doprava s.r.o. otrzymał(a) już dziś przypomnienie" (a company
    hedged as a he or she), and Slovak called the same reminder "upomienka" in the questions
    and "pripomienka" on the button, the heading and the e-mail."""
    with in_office(office_a):
        office_details()
        client = buyer(name="Lipa sp. z o.o.")
        email_recipient(client_id=client.pk, address="k@example.com", language=language)
        invoice = issued(client, due_date=services.office_today() - dt.timedelta(days=3))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
    url = f"/invoices/{invoice.pk}/remind/"
    web.post(url)
    page = html.unescape(web.get(f"/invoices/{invoice.pk}/").content.decode())
    assert confirm in page
    answer = html.unescape(web.post(url).content.decode())
    assert asked in answer
    assert wrong not in page and wrong not in answer
