import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection, connections

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.billing import services
from modules.billing.models import PeriodClose
from modules.billing.selectors import summary_get
from modules.billing.services import period_close, period_close_all, usage_record
from modules.billing.summary import billable_client_ids
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import MARCH, biznes, fixture_month, on_package
from tests.modules.billing.test_views import REFUSED, STAFF_PAGE
from tests.modules.clients.factories import ClientFactory
from tests.modules.scanrequests.conftest import english

D = Decimal


def test_close_all_closes_each_billable_client_once_and_reports_counts(in_office_a, staff_a):
    first = fixture_month()
    second = on_package(biznes())
    idle = ClientFactory()  # nothing to bill in March: not closed
    period_close(client=second, period=MARCH, actor=staff_a)
    before = summary_get(client_id=first.pk, period=MARCH)
    result = period_close_all(period=MARCH, actor=staff_a, batch_size=1)
    assert (result.closed, result.already_closed, result.failed) == (1, 1, 0)
    assert set(PeriodClose.objects.values_list("client_id", flat=True)) == {first.pk, second.pk}
    assert not PeriodClose.objects.filter(client=idle).exists()
    frozen = summary_get(client_id=first.pk, period=MARCH)
    assert frozen.closed and (frozen.net, frozen.gross) == (before.net, before.gross)
    late = usage_record(
        client=first, date=dt.date(2026, 3, 20), quantity=D("1"), description="X", unit_price=D("5")
    )
    assert late.period == dt.date(2026, 4, 1) and late.late is True
    again = period_close_all(period=MARCH, actor=staff_a)
    assert (again.closed, again.already_closed, again.failed) == (0, 2, 0)
    entries = AuditEntry.objects.filter(action="billing.periods_closed").order_by("pk")
    assert [e.changes for e in entries] == [
        {"period": "2026-03-01", "closed": 1, "already_closed": 1, "failed": 0},
        {"period": "2026-03-01", "closed": 0, "already_closed": 2, "failed": 0},
    ]


def test_a_client_that_fails_is_counted_and_the_others_close(in_office_a, staff_a, monkeypatch):
    good, bad = fixture_month(), on_package(biznes())
    real = services.summaries_compute

    def failing(*, client_ids, period):
        if bad.pk in client_ids:
            raise ArithmeticError("broken terms")
        return real(client_ids=client_ids, period=period)

    monkeypatch.setattr(services, "summaries_compute", failing)
    result = period_close_all(period=MARCH, actor=staff_a)
    assert (result.closed, result.already_closed, result.failed) == (1, 0, 1)
    assert result.failed_clients == [bad.pk]
    assert list(PeriodClose.objects.values_list("client_id", flat=True)) == [good.pk]


def test_a_future_month_cannot_be_closed_for_everyone(in_office_a, staff_a):
    fixture_month()
    with pytest.raises(ApplicationError) as error:
        period_close_all(period=dt.date(2099, 1, 1), actor=staff_a)
    assert error.value.code == "future"
    assert not PeriodClose.objects.exists()


def test_close_all_screen_and_its_permission_matrix(office_a, office_b):
    with in_office(office_a):
        client = fixture_month()
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/settlements/close/?month=2026-03",
        expect=STAFF_PAGE,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/settlements/close/",
        data={"month": "2026-03"},
        expect=REFUSED,
        unchanged=lambda: not PeriodClose.objects.exists(),
    )
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    assert 'data-testid="close-all"' in web.get("/settlements/?month=2026-03").content.decode()
    response = web.post("/settlements/close/", {"month": "2026-03"}, follow=True)
    assert "March 2026 closed for 1 client." in response.content.decode()
    with in_office(office_a):
        assert list(PeriodClose.objects.values_list("client_id", flat=True)) == [client.pk]


def billing_office():
    """An office of its own for the race (its rows are committed)."""
    from tenants.models import Office
    from tenants.services import office_provision

    connection.set_schema_to_public()
    return Office.objects.filter(slug="office-billing").first() or office_provision(
        name="Biuro Rozliczeń", slug="office-billing", country="PL"
    )


