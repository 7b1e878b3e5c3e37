"""The month-end audit: a reducing correction (FV/14/12/2026, -123,00 zł) was e-mailed as an
invoice to pay ("przesyłamy fakturę FV/14/12/2026 na kwotę -123,00 zł, płatną do
21.12.2026") and read "Opłacona" (paid) on its page, in the register, the export and the
client panel, with "zapłacono 0,00 zł / -123,00 zł" under it. It is named a correction of
its invoice in the e-mail, and reads "Nothing to pay" with what it takes off the amount
owed."""

import io

import openpyxl
import pytest

from accounts.models import Role
from modules.invoices import services
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import D, buyer, issued, office_details
from tests.modules.notifications.factories import email_recipient

SKAN = {"description": "Skan", "quantity": D("-1"), "unit_price": D("7.50"), "vat_rate": "23"}


def _correction(original, lines=(SKAN,)):
    correction = services.invoice_correct(
        invoice=original, actor=None, reason="Skan nie był wykonany", lines=list(lines)
    )
    return services.invoice_issue(invoice=correction, actor=None)


@pytest.mark.parametrize(
    "language, subject, sentence",
    [
        (
            "pl",
            "Faktura korygująca {c}",
            "w załączniku przesyłamy fakturę korygującą {c} do faktury {o}, która zmniejsza "
            "należność o 9,23\xa0zł.",
        ),
        (
            "sk",
            "Opravný doklad {c}",
            "v prílohe vám posielame opravný doklad {c} k faktúre {o}, ktorý znižuje sumu na "
            "úhradu o 9,23\xa0PLN.",
        ),
        (
            "en",
            "Corrective invoice {c}",
            "please find attached corrective invoice {c} to invoice {o}, which reduces the "
            "amount owed by PLN\xa09.23.",
        ),
    ],
)
def test_a_reducing_correction_is_e_mailed_as_a_correction_not_an_invoice_to_pay(
    in_office_a, language, subject, sentence
):
    office_details()
    client = buyer(language=language)
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language=language)
    original = issued(client)
    correction = _correction(original)
    Delivery.objects.all().delete()

    assert services.invoices_deliver(invoice_ids=[correction.pk]) == 1

    sent = Delivery.objects.get(event="invoices.new")
    assert sent.subject == subject.format(c=correction.number)
    assert sentence.format(c=correction.number, o=original.number) in sent.body
    for wrong in ("-9,23", "-9.23", "płatną do", "splatnosťou", "due on"):
        assert wrong not in sent.body


def test_a_correction_that_adds_is_e_mailed_as_a_correction_to_pay(in_office_a):
    office_details()
    client = buyer(language="pl")
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="pl")
    original = issued(client)
    correction = _correction(original, [{**SKAN, "quantity": D("2")}])
    Delivery.objects.all().delete()

    services.invoices_deliver(invoice_ids=[correction.pk])

    body = Delivery.objects.get(event="invoices.new").body
    due = correction.due_date.strftime("%d.%m.%Y")
    assert (
        f"fakturę korygującą {correction.number} do faktury {original.number} na kwotę "
        f"18,45\xa0zł, płatną do {due}." in body
    )


def test_an_invoice_s_e_mail_is_unchanged(in_office_a):
    office_details()
    client = buyer(language="pl")
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language="pl")
    invoice = issued(client)
    services.invoices_deliver(invoice_ids=[invoice.pk])
    sent = Delivery.objects.get(event="invoices.new")
    assert sent.subject == f"Faktura {invoice.number}"
    assert f"w załączniku przesyłamy fakturę {invoice.number} na kwotę 334,11\xa0zł" in sent.body


def test_a_reducing_correction_reads_nothing_to_pay_on_every_screen(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
        original = issued(client)
        correction = _correction(original)
    owner = member(office_a, Role.OWNER, language="pl")
    web = OfficeClient(office_a, user=owner)

    page = web.get(f"/invoices/{correction.pk}/").content.decode()
    status = page.split('data-testid="status">')[1].split("<")[0]
    assert status == "Nic do zapłaty"
    assert (
        f"Nic do zapłaty: ta korekta zmniejsza należność z faktury {original.number} o "
        "9,23\xa0zł." in page
    )
    assert 'data-testid="payments"' not in page  # no "zapłacono 0,00 zł / -9,23 zł"

    original_page = web.get(f"/invoices/{original.pk}/").content.decode()
    corrected_by = original_page.split('data-testid="corrections"')[1].split("</dd>")[0]
    assert "Nic do zapłaty" in corrected_by and "Opłacona" not in corrected_by

    register = web.get("/invoices/").content.decode()
    row = register.split(f'href="/invoices/{correction.pk}/"')[1].split("</tr>")[0]
    assert "Nic do zapłaty" in row and "Opłacona" not in row

    book = openpyxl.load_workbook(io.BytesIO(web.get("/invoices/export/").content))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[correction.number][header.index("Status")] == "Nic do zapłaty"
    assert rows[original.number][header.index("Status")] == "Wystawiona"


def test_the_client_panel_says_the_correction_has_nothing_to_pay(office_a):
    with in_office(office_a):
        office_details()
        client = buyer()
        original = issued(client)
        correction = _correction(original)
    user = member(
        office_a, Role.CLIENT, client_id=client.pk, client_name=client.name, language="pl"
    )
    web = OfficeClient(office_a, user=user)
    page = web.get(f"/portal/invoices/{correction.pk}/").content.decode()
    assert f"Faktura korygująca {correction.number}" in page
    assert "Nic do zapłaty: ta korekta zmniejsza należność" in page
    assert "Do zapłaty:" not in page and "Opłacona" not in page


@pytest.mark.parametrize(
    "language, printed",
    [
        ("pl", "Zmniejszenie należności o: 9,23\xa0zł"),
        ("sk", "Zníženie sumy na úhradu o: 9,23\xa0PLN"),
    ],
)
def test_a_reducing_correction_s_pdf_prints_what_it_takes_off_not_a_negative_to_pay(
    in_office_a, language, printed
):
    from common.pdf import pdf_text
    from modules.invoices.pdf import invoice_pdf_render

    office_details()
    correction = _correction(issued(buyer(language=language)))
    text = " ".join(pdf_text(invoice_pdf_render(invoice=correction)).split())
    assert " ".join(printed.split()) in text
    for wrong in ("Do zapłaty", "K úhrade", "-9,23 zł:", "-9,23 PLN"):
        assert wrong not in text


def test_an_office_s_own_invoice_e_mail_is_told_the_default_now_names_corrections(office_a):
    """An office that saved its own wording of the invoice e-mail (before corrections were
    named) sees the editor's notice naming the new variables, its wording untouched."""
    from modules.notifications.models import MessageTemplate
    from modules.notifications.selectors import template_default_news

    with in_office(office_a):
        MessageTemplate.objects.create(
            event="invoices.new",
            language="pl",
            subject="Faktura {{ invoice_number }}",
            body="Dzień dobry,\\n\\nfaktura {{ invoice_number }} na {{ invoice_total }}.",
            sms="Faktura {{ invoice_number }}.",
            default_hash="the default as it was saved",
        )
        news = template_default_news(event="invoices.new", language="pl")
    assert news is not None
    assert {"invoice_correction", "invoice_credit"} <= set(news.missing)
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN, language="pl"))
    page = web.get("/administration/notifications/templates/invoices.new/pl/").content.decode()
    assert 'data-testid="default-news"' in page
    assert "<code>{{ invoice_correction }}</code>" in page
