import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.billing.forms import AssignmentForm, UsageForm
from modules.billing.models import Assignment, Package, Service, UsageRecord
from modules.billing.selectors import summary_get
from modules.billing.services import assignment_set, usage_record
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import MARCH, biznes, courier, fixture_month
from tests.modules.billing.test_views import ADMIN_PAGE
from tests.modules.billing.test_views import REFUSED as ADMIN_REFUSED
from tests.modules.clients.factories import ClientFactory
from tests.modules.scanrequests.conftest import english

D = Decimal
REFUSED = {**ADMIN_REFUSED, "staff": 403}


def _service_data(service, **changes):
    data = {
        "name_pl": service.name_pl,
        "name_sk": service.name_sk,
        "name_en": service.name_en,
        "unit": service.unit,
        "net_price": str(service.net_price),
        "vat_rate": service.vat_rate,
        "metric": service.metric,
        "active": "on" if service.active else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_permission_matrix_of_the_edit_screens(office_a, office_b):
    with in_office(office_a):
        service, package = courier(), biznes()
    for url in (
        f"/administration/billing/services/{service.pk}/",
        f"/administration/billing/packages/{package.pk}/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=ADMIN_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/billing/services/{service.pk}/",
        data=_service_data(service, net_price="99.00"),
        expect=REFUSED,
        unchanged=lambda: Service.objects.get(pk=service.pk).net_price == D("15.99"),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/billing/packages/{package.pk}/",
        data={
            "name": "Changed",
            "frequency": "monthly",
            "contract_months": 12,
            "notice_months": 1,
            "vat_rate": "23",
            "price": "1.00",
        },
        expect=REFUSED,
        unchanged=lambda: Package.objects.get(pk=package.pk).name == "Biznes",
    )


def test_admin_changes_a_service_audited_as_a_diff_and_bad_input_is_shown_again(office_a):
    admin = english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        service = courier()
    web = OfficeClient(office_a, user=admin)
    url = f"/administration/billing/services/{service.pk}/"
    html = web.get(url).content.decode()
    assert 'value="15.99"' in html and 'value="Courier"' in html
    response = web.post(url, _service_data(service, net_price="-1", name_en="Express"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="-1"' in html and 'value="Express"' in html
    with in_office(office_a):
        assert Service.objects.get(pk=service.pk).name_en == "Courier"
    response = web.post(url, _service_data(service, net_price="17.00", name_en="Express "))
    assert response.status_code == 302
    with in_office(office_a):
        service.refresh_from_db()
        assert (service.net_price, service.name_en) == (D("17.00"), "Express")
        entry = AuditEntry.objects.get(action="billing.service_changed")
        assert entry.changes == {"name_en": ["Courier", "Express"], "net_price": ["15.99", "17.00"]}
    assert web.post(url, _service_data(service)).status_code == 302  # nothing changed
    with in_office(office_a):
        assert AuditEntry.objects.filter(action="billing.service_changed").count() == 1


def test_a_deactivated_package_stays_in_history_but_cannot_be_assigned(office_a):
    admin = english(member(office_a, Role.ADMIN))
    with in_office(office_a):
        client = fixture_month()
        package = biznes()
    web = OfficeClient(office_a, user=admin)
    data = {
        "name": "Biznes",
        "frequency": "monthly",
        "contract_months": 12,
        "notice_months": 1,
        "vat_rate": "23",
        "price": "199.00",
        "limit_mail_items": 10,
        "limit_scans": 5,
        "over_mail_items": "2.50",
        "over_scans": "3.00",
        "scan_requests_allowed": "true",
        "scan_default_cost": "4.00",
    }
    response = web.post(f"/administration/billing/packages/{package.pk}/", data)  # no "active"
    assert response.status_code == 302
    with in_office(office_a):
        package.refresh_from_db()
        assert package.active is False
        entry = AuditEntry.objects.get(action="billing.package_changed")
        assert entry.changes == {"active": [True, False]}
        summary = summary_get(client_id=client.pk, period=MARCH)
        assert summary.package == "Biznes" and summary.lines[0].net == D("199.00")
        with pytest.raises(ApplicationError) as error:
            assignment_set(client=ClientFactory(), package=package, starts_on=MARCH, actor=admin)
        assert error.value.code == "inactive"
        assert package.pk not in [p.pk for p in AssignmentForm().fields["package"].queryset]
        assert Assignment.objects.filter(package=package).count() == 1
    html = web.get(f"/settlements/clients/{client.pk}/?month=2026-03").content.decode()
    assert 'data-testid="package-history"' in html and "inactive" in html
    assert "inactive" in web.get("/administration/billing/").content.decode()


def test_a_deactivated_service_keeps_its_usage_but_takes_no_new_one(in_office_a, staff_a):
    client = ClientFactory()
    service = courier()
    old = usage_record(client=client, date=dt.date(2026, 3, 2), quantity=D("1"), service=service)
    Service.objects.filter(pk=service.pk).update(active=False)
    with pytest.raises(ValidationError) as error:
        usage_record(client=client, date=dt.date(2026, 3, 3), quantity=D("1"), service=service)
    assert "deactivated" in str(error.value.message_dict["service"])
    assert list(UsageRecord.objects.values_list("pk", flat=True)) == [old.pk]
    assert summary_get(client_id=client.pk, period=MARCH).lines[0].description == "Courier"
    assert service.pk not in [s.pk for s in UsageForm().fields["service"].queryset]
