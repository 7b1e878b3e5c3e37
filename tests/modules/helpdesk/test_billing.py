import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.billing.models import UsageRecord
from modules.billing.selectors import summary_get
from modules.helpdesk.models import BillableWork, Quote
from modules.helpdesk.services import (
    quote_create,
    quote_decide,
    request_create,
    request_transition,
    work_record,
)
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db


def _line(description="Courier to Berlin", vat_rate="23"):
    return {
        "description": description,
        "quantity": Decimal("2"),
        "unit_price": Decimal("50"),
        "vat_rate": Decimal(vat_rate),
    }


def _services(client):
    month = timezone.localdate().replace(day=1)
    summary = summary_get(client_id=client.pk, period=month)
    return [
        (line.description, line.quantity, line.net)
        for line in summary.lines
        if line.kind == "service"
    ]


def test_an_accepted_quote_is_billed_once_when_the_request_is_resolved(office_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        req = raised(client=client)
        valid = timezone.localdate() + dt.timedelta(days=7)
        accepted = quote_create(
            request=req, actor=None, valid_until=valid, lines=[_line(), _line("Insurance", "8")]
        )
        quote_decide(quote=accepted, actor=None, accept=True, label="Anna")
        declined = quote_create(request=req, actor=None, valid_until=valid, lines=[_line("Taxi")])
        quote_decide(quote=declined, actor=None, accept=False, label="Anna")
        assert not UsageRecord.objects.exists()
        req = request_transition(request=req, action="resolve", actor=None)
        rows = list(
            UsageRecord.objects.order_by("pk").values_list(
                "description", "quantity", "unit_price", "vat_rate", "source", "source_ref"
            )
        )
        line_ids = list(accepted.lines.order_by("pk").values_list("pk", flat=True))
        assert rows == [
            (
                f"{req.number}: Courier to Berlin",
                Decimal("2.000"),
                Decimal("50.00"),
                "23",
                "helpdesk",
                f"hd-quote:{accepted.pk}:{line_ids[0]}",
            ),
            (
                f"{req.number}: Insurance",
                Decimal("2.000"),
                Decimal("50.00"),
                "8",
                "helpdesk",
                f"hd-quote:{accepted.pk}:{line_ids[1]}",
            ),
        ]
        assert Quote.objects.get(pk=accepted.pk).billed_at is not None
        assert Quote.objects.get(pk=declined.pk).billed_at is None
        assert _services(client) == [
            (f"{req.number}: Courier to Berlin", Decimal("2.000"), Decimal("100.00")),
            (f"{req.number}: Insurance", Decimal("2.000"), Decimal("100.00")),
        ]
        req = request_transition(request=req, action="reopen", actor=None, comment="Not yet")
        req = request_transition(request=req, action="start", actor=None)
        request_transition(request=req, action="resolve", actor=None)
        assert UsageRecord.objects.count() == 2


def test_a_quote_line_with_a_rate_the_settlements_lack_is_refused(office_a):
    with in_office(office_a):
        req = raised(client=ClientFactory())
        valid = timezone.localdate() + dt.timedelta(days=7)
        with pytest.raises(ApplicationError) as refused:
            quote_create(request=req, actor=None, valid_until=valid, lines=[_line(vat_rate="7")])
        assert refused.value.message == "Use one of the VAT rates: 23, 8, 5, 0."
        with pytest.raises(ApplicationError):  # 19 % is Slovak
            quote_create(request=req, actor=None, valid_until=valid, lines=[_line(vat_rate="19")])
        assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("office", "rates"), [("office_a", ["23", "8", "5", "0"]), ("office_b", ["23", "19", "5", "0"])]
)
def test_billable_work_offers_the_vat_rates_of_the_offices_country(request, office, rates):
    office = request.getfixturevalue(office)
    staff = member(office, Role.OWNER)
    with in_office(office):
        req = raised(client=ClientFactory())
    page = OfficeClient(office, user=staff).get(f"/helpdesk/{req.pk}/work/").content.decode()
    select = re.search(r'<select name="vat_rate".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == rates


def test_billable_work_is_recorded_once_per_form_and_never_for_internal_requests(office_a):
    with in_office(office_a):
        client = ClientFactory()
        req = raised(client=client)
        key = uuid.uuid4()
        data = {
            "description": "Phone calls to the court",
            "quantity": Decimal("1.5"),
            "unit_price": Decimal("120"),
            "vat_rate": "23",
            "key": key,
        }
        first = work_record(request=req, actor=None, **data)
        again = work_record(request=req, actor=None, **data)
        assert again.pk == first.pk
        usage = UsageRecord.objects.get()
        assert (usage.source, usage.source_ref, first.usage_id) == (
            "helpdesk",
            f"hd-work:{first.pk}",
            usage.pk,
        )
        assert _services(client) == [
            (f"{req.number}: Phone calls to the court", Decimal("1.500"), Decimal("180.00"))
        ]
        internal = request_create(actor=None, subject="Office printer")
        with pytest.raises(ApplicationError):
            work_record(request=internal, actor=None, **{**data, "key": uuid.uuid4()})
        assert UsageRecord.objects.count() == 1


def test_billable_work_screen_permissions_and_cross_office(office_a, office_b):
    with in_office(office_a):
        req = raised(client=ClientFactory())
    url = f"/helpdesk/{req.pk}/work/"

    def data():
        return {
            "key": str(uuid.uuid4()),
            "description": "Calls",
            "quantity": "1",
            "unit_price": "100",
            "vat_rate": "23",
        }

    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = admin.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f'hx-get="/helpdesk/{req.pk}/work/"' in page
    assert 'data-testid="work-form"' not in page  # loaded when the box is opened
    assert 'data-testid="work-form"' in admin.get(url).content.decode()
    assert admin.post(url, data()).status_code == 302
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        data=data(),
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: BillableWork.objects.count() == 1,
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        url,
        data=data(),
        unchanged=lambda: BillableWork.objects.count() == 1,
    )


