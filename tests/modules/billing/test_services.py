import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.billing import services
from modules.billing.models import Assignment, PeriodClose, UsageRecord
from modules.billing.selectors import summary_get, summary_list
from modules.billing.services import (
    assignment_set,
    period_close,
    usage_delete,
    usage_record,
)
from modules.scanrequests import policies
from modules.scanrequests.services import settings_update as scan_settings_update
from tests.modules.billing.factories import MARCH, biznes, courier, fixture_month, on_package
from tests.modules.clients.factories import ClientFactory

D = Decimal
APRIL = dt.date(2026, 4, 1)


def test_close_freezes_the_figures_and_late_usage_goes_to_the_next_open_month(in_office_a, staff_a):
    client = fixture_month()
    before = summary_get(client_id=client.pk, period=MARCH)
    close = period_close(client=client, period=MARCH, actor=staff_a)
    assert close.figures["client_id"] == client.pk
    late = usage_record(client=client, date=dt.date(2026, 3, 30), quantity=D(2), service=courier())
    assert (late.period, late.late) == (APRIL, True)
    after = summary_get(client_id=client.pk, period=MARCH)
    assert after.closed is True
    assert [(ln.description, ln.net) for ln in after.lines] == [
        (ln.description, ln.net) for ln in before.lines
    ]
    assert (after.net, after.gross) == (D("331.78"), D("408.09"))
    april = summary_get(client_id=client.pk, period=APRIL)
    assert [(ln.description, ln.net, ln.late) for ln in april.lines] == [
        ("Package Biznes", D("199.00"), False),
        ("Courier (late: dated 30/03/2026, its month was already closed)", D("31.98"), True),
    ]
    assert AuditEntry.objects.filter(action="billing.period_closed").count() == 1


def test_a_closed_month_refuses_changes(in_office_a, staff_a):
    client = fixture_month()
    record = UsageRecord.objects.filter(client=client).first()
    period_close(client=client, period=MARCH, actor=staff_a)
    with pytest.raises(ApplicationError) as error:
        usage_delete(record=record, actor=staff_a)
    assert error.value.code == "period_closed"
    assert error.value.message == (
        "March 2026 is closed for this client: its figures can no longer change. "
        "Record a correction instead."
    )
    with pytest.raises(ApplicationError) as error:
        assignment_set(
            client=client,
            package=biznes(name="Other"),
            starts_on=dt.date(2026, 3, 15),
            actor=staff_a,
        )
    assert error.value.code == "period_closed"
    assert UsageRecord.objects.filter(pk=record.pk).exists()
    assert Assignment.objects.filter(client=client).count() == 1


def test_closing_twice_gives_one_close(in_office_a, staff_a):
    client = fixture_month()
    period_close(client=client, period=MARCH, actor=staff_a)
    with pytest.raises(ApplicationError) as error:
        period_close(client=client, period=MARCH, actor=staff_a)
    assert error.value.code == "already_closed"
    assert PeriodClose.objects.filter(client=client).count() == 1


def test_a_close_racing_past_the_check_meets_the_constraint(in_office_a, staff_a, monkeypatch):
    client = fixture_month()
    period_close(client=client, period=MARCH, actor=staff_a)
    # The second close did its check before the first committed: only the constraint is left.
    monkeypatch.setattr(services, "_client_lock", lambda client_id: None)
    real_filter = PeriodClose.objects.filter
    monkeypatch.setattr(
        PeriodClose.objects,
        "filter",
        lambda **kw: real_filter(pk=-1) if "period" in kw else real_filter(**kw),
    )
    with pytest.raises(ApplicationError) as error:
        period_close(client=client, period=MARCH, actor=staff_a)
    assert error.value.code == "already_closed"
    assert PeriodClose.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodClose.objects.create(client=client, period=MARCH, figures={})


def test_closed_months_show_in_the_office_list(in_office_a, staff_a):
    client = fixture_month()
    period_close(client=client, period=MARCH, actor=staff_a)
    assert [r.client_id for r in summary_list(period=MARCH, status="closed")] == [client.pk]
    assert summary_list(period=MARCH, status="open") == []


def test_package_history_is_kept(in_office_a, staff_a):
    client = on_package(biznes())
    other = biznes(name="Premium", price=D("310"))
    assignment_set(client=client, package=other, starts_on=dt.date(2026, 5, 1), actor=staff_a)
    rows = list(
        Assignment.objects.filter(client=client)
        .order_by("starts_on")
        .values_list("package__name", "starts_on", "ends_on")
    )
    assert rows == [
        ("Biznes", dt.date(2026, 1, 1), dt.date(2026, 4, 30)),
        ("Premium", dt.date(2026, 5, 1), None),
    ]
    with pytest.raises(ApplicationError) as error:
        assignment_set(client=client, package=other, starts_on=dt.date(2026, 4, 1), actor=staff_a)
    assert error.value.code == "later_change"


def test_scan_policy_and_default_cost_through_package_and_individual_terms(in_office_a):
    scan_settings_update(actor=None, data={"enabled": False, "default_cost": D("5.00")})
    package = biznes()
    on_plain = on_package(package)
    on_terms = on_package(package, scan_requests_allowed=False, scan_default_cost=D("2.00"))
    no_package = ClientFactory()
    ids = [on_plain.pk, on_terms.pk, no_package.pk]
    assert policies.scan_requests_allowed_many(client_ids=ids) == {
        on_plain.pk: True,  # the package allows, the office does not
        on_terms.pk: False,  # individual terms say no
        no_package.pk: False,  # the office's switch
    }
    assert policies.scan_default_cost(client_id=on_plain.pk) == D("4.00")
    assert policies.scan_default_cost(client_id=on_terms.pk) == D("2.00")
    assert policies.scan_default_cost(client_id=no_package.pk) == D("5.00")


def test_a_scan_added_on_request_is_billed_with_the_package_cost(in_office_a, staff_a):
    from modules.mail.services import mail_update

    client = on_package(biznes())
    from tests.modules.billing.factories import mail_on

    item = mail_on(client, dt.date(2026, 3, 10))
    # What scan_request_complete stores on the item (S6) with the cost prefilled (S7).
    mail_update(
        item=item,
        actor=staff_a,
        data={
            "additional_info": "Scan on request",
            "additional_cost": policies.scan_default_cost(client_id=client.pk),
        },
    )
    lines = summary_get(client_id=client.pk, period=MARCH).lines
    assert [(ln.kind, ln.net, ln.vat) for ln in lines] == [
        ("package", D("199.00"), D("45.77")),
        ("mail", D("4.00"), D("0.92")),
    ]
