"""A reverse-charged client's settlement charges the VAT its invoice charges: none. The
month-end audit found Poľana Služby s.r.o. (a Slovak VAT payer of a Polish office) at
534,00 zł net + 122,82 zł VAT = 656,82 zł on the settlement, the office list's totals and
the export, while its invoice, reverse-charged, was 534,00 zł; only a note said so. The
rule has one owner (invoices: `_reverse_charge_for`, and the same as a query,
`clients_reverse_charged`), which billing asks through `billing.hooks.reverse_charged`:
the lines carry "np" (no VAT) on the month page, the list's fast path (`summary_rows`),
the export and the figures frozen at a new close. A month closed before keeps its frozen
23 % and says it is not charged."""

import datetime as dt
import html
import io
from decimal import Decimal

from openpyxl import load_workbook

from accounts.models import Role
from modules.billing import selectors as billing
from modules.billing.models import PeriodClose
from modules.billing.services import period_close, settings_update, usage_record
from modules.invoices.models import Invoice
from modules.invoices.services import (
    client_reverse_charged,
    clients_reverse_charged,
    invoices_create_from_month,
)
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import MARCH, biznes, courier, mail_on, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.invoices.factories import buyer, office_details, sk_buyer

D = Decimal


def _month(client):
    """Biznes (199.00, 23 %), 3 couriers at 15.99 (23 %), a mail cost of 12.30."""
    on_package(biznes(), client=client)
    usage_record(client=client, date=dt.date(2026, 3, 5), quantity=D("3"), service=courier())
    mail_on(client, dt.date(2026, 3, 6), "12.30")
    return client


def test_the_rule_as_a_query_is_the_rule_for_one_client(office_a):
    with in_office(office_a):
        clients = [
            sk_buyer(),  # IČ DPH, another EU country: reverse charge
            sk_buyer(ic_dph=""),  # no EU VAT number: VAT charged
            buyer(),  # the office's own country
            buyer(country="CZ"),  # a NIP (PL...) in another EU country
            ClientFactory(country="XX", nip="", ic_dph="SK2020273805"),  # outside the EU
            ClientFactory(country="CZ", nip="", ic_dph=""),
        ]
        ids = [c.pk for c in clients]
        expected = {c.pk for c in clients if client_reverse_charged(c)}
        assert expected == {clients[0].pk, clients[3].pk}
        assert clients_reverse_charged(ids) == expected
        assert clients_reverse_charged(None) & set(ids) == expected
        assert clients_reverse_charged([clients[1].pk]) == set()


def test_an_open_month_its_list_row_and_the_export_carry_no_vat(office_a):
    with in_office(office_a):
        office_details()
        slovak = _month(sk_buyer(name="Poľana Služby s.r.o."))
        polish = _month(buyer(name="Zielony Las sp. z o.o."))
        summary = billing.summary_get(client_id=slovak.pk, period=MARCH)
        assert {line.vat_rate for line in summary.lines} == {"np"}
        assert [line.vat for line in summary.lines] == [D("0.00")] * 3
        assert (summary.net, summary.vat, summary.gross) == (
            D("259.27"),
            D("0.00"),
            D("259.27"),
        )
        # the Polish client keeps its 23 %
        domestic = billing.summary_get(client_id=polish.pk, period=MARCH)
        assert (domestic.net, domestic.vat, domestic.gross) == (
            D("259.27"),
            D("59.63"),
            D("318.90"),
        )
        # the office list's fast path, and the lines' path, agree with the page
        rows = {r.client_id: r for r in billing.summary_rows(period=MARCH)}
        assert (rows[slovak.pk].vat, rows[slovak.pk].gross) == (D("0.00"), D("259.27"))
        assert (rows[polish.pk].vat, rows[polish.pk].gross) == (D("59.63"), D("318.90"))
        listed = {s.client_id: s for s in billing.summary_list(period=MARCH)}
        assert (listed[slovak.pk].vat, listed[slovak.pk].gross) == (D("0.00"), D("259.27"))
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = html.unescape(staff.get("/settlements/?month=2026-03").content.decode())
    totals = page.split('data-testid="totals">')[1].split("</tr>")[0]
    assert "518,54\xa0zł" in totals  # net of both
    assert "59,63\xa0zł" in totals  # the Polish client's VAT only
    assert "578,17\xa0zł" in totals
    book = load_workbook(
        io.BytesIO(staff.get("/settlements/export/?month=2026-03").content), read_only=True
    )
    clients = list(book.worksheets[0].iter_rows(values_only=True))
    row = next(r for r in clients if r[0] == "Poľana Služby s.r.o.")
    assert [D(str(v)).quantize(D("0.01")) for v in row[2:5]] == [
        D("259.27"),
        D("0.00"),
        D("259.27"),
    ]
    lines = list(book.worksheets[1].iter_rows(values_only=True))
    rate = lines[0].index("Stawka VAT")
    assert {r[rate] for r in lines[1:] if r[0] == "Poľana Služby s.r.o."} == {"np."}
    assert {r[rate] for r in lines[1:] if r[0] == "Zielony Las sp. z o.o."} == {"23%"}


