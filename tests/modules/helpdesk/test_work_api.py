from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.models import WorkLog, WorkOrder, WorkOrderRequest
from modules.helpdesk.worklog import rate_set, worklog_add
from modules.helpdesk.workorders import workorder_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised

pytestmark = pytest.mark.django_db
ORDERS = "/api/v1/helpdesk/orders/"
LOG = "/api/v1/helpdesk/worklog/"


def test_a_supervisor_creates_links_and_changes_an_order_through_the_api(office_a):
    admin = member(office_a, Role.ADMIN)
    with in_office(office_a):
        client = ClientFactory()
        req = raised(client=client)
    web = OfficeClient(office_a, user=admin)
    created = web.post(
        ORDERS,
        {"title": "Move", "client": client.pk, "budget_hours": "8.00", "operators": [admin.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["number"][:3], body["operators"], body["status"]) == ("ZK-", [admin.pk], "open")
    linked = web.post(
        f"{ORDERS}{body['id']}/link/", {"request": req.pk}, content_type="application/json"
    )
    assert linked.json()["requests"] == [req.pk]
    stale = web.patch(
        f"{ORDERS}{body['id']}/",
        {"title": "Other", "version": 7},
        content_type="application/json",
    )
    assert stale.status_code == 400
    changed = web.patch(
        f"{ORDERS}{body['id']}/",
        {"status": "in_progress", "version": 1},
        content_type="application/json",
    )
    assert changed.json()["status"] == "in_progress"
    wrong = web.patch(
        f"{ORDERS}{body['id']}/",
        {"planned_start": "2026-03-05", "planned_end": "2026-03-01"},
        content_type="application/json",
    )
    assert wrong.status_code == 400


def test_agents_read_orders_but_do_not_dispatch_and_clients_get_nothing(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        order = workorder_create(actor=None, title="Move", client=client)
    agent = OfficeClient(office_a, user=staff_a)
    assert [o["number"] for o in agent.get(ORDERS).json()["results"]] == [order.number]
    refused = agent.post(ORDERS, {"title": "Mine"}, content_type="application/json")
    assert refused.status_code == 403
    customer = OfficeClient(office_a, user=client_user(office_a, client))
    assert customer.get(ORDERS).status_code == 403
    assert customer.get(LOG).status_code == 403
    with in_office(office_a):
        assert list(WorkOrder.objects.values_list("title", flat=True)) == ["Move"]
        assert not WorkOrderRequest.objects.exists()


def test_time_is_logged_listed_and_totalled_through_the_api(office_a, staff_a):
    admin = member(office_a, Role.ADMIN)
    with in_office(office_a):
        client = ClientFactory()
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        req, other = raised(client=client), raised(client=client)
        worklog_add(request=other, actor=admin, date=timezone.localdate(), minutes=30)
    agent = OfficeClient(office_a, user=staff_a)
    today = timezone.localdate().isoformat()
    created = agent.post(
        LOG,
        {"request": req.pk, "date": today, "minutes": 90, "description": "Filing"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["amount"], created.json()["rate_source"]) == ("150.00", "client")
    zero = agent.post(
        LOG, {"request": req.pk, "date": today, "minutes": 0}, content_type="application/json"
    )
    assert zero.status_code == 400
    listing = OfficeClient(office_a, user=admin).get(f"{LOG}?request={req.pk}").json()
    assert [(e["minutes"], e["billed"]) for e in listing["results"]] == [(90, False)]
    totals = OfficeClient(office_a, user=admin).get(f"{LOG}totals/?client={client.pk}").json()
    assert totals == {
        "entries": 2,
        "minutes": 120,
        "billable_minutes": 120,
        "amount": "200.00",
        "billed_amount": "0.00",
    }
    assert agent.get(f"{LOG}totals/").status_code == 403
    with in_office(office_a):
        assert WorkLog.objects.count() == 2