def test_two_closes_of_every_client_at_once_close_each_client_once(
    session_offices, django_db_blocker
):
    runs = 2
    with django_db_blocker.unblock():
        office = billing_office()
        tag = uuid.uuid4().hex[:6]
        with in_office(office):
            package = biznes(name=f"Race {tag}")
            month = dt.date(2026, 2, 1)
            for n in range(12):
                on_package(
                    package,
                    ClientFactory(name=f"Race {tag} {n}", code=f"R{tag}{n:02d}"),
                    starts_on=month,
                )
            closes = PeriodClose.objects.filter(period=month)
            closed = set(closes.values_list("client_id", flat=True))
            open_before = len(billable_client_ids(month) - closed)  # ours, and any left over
        connection.set_schema_to_public()
        barrier = threading.Barrier(runs)
        results: list = [None] * runs

        def run(index: int) -> None:
            try:
                with in_office(office):
                    barrier.wait(timeout=30)
                    results[index] = period_close_all(period=month, actor=None, batch_size=5)
            except Exception as exc:
                results[index] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert all(not isinstance(r, Exception) for r in results), results
        assert sum(r.failed for r in results) == 0
        assert sum(r.closed for r in results) == open_before  # each closed by exactly one run
        with in_office(office):
            ours = PeriodClose.objects.filter(period=month, client__name__startswith=f"Race {tag}")
            assert ours.count() == 12
            total = PeriodClose.objects.filter(period=month).count()
        # Every run met every billable client of the month: closed it or found it closed.
        assert [r.closed + r.already_closed for r in results] == [total] * runs
        connection.set_schema_to_public()


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "pl",
            [
                "Zamknięci klienci",
                "Klienci już zamknięci",
                "Klienci niezamknięci (błąd)",
                "marzec 2026",
            ],
        ),
        (
            "sk",
            ["Uzavretí klienti", "Klienti už uzavretí", "Neuzavretí klienti (chyba)", "marec 2026"],
        ),
    ],
)
def test_the_audit_log_names_the_counts_of_a_close_for_every_client_in_words(
    office_a, in_office_a, language, words
):
    """The audit: the counts of "close the month for every client" read "Closed",
    "Already closed", "Failed" in English on the Polish and Slovak audit log."""
    from accounts.models import User

    owner = member(office_a, Role.OWNER)
    User.objects.filter(pk=owner.pk).update(language=language)
    fixture_month()
    period_close_all(period=MARCH, actor=owner)
    html = OfficeClient(office_a, user=owner).get("/administration/audit-log/").content.decode()
    text = html[html.index("<main") :]
    for word in words:
        assert word in text
    for english_word in ("Already closed", "Failed", ">Closed<", "01.03.2026"):
        assert english_word not in text


def test_closing_every_client_says_how_many_in_counted_words(office_a):
    """The audit: "Rozliczenie za listopad 2026: zamknięto 29, już zamkniętych 0, nieudanych
    0." The counts read as Polish counts them, and the zeros are not listed."""
    with in_office(office_a):
        fixture_month()
        on_package(biznes())
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.post("/settlements/close/", {"month": "2026-03"}, follow=True).content.decode()
    assert "Rozliczenie za marzec 2026 zamknięto dla 2 klientów." in page
    assert "nieudanych" not in page and "już zamkniętych 0" not in page
    with in_office(office_a):
        on_package(biznes())
    page = web.post("/settlements/close/", {"month": "2026-03"}, follow=True).content.decode()
    assert (
        "Rozliczenie za marzec 2026 zamknięto dla 1 klienta. 2 klienci byli już zamknięci." in page
    )
    page = web.post("/settlements/close/", {"month": "2026-03"}, follow=True).content.decode()
    assert "Rozliczenie za marzec 2026: 3 klienci byli już zamknięci." in page


def test_the_close_for_every_client_page_says_how_many_clients_it_closes(office_a):
    """The audit: the page said what closing does, not to how many clients."""
    with in_office(office_a):
        first = fixture_month()
        on_package(biznes())
        ClientFactory()  # nothing to bill: not counted
        period_close(client=first, period=MARCH, actor=None)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = web.get("/settlements/close/?month=2026-03").content.decode()
    counts = page.split('data-testid="close-all-counts">')[1].split("</p>")[0]
    assert counts == "Klienci do zamknięcia: 1. Już zamknięci: 1."


def test_close_for_every_client_is_offered_only_while_a_client_is_left_to_close(office_a):
    """It was offered (and its page's button live) when every client was already closed."""
    with in_office(office_a):
        first = fixture_month()
        second = on_package(biznes())
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    def page(query="month=2026-03"):
        return web.get(f"/settlements/?{query}").content.decode()

    assert 'data-testid="close-all"' in page()
    with in_office(office_a):
        period_close(client=first, period=MARCH, actor=None)
    assert 'data-testid="close-all"' in page()
    assert 'data-testid="close-all"' in page("month=2026-03&status=closed")  # filtered
    with in_office(office_a):
        period_close(client=second, period=MARCH, actor=None)
    for query in ("month=2026-03", "month=2026-03&status=open", "month=2026-03&q=nobody"):
        html = page(query)
        assert 'data-testid="close-all"' not in html, query
    assert 'data-testid="all-closed">Wszyscy klienci mają zamknięty ten miesiąc.</span>' in page()
    confirm = web.get("/settlements/close/?month=2026-03").content.decode()
    assert "disabled" in confirm.split('data-testid="close-all-form">')[1].split("</form>")[0]
    assert (
        'data-testid="close-all-none">Wszyscy klienci mają zamknięty ten miesiąc: nie ma czego'
        " zamykać.</span>" in confirm
    )
    # a month with nothing to bill offers nothing and says nothing
    empty = page("month=2025-12")
    assert 'data-testid="close-all"' not in empty and 'data-testid="all-closed"' not in empty


def test_the_list_s_title_is_text_not_its_pagination(office_a):
    """The page's <title> held the pagination's HTML once the list had a second page."""
    from modules.billing.views import staff as views

    with in_office(office_a):
        for _ in range(3):
            on_package(biznes())
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    size = views.PAGE_SIZE
    views.PAGE_SIZE = 2
    try:
        page = web.get("/settlements/?month=2026-03").content.decode()
    finally:
        views.PAGE_SIZE = size
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Podsumowanie rozliczeń · ")
    assert "<nav" not in title and 'data-testid="pages"' in page
