import datetime as dt
from decimal import Decimal

from accounts.models import Role
from modules.billing.models import Package, Service, UsageRecord
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, courier, fixture_month
from tests.modules.clients.factories import ClientFactory


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


def _span_totals(client_id, months):
    from modules.billing.selectors import summary_get

    summaries = [summary_get(client_id=client_id, period=m) for m in months]
    return tuple(str(sum((getattr(s, f) for s in summaries), Decimal(0))) for f in SUMS)


SUMS = ("net", "vat", "gross")
Q1 = [dt.date(2026, m, 1) for m in (1, 2, 3)]


def test_spans_a_quarter_and_a_range_as_the_screens_read_them(office_a):
    from modules.billing.services import period_close

    with in_office(office_a):
        client = fixture_month()  # Biznes from January; March has every kind of line
        period_close(client=client, period=Q1[0], actor=None)
        expected = _span_totals(client.pk, Q1)
    assert expected == ("729.78", "167.85", "897.63")  # 199.00 + 199.00 + 331.78 net
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    rows = web.get("/api/v1/settlements/spans/?quarter=2026-Q1").json()
    assert [(r["client_id"], r["start"], r["end"]) for r in rows] == [
        (client.pk, "2026-01-01", "2026-03-01")
    ]
    row = rows[0]
    assert tuple(row[f] for f in SUMS) == expected
    assert (row["month_count"], row["closed_months"], row["closed"], row["package"]) == (
        3,
        1,
        False,
        "Biznes",
    )
    assert [(m["period"], m["closed"], m["net"]) for m in row["months"]] == [
        ("2026-01-01", True, "199.00"),
        ("2026-02-01", False, "199.00"),
        ("2026-03-01", False, "331.78"),
    ]
    one = web.get(f"/api/v1/settlements/spans/{client.pk}/?from=2026-03&to=2026-01").json()
    assert (one["start"], one["end"], tuple(one[f] for f in SUMS)) == (
        "2026-01-01",
        "2026-03-01",
        expected,
    )
    assert [len(m["lines"]) for m in one["months"]] == [1, 1, 7]
    assert one["months"][2]["lines"][0]["description"] == "Pakiet Biznes"  # office A: Polish
    month = web.get(f"/api/v1/settlements/spans/{client.pk}/?month=2026-03").json()
    assert [m["period"] for m in month["months"]] == ["2026-03-01"]
    assert month["net"] == "331.78"


def test_spans_refuse_a_malformed_period(office_a):
    with in_office(office_a):
        client = fixture_month()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    for query, field in (
        ("quarter=2026-Q5", "quarter"),
        ("month=9999-12", "month"),
        ("from=2026-13&to=2026-01", "from"),
    ):
        for url in ("/api/v1/settlements/spans/", f"/api/v1/settlements/spans/{client.pk}/"):
            response = web.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query)
            assert (response.json()["code"], list(response.json()["fields"])) == (
                "invalid",
                [field],
            )


def test_a_client_user_reads_only_their_own_span_and_only_when_switched_on(office_a):
    from modules.billing.services import settings_update

    with in_office(office_a):
        client = fixture_month()
        other = ClientFactory()
    person = member(office_a, Role.CLIENT, client_id=client.pk, client_name=client.name)
    web = OfficeClient(office_a, user=person)
    url = f"/api/v1/settlements/spans/{client.pk}/?quarter=2026-Q1"
    assert web.get(url).status_code == 404  # off by default
    with in_office(office_a):
        settings_update(actor=None, data={"summaries_for_clients": True})
    data = web.get(url).json()
    assert (data["client_id"], data["net"]) == (client.pk, "729.78")
    assert web.get(f"/api/v1/settlements/spans/{other.pk}/?quarter=2026-Q1").status_code == 404
    assert web.get("/api/v1/settlements/spans/?quarter=2026-Q1").status_code == 403
    assert web.get("/api/v1/settlements/services/").status_code == 403


def test_staff_change_services_and_packages_through_the_services(office_a):
    from modules.audit.models import AuditEntry

    with in_office(office_a):
        service = courier()
        package = biznes()
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    response = web.patch(
        f"/api/v1/settlements/services/{service.pk}/",
        {"net_price": "17.50", "active": False},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["net_price"], response.json()["active"]) == ("17.50", False)
    response = web.patch(
        f"/api/v1/settlements/services/{service.pk}/",
        {"net_price": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = web.patch(
        f"/api/v1/settlements/packages/{package.pk}/",
        {"price": "249.00", "limit_mail_items": 20},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert web.get(f"/api/v1/settlements/packages/{package.pk}/").json()["price"] == "249.00"
    with in_office(office_a):
        service.refresh_from_db()
        package.refresh_from_db()
        assert (service.net_price, service.active) == (Decimal("17.50"), False)
        assert (package.price, package.limit_mail_items) == (Decimal("249.00"), 20)
        changes = [
            e.changes
            for e in AuditEntry.objects.filter(
                action__in=("billing.service_changed", "billing.package_changed")
            ).order_by("pk")
        ]
    assert changes == [
        {"net_price": ["15.99", "17.50"], "active": [True, False]},
        {"price": ["199.00", "249.00"], "limit_mail_items": [10, 20]},
    ]


def test_permission_matrix_and_offices_of_the_new_endpoints(office_a, office_b):
    from tests.helpers.matrix import check_cross_office, check_permission_matrix

    with in_office(office_a):
        client = fixture_month()
        service = Service.objects.get(name_en="Courier")
        package = Package.objects.get(name="Biznes")
    api = {
        "anonymous": 401,
        "client": 403,
        "staff": 200,
        "admin": 200,
        "owner": 200,
        "other_office": 403,
    }
    for url in (
        "/api/v1/settlements/spans/?quarter=2026-Q1",
        f"/api/v1/settlements/services/{service.pk}/",
        f"/api/v1/settlements/packages/{package.pk}/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=api)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/api/v1/settlements/spans/{client.pk}/?quarter=2026-Q1",
        expect={**api, "client": 404},  # another company, and summaries off
    )
    refused = {"anonymous": 401, "client": 403, "other_office": 403}
    check_permission_matrix(
        office_a,
        office_b,
        "patch",
        f"/api/v1/settlements/services/{service.pk}/",
        data={"net_price": "99.00"},
        content_type="application/json",
        expect=refused,
        unchanged=lambda: Service.objects.get(pk=service.pk).net_price == Decimal("15.99"),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "put",
        f"/api/v1/settlements/packages/{package.pk}/",
        data={"name": "Hack", "price": "1.00"},
        content_type="application/json",
        expect=refused,
        unchanged=lambda: Package.objects.get(pk=package.pk).name == "Biznes",
    )
    for url in (
        f"/api/v1/settlements/spans/{client.pk}/?quarter=2026-Q1",
        f"/api/v1/settlements/services/{service.pk}/",
        f"/api/v1/settlements/packages/{package.pk}/",
    ):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "patch",
        f"/api/v1/settlements/services/{service.pk}/",
        data={"net_price": "99.00"},
        unchanged=lambda: Service.objects.get(pk=service.pk).net_price == Decimal("15.99"),
    )
    web = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    assert web.get("/api/v1/settlements/spans/?quarter=2026-Q1").json() == []
