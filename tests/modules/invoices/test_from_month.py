import datetime as dt

from accounts.models import Role, User
from modules.billing import selectors as billing
from modules.billing.services import period_close, usage_record
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, courier, on_package, room_hour
from tests.modules.invoices.factories import MARCH, D, buyer, office_details

UNITS = {
    "pl": {"piece": "szt.", "hour": "godz.", "page": "str.", "month": "mies."},
    "sk": {"piece": "ks", "hour": "hod.", "page": "str.", "month": "mes."},
}


def _month(language: str):
    client = on_package(biznes(), client=buyer(language=language))
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D("3"), service=courier())
    usage_record(client=client, date=dt.date(2026, 3, 6), quantity=D("1.5"), service=room_hour())
    return client


def test_a_closed_month_becomes_one_draft_per_client_with_its_lines_in_the_clients_language(
    office_a,
):
    with in_office(office_a):
        office_details()
        polish, slovak, still_open = _month("pl"), _month("sk"), _month("pl")
        for client in (polish, slovak):
            period_close(client=client, period=MARCH, actor=None)
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")

    response = OfficeClient(office_a, user=staff).post(
        "/invoices/from-month/", {"month": "2026-03"}, follow=True
    )

    assert response.status_code == 200
    assert "2 draft invoices created from the closed month March 2026." in response.content.decode()
    with in_office(office_a):
        drafts = {i.client_id: i for i in Invoice.objects.filter(period=MARCH)}
        assert set(drafts) == {polish.pk, slovak.pk}
        assert still_open.pk not in drafts  # its month waits for its closing
        for client, language in ((polish, "pl"), (slovak, "sk")):
            invoice, summary = (
                drafts[client.pk],
                billing.summary_get(client_id=client.pk, period=MARCH),
            )
            # Exact lines: services named in the client's language with the day the
            # settlement shows (the month was closed and the run made in English).
            names = {
                "pl": ("Pakiet Biznes", "Kurier", "Sala"),
                "sk": ("Balík Biznes", "Kuriér", "Hodina zasadačky"),
            }
            package, kurier, sala = names[language]
            units = UNITS[language]
            expected = [
                (
                    package,
                    D("1.000"),
                    units["month"],
                    D("199.00"),
                    "23",
                    D("244.77"),
                ),
                (f"{kurier}, 05.03.2026", D("3.000"), units["piece"], D("15.99"), "23", D("59.00")),
                (f"{sala}, 06.03.2026", D("1.500"), units["hour"], D("40.00"), "23", D("73.80")),
            ]
            got = [
                (ln.description, ln.quantity, ln.unit, ln.unit_price, ln.vat_rate, ln.gross)
                for ln in invoice.lines.order_by("position")
            ]
            assert got == expected
            assert {"godz.", "hod."} & {row[2] for row in got}  # the room hours' unit
            assert (invoice.status, invoice.language, invoice.gross) == (
                Invoice.Status.DRAFT,
                language,
                summary.gross,
            )
            assert (invoice.sale_from, invoice.sale_to) == (MARCH, dt.date(2026, 3, 31))

        assert services.invoices_create_from_summaries(period=MARCH, actor=staff) == []
        assert Invoice.objects.filter(period=MARCH).count() == 2


def test_a_month_without_a_valid_month_field_creates_nothing(office_a):
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")

    response = OfficeClient(office_a, user=staff).post(
        "/invoices/from-month/", {"month": "March"}, follow=True
    )

    assert "Choose a month." in response.content.decode()
    with in_office(office_a):
        assert not Invoice.objects.exists()


def test_a_unit_typed_by_hand_stays_as_typed():
    assert billing.unit_label("kg", language="pl") == "kg"
    assert billing.unit_label("hour", language="en") == "hour"


def test_a_closed_months_settlement_makes_that_clients_invoice_once(office_a):
    with in_office(office_a):
        office_details()
        client, other, still_open = _month("pl"), _month("pl"), _month("pl")
        for closed in (client, other):
            period_close(client=closed, period=MARCH, actor=None)
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")
    browser = OfficeClient(office_a, user=staff)
    url = f"/settlements/clients/{client.pk}/?month=2026-03"

    page = browser.get(url).content.decode()
    assert 'data-testid="make-invoice"' in page
    assert (
        '<form method="post" action="/invoices/from-month/" class="d-inline"'
        ' data-testid="make-invoice">'
    ) in page
    assert '<input type="hidden" name="month" value="2026-03">' in page
    assert f'<input type="hidden" name="client" value="{client.pk}">' in page
    assert "Make the invoice" in page
    # an open month has nothing to invoice yet
    open_page = browser.get(f"/settlements/clients/{still_open.pk}/?month=2026-03")
    assert 'data-testid="make-invoice"' not in open_page.content.decode()

    response = browser.post("/invoices/from-month/", {"month": "2026-03", "client": client.pk})

    with in_office(office_a):
        invoice = Invoice.objects.get(period=MARCH)
        summary = billing.summary_get(client_id=client.pk, period=MARCH)
    assert (invoice.client_id, invoice.status, invoice.gross) == (
        client.pk,
        Invoice.Status.DRAFT,
        summary.gross,
    )
    assert response.status_code == 302
    assert response.url == f"/invoices/{invoice.pk}/"
    # made: the button is gone; the other closed client still has its own
    assert 'data-testid="make-invoice"' not in browser.get(url).content.decode()
    other_page = browser.get(f"/settlements/clients/{other.pk}/?month=2026-03")
    assert 'data-testid="make-invoice"' in other_page.content.decode()
    # posted again anyway: nothing new
    again = browser.post(
        "/invoices/from-month/", {"month": "2026-03", "client": client.pk}, follow=True
    )
    assert (
        "Nothing new: every client closed for March 2026 already has its invoice."
        in again.content.decode()
    )
    with in_office(office_a):
        assert Invoice.objects.filter(period=MARCH).count() == 1
    assert (
        browser.post("/invoices/from-month/", {"month": "2026-03", "client": 999999}).status_code
        == 404
    )


def test_a_month_nobody_closed_or_already_invoiced_says_so_instead_of_created_0(office_a):
    """The audit: December 2026 (open) answered, in green, "Utworzono szkice faktur z
    zamkniętego rozliczenia za grudzień 2026: 0.", and November run again the same."""
    with in_office(office_a):
        office_details()
        client = _month("pl")
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    page = web.post("/invoices/from-month/", {"month": "2026-03"}, follow=True).content.decode()
    assert (
        "Rozliczenie za marzec 2026 nie jest zamknięte dla żadnego klienta, który ma coś do "
        "rozliczenia: najpierw zamknij miesiąc w Rozliczeniach, potem utwórz jego faktury."
    ) in page
    assert ": 0." not in page

    with in_office(office_a):
        period_close(client=client, period=MARCH, actor=None)
    page = web.post("/invoices/from-month/", {"month": "2026-03"}, follow=True).content.decode()
    assert "Utworzono szkice faktur z zamkniętego rozliczenia za marzec 2026: 1." in page
    page = web.post("/invoices/from-month/", {"month": "2026-03"}, follow=True).content.decode()
    assert (
        "Nic nowego: każdy klient z zamkniętym rozliczeniem za marzec 2026 ma już swoją fakturę."
    ) in page
    assert ": 0." not in page
    with in_office(office_a):
        assert Invoice.objects.filter(client=client).count() == 1
