from decimal import Decimal

from accounts.models import Role
from modules.billing.models import UsageRecord
from modules.helpdesk.demo import seed_demo
from modules.helpdesk.models import WorkLog, WorkOrder
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def test_the_demo_has_orders_time_and_bills_the_accepted_requests_time(in_office_a, office_a):
    ClientFactory()
    ClientFactory()
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    orders = list(WorkOrder.objects.order_by("pk"))
    assert [(o.number[-5:], o.links.count(), o.client_id is None) for o in orders] == [
        ("00001", 3, False),
        ("00002", 0, True),
    ]
    assert sorted(WorkLog.objects.values_list("minutes", "billable")) == [
        (30, False),
        (45, True),
        (90, True),
    ]
    billed = UsageRecord.objects.filter(source="helpdesk", unit="hour")
    assert list(billed.values_list("quantity", "unit_price")) == [
        (Decimal("1.500"), Decimal("120.00"))
    ]