def test_a_new_close_freezes_no_vat_and_the_invoice_equals_the_settlement(office_a):
    with in_office(office_a):
        office_details()
        slovak = _month(sk_buyer(name="Poľana Služby s.r.o."))
        period_close(client=slovak, period=MARCH, actor=None)
        close = PeriodClose.objects.get(client=slovak, period=MARCH)
        assert (close.net, close.vat, close.gross) == (D("259.27"), D("0.00"), D("259.27"))
        assert {line["vat_rate"] for line in close.figures["lines"]} == {"np"}
        row = {r.client_id: r for r in billing.summary_rows(period=MARCH)}[slovak.pk]
        assert (row.vat, row.gross, row.closed) == (D("0.00"), D("259.27"), True)
        run = invoices_create_from_month(period=MARCH, actor=None)
        (invoice,) = run.created
        assert invoice.reverse_charge
        assert (invoice.net, invoice.vat, invoice.gross) == (D("259.27"), D("0"), D("259.27"))


def test_a_month_closed_before_keeps_its_vat_and_says_it_is_not_charged(office_a):
    """Closed while the client was invoiced with VAT (as every reverse-charged client's
    month was closed before 2026-12-07), then reverse-charged: the frozen figures stay."""
    with in_office(office_a):
        office_details()
        settings_update(actor=None, data={"summaries_for_clients": True})
        client = _month(sk_buyer(name="Poľana Služby s.r.o.", country="PL", ic_dph=""))
        period_close(client=client, period=MARCH, actor=None)
        type(client).objects.filter(pk=client.pk).update(country="SK", ic_dph="SK2020273805")
        frozen = billing.summary_get(client_id=client.pk, period=MARCH)
        assert (frozen.vat, frozen.gross) == (D("59.63"), D("318.90"))
        april = billing.summary_get(client_id=client.pk, period=dt.date(2026, 4, 1))
        assert (april.vat, april.gross) == (D("0.00"), D("199.00"))
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    note = _note(staff.get(f"/settlements/clients/{client.pk}/?month=2026-03"))
    assert note == (
        "Faktury dla tej firmy są wystawiane z odwrotnym obciążeniem (np.): bez VAT, który"
        " nabywca rozlicza u siebie. Ten miesiąc zamknięto, zanim rozliczenie zaczęło to"
        " uwzględniać: VAT poniżej nie jest naliczany, a do zapłaty jest kwota netto."
    )
    note = _note(staff.get(f"/settlements/clients/{client.pk}/?month=2026-04"))
    assert note == (
        "Faktury dla tej firmy są wystawiane z odwrotnym obciążeniem (np.): bez VAT, który"
        " nabywca rozlicza u siebie."
    )
    # its invoice from the frozen month is reverse-charged all the same (invoices' rule)
    with in_office(office_a):
        (invoice,) = invoices_create_from_month(period=MARCH, actor=None).created
        assert (invoice.vat, invoice.gross) == (D("0"), D("259.27"))


def test_a_month_closed_without_vat_for_a_client_no_longer_reverse_charged_is_not_invoiced(
    office_a,
):
    with in_office(office_a):
        office_details()
        client = _month(sk_buyer(name="Poľana Služby s.r.o."))
        period_close(client=client, period=MARCH, actor=None)
        type(client).objects.filter(pk=client.pk).update(country="PL", ic_dph="", nip="1234563218")
        run = invoices_create_from_month(period=MARCH, actor=None)
        assert run.created == []
        assert run.skipped == [
            (
                "Poľana Služby s.r.o.",
                "its month was closed without VAT (reverse charge), but its invoices carry VAT"
                " now: reopen the month and close it again.",
            )
        ]
        assert not Invoice.objects.filter(client=client).exists()


def _note(response) -> str | None:
    page = html.unescape(response.content.decode())
    if 'data-testid="vat-note">' not in page:
        return None
    return page.split('data-testid="vat-note">')[1].split("</div>")[0]
