import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from common.money import money
from modules.helpdesk.models import WorkLog
from modules.helpdesk.services import work_record
from modules.helpdesk.worklog import rate_set, worklog_add
from modules.helpdesk.workorders import workorder_create, workorder_link
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db


def _shown(amount: str, office, language: str) -> str:
    return money(Decimal(amount), office.currency, language=language)


@pytest.mark.parametrize("language", ["en", "pl", "sk"])
def test_work_log_amounts_carry_the_offices_currency_on_every_screen(office_a, language):
    staff_a = member(office_a, Role.ADMIN)
    staff_a.language = language
    staff_a.save(update_fields=["language"])
    with in_office(office_a):
        client = ClientFactory(name="North")
        rate_set(actor=None, client=client, hourly_rate=Decimal("1234.50"))
        order = workorder_create(
            actor=staff_a, title="Move", client=client, budget_amount=Decimal("5000.00")
        )
        req = raised(client=client)
        workorder_link(order=order, request=req, actor=staff_a)
        worklog_add(request=req, actor=staff_a, date=timezone.localdate(), minutes=60)
        entry = WorkLog.objects.get()
        work_record(
            request=req,
            actor=staff_a,
            description="Courier",
            quantity=Decimal("2"),
            unit_price=Decimal("1500.25"),
            vat_rate="23",
            key=uuid.uuid4(),
        )
    rate = _shown("1234.50", office_a, language)
    web = OfficeClient(office_a, user=staff_a)
    box = web.get(f"/helpdesk/{req.pk}/worklog/", HTTP_HX_REQUEST="true").content.decode()
    assert box.count(rate) == 2  # the entry and the total
    assert f'data-testid="worklog-total-amount">{rate}</th>' in box
    detail = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f"× {_shown('1500.25', office_a, language)} (" in detail
    assert rate in web.get(f"/helpdesk/worklog/{entry.pk}/").content.decode()
    assert rate in web.get("/helpdesk/work-rates/").content.decode()
    order_page = web.get(f"/helpdesk/orders/{order.pk}/").content.decode()
    # Used: the hour logged (1,234.50) and the billable work recorded (2 x 1,500.25).
    used = _shown("4235.00", office_a, language)
    assert f"{used} / {_shown('5000.00', office_a, language)}" in order_page
    assert f": {_shown('3000.50', office_a, language)} · " in order_page
    tab = web.get(f"/clients/{client.pk}/helpdesk_orders/").content.decode()
    assert f"({rate})" in tab
