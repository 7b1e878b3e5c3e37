"""A payment reminder goes only after the due date and only when somebody of the client
receives it; otherwise nothing is sent and nothing is recorded, and the screens say so."""

import datetime as dt

import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.invoices import services
from modules.invoices.models import Reminder
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, draft, issued, office_details
from tests.modules.notifications.factories import email_recipient


def _client(*, reached: bool = True):
    client = buyer(name="Lipa sp. z o.o.")
    if reached:
        email_recipient(client_id=client.pk, address="k@example.com", language="en")
    return client


@pytest.mark.parametrize("days", [0, 14])  # due today, due in two weeks
def test_no_reminder_before_or_on_the_due_date(in_office_a, days):
    office_details()
    invoice = issued(_client(), due_date=services.office_today() + dt.timedelta(days=days))

    with pytest.raises(ApplicationError, match="not overdue yet"):
        services.invoice_remind(invoice=invoice, actor=None)

    assert not Reminder.objects.exists()
    assert not Delivery.objects.filter(event="invoices.reminder").exists()


def test_no_reminder_recorded_when_nobody_of_the_client_receives_it(in_office_a):
    office_details()
    invoice = issued(
        _client(reached=False), due_date=services.office_today() - dt.timedelta(days=3)
    )

    with pytest.raises(ApplicationError, match=r"Nobody at Lipa sp\. z o\.o\. receives"):
        services.invoice_remind(invoice=invoice, actor=None)

    assert not Reminder.objects.exists()
    assert not Delivery.objects.exists()
    assert not AuditEntry.objects.filter(action="invoices.reminded").exists()


def test_an_overdue_invoice_is_reminded_and_its_email_names_a_past_date(in_office_a):
    office_details()
    due = services.office_today() - dt.timedelta(days=3)
    invoice = issued(_client(), due_date=due)

    reminder = services.invoice_remind(invoice=invoice, actor=None)

    assert (reminder.kind, reminder.days_overdue) == ("manual", 3)
    assert Delivery.objects.filter(event="invoices.reminder", address="k@example.com").count() == 1


def test_the_daily_job_records_no_reminder_for_a_client_nobody_of_which_receives_it(
    in_office_a,
):
    office_details()
    today = services.office_today()
    reached = issued(_client(), due_date=today - dt.timedelta(days=3))
    issued(_client(reached=False), due_date=today - dt.timedelta(days=3))

    assert services.invoices_remind_due() == 1

    assert list(Reminder.objects.values_list("invoice_id", flat=True)) == [reached.pk]


def test_the_page_has_no_reminder_button_before_the_due_date_and_a_post_sends_nothing(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(_client(), due_date=services.office_today() + dt.timedelta(days=14))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="remind"' not in page
    assert 'data-testid="remind-unavailable"' in page
    assert "The invoice is not overdue yet" in page

    text = web.post(f"/invoices/{invoice.pk}/remind/", follow=True).content.decode()
    assert "Reminder sent." not in text
    assert "The invoice is not overdue yet" in text
    with in_office(office_a):
        assert not Reminder.objects.exists()


def test_an_overdue_invoice_asks_before_sending_the_reminder(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(_client(), due_date=services.office_today() - dt.timedelta(days=3))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    form = page.split(f'action="/invoices/{invoice.pk}/remind/"')[1].split(">")[0]
    assert 'data-confirm="Send Lipa sp. z o.o. a payment reminder for' in form
    assert (
        "Reminder sent."
        in web.post(f"/invoices/{invoice.pk}/remind/", follow=True).content.decode()
    )
    with in_office(office_a):
        assert Reminder.objects.count() == 1


def test_nobody_to_receive_a_reminder_the_page_says_so(office_a):
    with in_office(office_a):
        office_details()
        invoice = issued(
            _client(reached=False), due_date=services.office_today() - dt.timedelta(days=3)
        )
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    text = web.post(f"/invoices/{invoice.pk}/remind/", follow=True).content.decode()

    assert "Reminder sent." not in text
    assert "Nobody at Lipa sp. z o.o. receives payment reminders" in text
    with in_office(office_a):
        assert not Reminder.objects.exists()


@pytest.mark.parametrize("reached", [True, False])
def test_the_issue_message_says_whether_the_invoice_was_sent(office_a, reached):
    with in_office(office_a):
        office_details()
        invoice = draft(_client(reached=reached))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    page = web.get(f"/invoices/{invoice.pk}/").content.decode()
    text = web.post(f"/invoices/{invoice.pk}/issue/", follow=True).content.decode()

    if reached:
        assert "Invoice issued and sent to the client." in text
        assert "not e-mailed" not in text
    else:
        assert "nobody at the client receives invoices by e-mail" in page  # the confirmation
        assert "Issued, but not e-mailed: nobody at Lipa sp. z o.o. receives invoices" in text
        assert "sent to the client" not in text


def test_bulk_issue_names_the_clients_nobody_of_which_receives_the_invoice(office_a):
    with in_office(office_a):
        office_details()
        ids = [draft(_client(reached=False)).pk, draft(_client()).pk]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    asked = web.post("/invoices/issue/", {"ids": ids}).content.decode()  # the confirmation
    assert "Not e-mailed: nobody at Lipa sp. z o.o. receives invoices" in asked
    text = web.post("/invoices/issue/", {"ids": ids, "confirm": "1"}, follow=True)
    text = text.content.decode()

    assert "2 invoices issued." in text
    assert "Issued, but not e-mailed: nobody at Lipa sp. z o.o. receives invoices" in text
