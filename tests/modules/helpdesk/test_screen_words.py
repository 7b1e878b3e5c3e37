"""Smaller wording fixes of 2026-12-07: SLA targets in hours as their form asks them,
quotes withdrawn when their request is closed, billable work in the history in the
reader's numbers, the work-order form's labels, budget shares as the language writes
percentages."""

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone, translation

from accounts.models import Role
from modules.helpdesk.models import Change, Quote
from modules.helpdesk.rows import timeline_html
from modules.helpdesk.services import quote_create, request_transition, work_record
from modules.helpdesk.sla import sla_policy_create
from modules.helpdesk.workorders import workorder_create
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

LINE = {
    "description": "Courier",
    "quantity": Decimal("1"),
    "unit_price": Decimal("100"),
    "vat_rate": Decimal("23"),
}


def _admin(office, language):
    person = member(office, Role.ADMIN)
    person.language = language
    person.save(update_fields=["language"])
    return OfficeClient(office, user=person)


def _cells(html, testid):
    return re.findall(rf'data-testid="{testid}">([^<]*)<', html)


def test_sla_targets_are_listed_in_business_hours_as_the_form_asks_them(office_a):
    with in_office(office_a):
        sla_policy_create(
            actor=None,
            data={"name": "Gold", "first_response_minutes": 90, "resolution_minutes": 2400},
        )
    html = _admin(office_a, "pl").get("/administration/helpdesk/sla/").content.decode()
    assert _cells(html, "sla-response") == ["1,5 h"]
    assert _cells(html, "sla-resolution") == ["40 h"]
    assert "Pierwsza odpowiedź (godziny robocze)" in html
    assert " min<" not in html


def test_closing_a_request_withdraws_its_waiting_quote(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a, client=ClientFactory())
        quote = quote_create(
            request=req,
            actor=staff_a,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            lines=[LINE],
        )
        request_transition(request=req, action="close", actor=staff_a)
        assert Quote.objects.get(pk=quote.pk).status == "withdrawn"
        change = Change.objects.get(request_id=req.pk, field=f"quote {quote.pk}")
        assert (change.old, change.new) == ("sent", "withdrawn")
        with translation.override("pl"):
            history = timeline_html([change], quotes={quote.pk: 1})
    assert "Wycena #1" in history and "Wysłana → Wycofana" in history
    page = OfficeClient(office_a, user=staff_a).get(f"/helpdesk/{req.pk}/").content.decode()
    assert "Withdrawn" in page


def test_billable_work_reads_in_the_readers_numbers_in_the_history(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a, client=ClientFactory())
        work_record(
            request=req,
            actor=staff_a,
            description="Skan archiwum",
            quantity=Decimal("1.5"),
            unit_price=Decimal("40"),
            vat_rate="23",
            key="a1b2c3d4-0000-4000-8000-000000000001",
        )
        change = Change.objects.get(request_id=req.pk, field="billable work")
        with translation.override("pl"):
            history = timeline_html([change])
    assert "Skan archiwum: 1,5 × 40,00\xa0zł" in history  # was "Skan archiwum: 1.5 x 40"
    page = _admin(office_a, "pl").get(f"/helpdesk/{req.pk}/").content.decode()
    assert "Skan archiwum: 1,5 × 40,00\xa0zł" in page


def test_the_work_order_form_speaks_in_capitals_and_its_shares_as_the_language_writes(
    office_a, staff_a
):
    admin = _admin(office_a, "pl")
    form = admin.get("/helpdesk/orders/new/").content.decode()
    for label in ("Tytuł", "Klient", "Budżet (godziny)", "Planowany początek"):
        assert re.search(rf">\s*{re.escape(label)}[\s*<]", form), label
    assert "brak (zlecenie własne biura)" in form
    with in_office(office_a):
        order = workorder_create(
            actor=staff_a, title="Move", budget_hours=Decimal("8"), budget_amount=Decimal("800")
        )
    for language, share in (("pl", "0%"), ("sk", "0\xa0%")):
        page = _admin(office_a, language).get(f"/helpdesk/orders/{order.pk}/").content.decode()
        assert f"({share})" in page, language
