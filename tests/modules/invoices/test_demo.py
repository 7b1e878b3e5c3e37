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
    for _ in range(6):
        buyer()
    people = {"staff": member(office_a, Role.STAFF)}
    billing_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    manual = Invoice.objects.filter(period__isnull=True).prefetch_related("lines")
    assert manual.count() == 6
    for invoice in manual:
        assert invoice.language == "pl"
        assert [line.unit for line in invoice.lines.all()] == ["godz.", "str."]
    overdue = Invoice.objects.get(status="overdue")
    assert overdue.issue_date < overdue.due_date < office_today()
