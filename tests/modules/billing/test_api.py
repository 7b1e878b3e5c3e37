from decimal import Decimal

from accounts.models import Role
from modules.billing.models import Package, Service, UsageRecord
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, courier, fixture_month


def test_staff_create_and_list_through_the_services(office_a):
    with in_office(office_a):
        client = fixture_month()
        service = courier()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    response = web.post(
        "/api/v1/settlements/usage/",
        {"client": client.pk, "service": service.pk, "date": "2026-03-12", "quantity": "2"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["unit_price"], response.json()["period"]) == ("15.99", "2026-03-01")
    response = web.post(
        "/api/v1/settlements/usage/",
        {"client": client.pk, "service": service.pk, "date": "2026-03-12", "quantity": "-2"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "reason": ["Ujemna ilość to korekta: podaj jej powód."]  # office A speaks Polish
    }
    with in_office(office_a):
        assert UsageRecord.objects.filter(client=client, date="2026-03-12").count() == 1
    listed = web.get(f"/api/v1/settlements/usage/?client={client.pk}&month=2026-03").json()
    assert len(listed["results"] if isinstance(listed, dict) else listed) == 4
    response = web.post(
        "/api/v1/settlements/services/",
        {"name_pl": "Skan", "unit": "page", "net_price": "1.20", "vat_rate": "23"},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = web.post(
        "/api/v1/settlements/packages/",
        {"name": "Mini", "price": "-1.00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    with in_office(office_a):
        assert Service.objects.filter(name_pl="Skan").count() == 1
        assert not Package.objects.filter(name="Mini").exists()
    data = web.get(f"/api/v1/settlements/summaries/{client.pk}/?month=2026-03").json()
    assert (data["net"], data["vat"], data["gross"]) == (
        "363.76",
        "83.67",
        "447.43",
    )  # 31.98 x 23 % = 7.3554 -> 7.36
    rows = web.get("/api/v1/settlements/summaries/?month=2026-03").json()
    assert [r["client_id"] for r in rows] == [client.pk]


def test_packages_list(office_a):
    with in_office(office_a):
        biznes()
    web = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    data = web.get("/api/v1/settlements/packages/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(r["name"], r["price"], r["limit_mail_items"]) for r in rows] == [
        ("Biznes", "199.00", 10)
    ]
    assert Decimal(rows[0]["scan_default_cost"]) == Decimal("4.00")
