import pytest

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.helpdesk.models import Access, Schedule
from modules.helpdesk.services import access_set
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/helpdesk/schedules/"


def _task(client, **data) -> dict:
    return {
        "client": client.pk,
        "subject": "Scan the archive",
        "frequency": "months",
        "interval": 1,
        "month_day": -1,
        "starts_on": "2026-01-01",
    } | data


def test_staff_add_change_list_and_remove_a_clients_recurring_task(office_a, staff_a):
    with in_office(office_a):
        client, other = ClientFactory(), ClientFactory()
    web = OfficeClient(office_a, user=staff_a)
    created = web.post(URL, _task(client), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["client"], body["month_day"], body["is_active"]) == (client.pk, -1, True)
    assert len(body["next_dates"]) == 3
    assert body["next_on"] == body["next_dates"][0]
    web.post(URL, _task(other, subject="Other's"), content_type="application/json")
    listed = web.get(URL, {"client": client.pk}).json()["results"]
    assert [row["subject"] for row in listed] == ["Scan the archive"]
    changed = web.patch(
        f"{URL}{body['id']}/",
        {"frequency": "weeks", "month_day": None, "weekday": 0},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["frequency"], changed.json()["weekday"]) == ("weeks", 0)
    moved = web.patch(f"{URL}{body['id']}/", {"client": other.pk}, content_type="application/json")
    assert moved.status_code == 400
    assert "client" in moved.json()["fields"]
    assert web.delete(f"{URL}{body['id']}/").status_code == 204
    with in_office(office_a):
        assert list(Schedule.objects.values_list("subject", flat=True)) == ["Other's"]
        actions = AuditEntry.objects.filter(action__startswith="helpdesk.schedule_")
        assert sorted(actions.values_list("action", flat=True)) == [
            "helpdesk.schedule_changed",
            "helpdesk.schedule_created",
            "helpdesk.schedule_created",
            "helpdesk.schedule_deleted",
        ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"frequency": "weeks", "weekday": 0}, "month_day"),  # a week has no day of the month
        ({"month_day": 0}, "month_day"),
        ({"ends_on": "2025-12-31"}, "ends_on"),  # before the first date
        ({"starts_on": "9999-12-31"}, "starts_on"),
        ({"assignee": 999999}, "assignee"),
    ],
)
def test_a_task_that_does_not_fit_is_refused_and_nothing_is_kept(office_a, staff_a, data, field):
    with in_office(office_a):
        client = ClientFactory()
    response = OfficeClient(office_a, user=staff_a).post(
        URL, _task(client, **data), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in str(response.json())
    with in_office(office_a):
        assert not Schedule.objects.exists()


def test_read_only_staff_read_clients_get_nothing_and_other_offices_see_nothing(
    office_a, office_b, staff_a
):
    with in_office(office_a):
        client = ClientFactory()
        reader = member(office_a, Role.STAFF)
        access_set(actor=None, user_id=reader.pk, level=Access.Level.READ_ONLY)
    worker = OfficeClient(office_a, user=staff_a)
    task = worker.post(URL, _task(client), content_type="application/json").json()["id"]
    read_only = OfficeClient(office_a, user=reader)
    assert [row["id"] for row in read_only.get(URL).json()["results"]] == [task]
    assert read_only.post(URL, _task(client), content_type="application/json").status_code == 403
    assert read_only.delete(f"{URL}{task}/").status_code == 403
    customer = OfficeClient(office_a, user=client_user(office_a, client))
    assert customer.get(URL).status_code == 403
    assert customer.delete(f"{URL}{task}/").status_code == 403
    stranger = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    assert stranger.get(URL).json()["results"] == []
    assert stranger.get(f"{URL}{task}/").status_code == 404
    assert stranger.delete(f"{URL}{task}/").status_code == 404
    with in_office(office_a):
        assert list(Schedule.objects.values_list("pk", flat=True)) == [task]
