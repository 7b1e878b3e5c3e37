"""/api/v1/helpdesk/sla-policies/: what Administration > Helpdesk SLA does, over the API."""

import json

import pytest

from modules.audit.models import AuditEntry
from modules.helpdesk.models import SLA_MAX_MINUTES, SlaPolicy
from modules.helpdesk.sla import sla_policy_create
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/helpdesk/sla-policies/"


def _policy(**data) -> dict:
    return (
        {"name": "Urgent", "priority": "urgent", "first_response_minutes": 60}
        | {"resolution_minutes": 480}
        | data
    )


def test_an_administrator_adds_changes_deactivates_and_removes_a_policy(office_a, admin_a):
    with in_office(office_a):
        client = ClientFactory()
    web = OfficeClient(office_a, user=admin_a)
    created = web.post(URL, _policy(client=client.pk), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["client"], body["priority"], body["is_active"]) == (client.pk, "urgent", True)
    changed = web.patch(
        f"{URL}{body['id']}/",
        {"resolution_minutes": 240, "is_active": False},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["resolution_minutes"], changed.json()["is_active"]) == (240, False)
    assert [row["id"] for row in web.get(URL).json()["results"]] == [body["id"]]
    assert web.delete(f"{URL}{body['id']}/").status_code == 204
    with in_office(office_a):
        assert not SlaPolicy.objects.exists()
        actions = AuditEntry.objects.filter(action__startswith="helpdesk.sla_policy_")
        assert sorted(actions.values_list("action", flat=True)) == [
            "helpdesk.sla_policy_changed",
            "helpdesk.sla_policy_created",
            "helpdesk.sla_policy_deleted",
        ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"first_response_minutes": 0}, "first_response_minutes"),
        ({"resolution_minutes": SLA_MAX_MINUTES + 1}, "resolution_minutes"),
        ({"priority": "whenever"}, "priority"),
        ({"client": 999999}, "client"),
        ({"name": ""}, "name"),
    ],
)
def test_a_policy_that_does_not_fit_is_refused_and_nothing_is_kept(office_a, admin_a, data, field):
    response = OfficeClient(office_a, user=admin_a).post(
        URL, _policy(**data), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    with in_office(office_a):
        assert not SlaPolicy.objects.exists()


def test_a_second_active_policy_for_the_same_scope_is_refused(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    assert web.post(URL, _policy(), content_type="application/json").status_code == 201
    second = web.post(URL, _policy(name="Again"), content_type="application/json")
    assert second.status_code == 400, second.content
    assert second.json()["code"] == "invalid"
    with in_office(office_a):
        assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["Urgent"]


def test_staff_read_administrators_change_clients_get_nothing(office_a, office_b):
    with in_office(office_a):
        policy = sla_policy_create(
            actor=None,
            data={"name": "Normal", "first_response_minutes": 120, "resolution_minutes": 960},
        )
    unchanged = lambda: SlaPolicy.objects.filter(pk=policy.pk, name="Normal").exists()  # noqa: E731
    reads = {"anonymous": 401, "client": 403, "staff": 200, "admin": 200, "other_office": 403}
    check_permission_matrix(office_a, office_b, "get", URL, expect=reads)
    check_permission_matrix(office_a, office_b, "get", f"{URL}{policy.pk}/", expect=reads)
    writes = {"anonymous": 401, "client": 403, "staff": 403, "other_office": 403}
    check_permission_matrix(
        office_a,
        office_b,
        "patch",
        f"{URL}{policy.pk}/",
        expect=writes | {"admin": 200},
        data=json.dumps({"name": "Changed"}),
        content_type="application/json",
        unchanged=unchanged,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        URL,
        expect=writes,
        data=json.dumps(_policy()),
        content_type="application/json",
        unchanged=lambda: SlaPolicy.objects.count() == 1,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "delete",
        f"{URL}{policy.pk}/",
        expect=writes,
        unchanged=lambda: SlaPolicy.objects.filter(pk=policy.pk).exists(),
    )


def test_another_office_sees_none_of_the_policies(office_a, office_b):
    with in_office(office_a):
        policy = sla_policy_create(
            actor=None,
            data={"name": "Normal", "first_response_minutes": 120, "resolution_minutes": 960},
        )
    kept = lambda: SlaPolicy.objects.filter(pk=policy.pk, name="Normal").exists()  # noqa: E731
    check_cross_office(office_a, office_b, "get", f"{URL}{policy.pk}/")
    check_cross_office(office_a, office_b, "delete", f"{URL}{policy.pk}/", unchanged=kept)
