from accounts.models import Role
from modules.billing.demo import seed_demo as billing_demo
from modules.invoices.demo import seed_demo
from modules.invoices.devtools.fake_ksef import fake_ksef_start
from modules.invoices.ksef import KsefClient, ksef_credentials
from modules.invoices.models import Invoice, Reminder
from modules.invoices.services import office_today, settings_get
from tests.helpers.offices import member
from tests.modules.invoices.factories import buyer, office_details


def test_demo_has_issued_paid_overdue_and_draft_invoices(in_office_a, office_a):
    office_details()
    for _ in range(6):
        buyer()
    people = {"staff": member(office_a, Role.STAFF)}
    billing_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    statuses = sorted(Invoice.objects.values_list("status", flat=True))
    assert statuses.count("draft") == 1
    assert {"paid", "partly_paid", "overdue", "issued"} <= set(statuses)
    assert Invoice.objects.filter(period__isnull=False).exclude(status="draft").count() == 1
    assert Reminder.objects.count() == 1
    assert settings_get().ksef_enabled is (office_a.country == "PL")
    if office_a.country == "PL":  # a certificate from the dev CA the fake trusts
        from modules.invoices.devtools.demo_ca import demo_ca_pem

        row = settings_get()
        assert "VATPL-5213017228" in row.ksef_certificate_subject
        server, fake = fake_ksef_start()
        try:
            fake.trust(demo_ca_pem())
            client = KsefClient(f"http://127.0.0.1:{server.server_address[1]}/v2")
            client.authenticate(ksef_credentials(row, office_today()), nip="5213017228")
            assert client.access
        finally:
            server.shutdown()
            server.server_close()


def test_demo_invoices_name_their_units_in_the_invoice_language(in_office_a, office_a):
    office_details()
    for n in range(6):
        buyer(language="sk" if n == 1 else "pl")
    people = {"staff": member(office_a, Role.STAFF)}
    billing_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    manual = Invoice.objects.filter(period__isnull=True).prefetch_related("lines")
    assert manual.count() == 6
    # Units and descriptions in the invoice's language: a Slovak client's is all Slovak.
    lines = {
        invoice.language: [(line.description, line.unit) for line in invoice.lines.all()]
        for invoice in manual
    }
    assert lines == {
        "pl": [("Wynajem sali konferencyjnej", "godz."), ("Skanowanie dokumentów", "str.")],
        "sk": [("Prenájom zasadačky", "hod."), ("Skenovanie dokumentov", "str.")],
    }
    overdue = Invoice.objects.get(status="overdue")
    assert overdue.issue_date < overdue.due_date < office_today()


def test_demo_invoice_dates_follow_the_day_it_is_loaded_and_agree_with_each_other(
    in_office_a, office_a
):
    """Until 2026-12-06 every demo invoice was issued on the loading day and the overdue one
    dated back afterwards: FV/4/12/2026 carried a November date, after FV/5 and before the
    service it billed had ended."""
    import datetime as dt
    import re

    office_details()
    for _ in range(6):
        buyer()
    people = {"staff": member(office_a, Role.STAFF)}
    billing_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    today = office_today()
    term = dt.timedelta(days=settings_get().payment_days)
    issued = list(
        Invoice.objects.exclude(status="draft").prefetch_related("payments").order_by("pk")
    )
    assert len(issued) == 6  # five manual ones and billing's closed month
    for invoice in issued:
        number, month, year = re.fullmatch(r"FV/(\d+)/(\d\d)/(\d{4})", invoice.number).groups()
        assert (int(month), int(year)) == (invoice.issue_date.month, invoice.issue_date.year)
        assert invoice.issue_date <= today
        assert invoice.sale_from <= invoice.sale_to < invoice.issue_date
        assert invoice.sale_to == invoice.issue_date.replace(day=1) - dt.timedelta(days=1)
        assert invoice.due_date == invoice.issue_date + term
        for payment in invoice.payments.all():
            assert invoice.issue_date <= payment.date <= today
        invoice.sequence = (invoice.issue_date.year, int(number))
    by_date = sorted(issued, key=lambda i: (i.issue_date, i.pk))
    assert [i.sequence for i in by_date] == sorted(i.sequence for i in issued)
    overdue = Invoice.objects.get(status="overdue")
    assert (overdue.issue_date, overdue.due_date) == (
        today - dt.timedelta(days=19),
        today - dt.timedelta(days=19) + term,
    )
    assert overdue.reminders.get().day == today
    month = Invoice.objects.get(period__isnull=False)
    assert month.issue_date == (month.period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert month.status == "paid"  # its term has passed: paid, as an old invoice is
    draft = Invoice.objects.get(status="draft")
    assert draft.sale_to == today.replace(day=1) - dt.timedelta(days=1)
    assert draft.due_date == today + term
    seed_demo(office=office_a, people=people)  # loaded again: nothing changes
    assert Invoice.objects.count() == len(issued) + 1
