import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from modules.billing.periods import Span
from modules.billing.selectors import (
    summary_get,
    summary_list,
    summary_rows,
    summary_span_list,
    summary_span_rows,
)
from modules.billing.services import (
    assignment_set,
    package_create,
    period_close,
    service_create,
    settings_update,
    usage_record,
)
from modules.mail.models import MailItem, MailScan
from tests.modules.billing.factories import MARCH, mail_on
from tests.modules.clients.factories import ClientFactory

D = Decimal
APRIL = dt.date(2026, 4, 1)


def _money(rng, top=300):
    return D(rng.randint(0, top * 100)) / 100


def _random_office(rng, prefix: str = "P") -> list:
    """A random office: packages of every frequency, prices that round both ways, individual
    terms, changes mid-month, corrections, every VAT rate, services counted against limits,
    mail costs, scans and forwarded items."""
    packages = [
        package_create(
            actor=None,
            data={
                "name": f"{prefix}{n}",
                "price": _money(rng, 500),
                "frequency": frequency,
                "vat_rate": rng.choice(["23", "8", "zw"]),
                "limit_mail_items": rng.choice([None, 0, 1, 3]),
                "limit_scans": rng.choice([None, 0, 2]),
                "limit_pages": rng.choice([None, 1]),
                "limit_room_hours": rng.choice([None, 1, 2]),
                "limit_forwarding": rng.choice([None, 0]),
                "over_mail_items": rng.choice([None, _money(rng, 5)]),
                "over_scans": _money(rng, 5),
                "over_pages": rng.choice([None, _money(rng, 2)]),
                "over_room_hours": _money(rng, 60),
                "over_forwarding": _money(rng, 9),
            },
        )
        for n, frequency in enumerate(["monthly", "quarterly", "yearly", "monthly"])
    ]
    services = [
        service_create(
            actor=None,
            data={
                "name_pl": f"{prefix}-S{n}",
                "unit": "piece",
                "net_price": _money(rng, 80),
                "vat_rate": rng.choice(["23", "8", "5", "0", "zw"]),
                "metric": metric,
            },
        )
        for n, metric in enumerate(["", "room_hours", "scans", "", "forwarding"])
    ]
    settings_update(actor=None, data={"mail_cost_vat_rate": rng.choice(["23", "8"])})
    clients = []
    for _ in range(14):
        client = ClientFactory()
        clients.append(client)
        kind = rng.random()
        if kind < 0.8:
            terms = {}
            if rng.random() < 0.3:
                terms = {"price": _money(rng, 400), "limit_mail_items": rng.randint(0, 2)}
            assignment_set(
                client=client,
                package=rng.choice(packages),
                starts_on=rng.choice([dt.date(2025, 12, 1), dt.date(2026, 3, rng.randint(1, 28))]),
                actor=None,
                terms=terms,
            )
            if rng.random() < 0.4:  # a change mid-month: pro rata by days
                assignment_set(
                    client=client,
                    package=rng.choice(packages),
                    starts_on=dt.date(2026, 3, rng.randint(29, 31)),
                    actor=None,
                )
        for _ in range(rng.randint(0, 6)):
            quantity = D(rng.randint(1, 5000)) / 1000
            reason = ""
            if rng.random() < 0.15:
                quantity, reason = -quantity, "correction"
            service = rng.choice([*services, None])
            usage_record(
                client=client,
                date=dt.date(2026, 3, rng.randint(1, 31)),
                quantity=quantity,
                service=service,
                description="" if service else "Other",
                unit_price=_money(rng, 90) if rng.random() < 0.5 or service is None else None,
                vat_rate=None if service else rng.choice(["23", "8", "5", "zw"]),
                reason=reason,
            )
        for _ in range(rng.randint(0, 4)):
            item = mail_on(
                client,
                dt.date(2026, 3, rng.randint(1, 31)),
                str(rng.choice([0, 0, _money(rng, 20), D("7.50"), D("0.05")])),
                scans=("scan.pdf",) if rng.random() < 0.3 else (),
            )
            MailScan.objects.filter(item=item).update(pages=rng.randint(1, 3))
            if rng.random() < 0.3:
                MailItem.objects.filter(pk=item.pk).update(
                    pickup_method=MailItem.PickupMethod.FORWARDED,
                    picked_up_at=timezone.make_aware(dt.datetime(2026, 3, 30, 12)),
                )
    MailScan.objects.update(created_at=timezone.make_aware(dt.datetime(2026, 3, 15, 12)))
    return clients


def _row(s) -> tuple:
    return (
        s.client_id,
        s.client_name,
        s.package,
        s.individual,
        s.net,
        s.vat,
        s.gross,
        s.over_limit,
        s.closed,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_rows_equal_the_summaries_on_a_random_office(in_office_a, seed):
    rng = random.Random(seed)
    clients = _random_office(rng)
    everyone = summary_list(period=MARCH)
    slow = [_row(s) for s in everyone]
    assert len(slow) >= 10
    assert [_row(s) for s in summary_rows(period=MARCH)] == slow
    # One client's page (one statement) gives that client's summary of the whole office's.
    for summary in everyone:
        one = summary_get(client_id=summary.client_id, period=MARCH)
        assert one.as_dict() == summary.as_dict()
    for client in rng.sample(clients, 5):  # closed months: rows as stored at close
        period_close(client=client, period=MARCH, actor=None)
    usage_record(  # changes nothing closed: goes to April, late
        client=clients[0],
        date=dt.date(2026, 3, 3),
        quantity=D(2),
        description="X",
        unit_price=D("1.25"),
    )
    slow = [_row(s) for s in summary_list(period=MARCH)]
    assert sum(1 for row in slow if row[-1]) == 5
    assert [_row(s) for s in summary_rows(period=MARCH)] == slow
    for args in ({"sort": "-gross"}, {"status": "closed"}, {"over_limit": True}):
        assert [_row(s) for s in summary_rows(period=MARCH, **args)] == [
            _row(s) for s in summary_list(period=MARCH, **args)
        ]
    span = Span(dt.date(2026, 2, 1), APRIL, "range")
    assert [
        (s.client_id, s.package, s.net, s.vat, s.gross, s.over_limit, s.closed_months)
        for s in summary_span_rows(span=span, sort="-net")
    ] == [
        (s.client_id, s.package, s.net, s.vat, s.gross, s.over_limit, s.closed_months)
        for s in summary_span_list(span=span, sort="-net")
    ]


def test_rows_query_count_does_not_grow_with_clients(in_office_a, django_assert_num_queries):
    rng = random.Random(7)
    _random_office(rng)
    # 7 since 2026-12-07: the reverse-charged clients (invoices' rule, billing.hooks), whose
    # rows carry no VAT
    with django_assert_num_queries(7):
        summary_rows(period=MARCH)
    _random_office(random.Random(8), prefix="Q")
    with django_assert_num_queries(7):
        rows = summary_rows(period=MARCH)
    assert len(rows) >= 20