def _quoted_request(client):
    req = raised(client=client)
    valid = timezone.localdate() + dt.timedelta(days=7)
    quote = quote_create(request=req, actor=None, valid_until=valid, lines=[_line()])
    quote_decide(quote=quote, actor=None, accept=True, label="Anna")
    return req


def test_billable_work_on_a_request_with_an_accepted_quote_only_beyond_the_quote(office_a):
    with in_office(office_a):
        req = _quoted_request(ClientFactory())
        data = {
            "description": "Extra courier",
            "quantity": Decimal("1"),
            "unit_price": Decimal("30"),
            "vat_rate": "23",
        }
        with pytest.raises(ValidationError) as refused:
            work_record(request=req, actor=None, key=uuid.uuid4(), **data)
        assert refused.value.message_dict == {
            "beyond_quote": [
                "The accepted quote already bills the work on this request: record here "
                "only work beyond it, and tick this box to say so."
            ]
        }
        assert not BillableWork.objects.exists()
        work = work_record(request=req, actor=None, key=uuid.uuid4(), beyond_quote=True, **data)
        assert BillableWork.objects.get().pk == work.pk


def test_the_billable_work_form_warns_of_the_accepted_quote_and_starts_unticked(office_a):
    staff = member(office_a, Role.OWNER)
    staff.language = "en"
    staff.save(update_fields=["language"])
    with in_office(office_a):
        plain = raised(client=ClientFactory())
        quoted = _quoted_request(ClientFactory())
    admin = OfficeClient(office_a, user=staff)
    note = "The accepted quote covers the work on this request: tick only for work beyond it."
    page = admin.get(f"/helpdesk/{plain.pk}/work/").content.decode()
    assert 'name="beyond_quote"' not in page
    assert note not in page
    page = admin.get(f"/helpdesk/{quoted.pk}/work/").content.decode()
    box = re.search(r'<input[^>]*name="beyond_quote"[^>]*>', page).group(0)
    assert "checked" not in box
    assert note in page
    data = {
        "key": str(uuid.uuid4()),
        "description": "Extra courier",
        "quantity": "1",
        "unit_price": "30",
        "vat_rate": "23",
    }
    response = admin.post(f"/helpdesk/{quoted.pk}/work/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "tick this box to say so" in page
    assert 'value="Extra courier"' in page
    with in_office(office_a):
        assert not BillableWork.objects.exists()
    response = admin.post(f"/helpdesk/{quoted.pk}/work/", {**data, "beyond_quote": "on"})
    assert response.status_code == 302
    with in_office(office_a):
        assert BillableWork.objects.get().description == "Extra courier"


def test_paid_work_beyond_the_quote_is_listed_on_the_clients_request_page(office_a):
    """Audit 2026-12-07: "Dodatkowy klucz 2 × 15,00 zł" showed only in the settlements."""
    from common.money import money
    from modules.helpdesk.worklog import rate_set, worklog_add, worklog_bill_request
    from tests.modules.helpdesk.factories import client_user

    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    staff = member(office_a, Role.STAFF)
    with in_office(office_a):
        req = raised(client=client, actor=user)
        other = raised(client=client, actor=user)
        work_record(
            request=req,
            actor=None,
            description="Extra key",
            quantity=Decimal("2"),
            unit_price=Decimal("15"),
            vat_rate="23",
            key=uuid.uuid4(),
        )
        rate_set(actor=None, client=client, hourly_rate=Decimal("100.00"))
        worklog_add(request=req, actor=staff, date=timezone.localdate(), minutes=30)
        worklog_bill_request(request=req, actor=None)  # logged time billed: its own table
        assert BillableWork.objects.filter(request=req).count() == 2
    web = OfficeClient(office_a, user=user)
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    rows = re.findall(r'<tr data-testid="client-paid-work-row">(.*?)</tr>', page)
    assert len(rows) == 1
    cells = [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td.*?</td>", rows[0])]
    currency = office_a.currency
    assert cells == [
        "Extra key",
        "2",
        money(Decimal("15.00"), currency, language="en"),
        money(Decimal("30.00"), currency, language="en"),
    ]
    assert (
        'data-testid="client-paid-work"'
        not in web.get(f"/portal/helpdesk/{other.pk}/").content.decode()
    )
