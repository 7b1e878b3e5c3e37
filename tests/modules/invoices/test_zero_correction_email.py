"""A correction of exactly 0,00 (a line taken off and put back at another wording: nothing to
pay, nothing to refund) was e-mailed "fakturę korygującą ... na kwotę 0,00 zł, płatną do
…". Its e-mail says it changes nothing owed (`invoice_unchanged`); notifications'
migration 0014 moves an office's saved message or SMS still exactly the old default."""

import importlib

import pytest
from django.apps import apps

from modules.invoices import services
from modules.notifications.hooks import event_get
from modules.notifications.models import Delivery, MessageTemplate
from tests.modules.invoices.factories import D, buyer, issued, office_details
from tests.modules.notifications.factories import email_recipient

LINES = [
    {"description": "Skan", "quantity": D("-1"), "unit_price": D("7.50"), "vat_rate": "23"},
    {"description": "Skan A4", "quantity": D("1"), "unit_price": D("7.50"), "vat_rate": "23"},
]


@pytest.mark.parametrize(
    "language, sentence",
    [
        (
            "pl",
            "w załączniku przesyłamy fakturę korygującą {c} do faktury {o}, która nie zmienia"
            " należności.",
        ),
        (
            "sk",
            "v prílohe vám posielame opravný doklad {c} k faktúre {o}, ktorý nemení sumu na"
            " úhradu.",
        ),
        (
            "en",
            "please find attached corrective invoice {c} to invoice {o}, which does not change"
            " the amount owed.",
        ),
    ],
)
def test_a_zero_correction_is_e_mailed_as_changing_nothing_owed(in_office_a, language, sentence):
    office_details()
    client = buyer(language=language)
    email_recipient(client_id=client.pk, address="ksiegowosc@example.com", language=language)
    original = issued(client)
    correction = services.invoice_correct(
        invoice=original, actor=None, reason="Nazwa usługi", lines=LINES
    )
    correction = services.invoice_issue(invoice=correction, actor=None)
    assert correction.gross == 0
    Delivery.objects.all().delete()

    assert services.invoices_deliver(invoice_ids=[correction.pk]) == 1

    body = Delivery.objects.get(event="invoices.new").body
    assert sentence.format(c=correction.number, o=original.number) in body
    for wrong in ("0,00", "0.00", "płatną do", "splatnosťou", "due on", "opłacon", "paid"):
        assert wrong not in body


def test_saved_wording_still_the_old_default_follows_the_new_one(in_office_a):
    migration = importlib.import_module(
        "modules.notifications.migrations.0014_invoice_correction_unchanged"
    )
    defaults = event_get("invoices.new").defaults
    saved = {
        language: MessageTemplate.objects.create(
            event="invoices.new",
            language=language,
            subject="Own subject",
            body=migration.CHANGES[language][0].replace("\n", "\r\n") + "\n",
            sms=migration.CHANGES[language][1],
        )
        for language in ("pl", "sk")
    }
    own = MessageTemplate.objects.create(
        event="invoices.new",
        language="en",
        subject="S",
        body=migration.CHANGES["en"][0] + "\n\nP.S. Call us.",
        sms="Own SMS",
    )
    migration.mend(apps, None)
    for language, row in saved.items():
        row.refresh_from_db()
        assert (row.subject, row.body, row.sms) == (
            "Own subject",
            defaults[language].body,
            defaults[language].sms,
        )
    own.refresh_from_db()
    assert (own.body, own.sms) == (migration.CHANGES["en"][0] + "\n\nP.S. Call us.", "Own SMS")
    # the old default moved is exactly the new default, in every language
    for language, (body, sms, body_phrase, sms_phrase) in migration.CHANGES.items():
        assert migration._new(body, body_phrase) == defaults[language].body
        assert migration._new(sms, sms_phrase) == defaults[language].sms
