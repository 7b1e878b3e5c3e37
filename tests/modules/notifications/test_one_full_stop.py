"""A template's sentence that ends with a name ("… for {{ client_name }}.", "… {{ office_name
}}.") prints one full stop when the name ends in a dot ("Lipa Sp. z o.o."), whatever the
template: the rule sits in notifications' rendering (sandbox.render, common.formats.
one_full_stop), so every default and every office's own wording gets it - e-mail subject,
text, its HTML part and the SMS - while an ellipsis stays."""

import datetime

from modules.notifications.channels.email import email_build
from modules.notifications.models import Delivery
from modules.notifications.services import notify, settings_update, template_save
from tests.modules.notifications.factories import email_recipient, sms_recipient

MAIL = {
    "client_name": "Lipa Sp. z o.o.",
    "mail_sender": "ZUS",
    "mail_type": "letter",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    "mail_items": 1,
}


def test_a_name_ending_in_a_dot_ends_its_sentence_with_one_full_stop(in_office_a, monkeypatch):
    office = in_office_a
    monkeypatch.setattr(office, "name", "Biuro Centrum Sp. z o.o.")  # the shared fixture's
    email_recipient(client_id=1, address="a@lipa.pl", language="en")
    settings_update(actor=None, office_email="biuro@office-a.pl")
    # The default English text: "we have sent mail on behalf of {{ client_name }}."
    sent = {
        "client_name": "Lipa Sp. z o.o.",
        "mail_recipient": "ZUS",
        "mail_type": "letter",
        "mail_sent_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
        "mail_items": 1,
    }
    notification = notify(event="mail.sent", client_id=1, context=sent)
    delivery = Delivery.objects.get(notification=notification)
    assert "we have sent mail on behalf of Lipa Sp. z o.o.\n" in delivery.body
    html = email_build(delivery=delivery, office=office).alternatives[0][0]
    assert "<p>we have sent mail on behalf of Lipa Sp. z o.o.</p>" in html
    assert "o.o.." not in delivery.body and "o.o.." not in html
    # The office's own wording, each part ending with a name, and an ellipsis kept.
    template_save(
        event="mail.new",
        language="en",
        subject="Mail for {{ client_name }}.",
        body="Hello... new mail for {{ client_name }}.\n\nYours, {{ office_name }}.",
        sms="{{ office_name }}: mail for {{ client_name }}.",
        actor=None,
    )
    sms_recipient(client_id=1, address="+48601000001", language="en")
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    mail, sms = (
        Delivery.objects.filter(notification=notification)
        .order_by("channel")
        .only("channel", "subject", "body")
    )
    assert (mail.channel, mail.subject) == ("email", "Mail for Lipa Sp. z o.o.")
    assert mail.body == (
        "Company: Lipa Sp. z o.o.\n\n"
        "Hello... new mail for Lipa Sp. z o.o.\n\nYours, Biuro Centrum Sp. z o.o."
    )
    assert (sms.channel, sms.body) == (
        "sms",
        "Biuro Centrum Sp. z o.o.: mail for Lipa Sp. z o.o.",
    )
