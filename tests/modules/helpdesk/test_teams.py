import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.helpdesk.models import Category, Request, Team, TeamMember
from modules.helpdesk.services import category_create, request_update, team_save
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.helpdesk.factories import raised

pytestmark = pytest.mark.django_db

ADMIN_ONLY = {
    "anonymous": 302,
    "client": 403,
    "staff": 403,
    "admin": 302,
    "owner": 302,
    "other_office": 403,
}


def test_a_category_routes_new_requests_to_its_team_and_assignment_stays_within_it(office_a):
    anna, piotr = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    with in_office(office_a):
        team = team_save(actor=None, name="Couriers", member_ids=[anna.pk])
        category = category_create(actor=None, name="Forwarding", team=team)
        req = raised(category=category, assignee_id=anna.pk)
        assert req.team == team
        with pytest.raises(ApplicationError) as refused:
            request_update(request=req, actor=anna, data={"assignee_id": piotr.pk})
        assert refused.value.message == "The assignee is not in the team Couriers."
        assert Request.objects.get(pk=req.pk).assignee_id == anna.pk
        with pytest.raises(ApplicationError):
            raised(category=category, assignee_id=piotr.pk)
        other = category_create(actor=None, name="Invoices")
        moved = request_update(request=req, actor=anna, data={"category": other})
        assert moved.team == team  # no team of its own: the request stays with its team
        assert request_update(request=moved, actor=anna, data={"team": None}).team is None


def test_only_staff_of_this_office_can_be_in_a_team(office_a, office_b):
    stranger = member(office_b, Role.STAFF)
    client_person = member(office_a, Role.CLIENT)
    with in_office(office_a):
        for person in (stranger, client_person):
            with pytest.raises(ApplicationError):
                team_save(actor=None, name="Couriers", member_ids=[person.pk])
        assert not Team.objects.exists()


def test_an_agent_sees_their_teams_requests_and_the_queue_filters_by_team(office_a):
    anna, piotr = member(office_a, Role.STAFF), member(office_a, Role.STAFF)
    with in_office(office_a):
        couriers = team_save(actor=None, name="Couriers", member_ids=[anna.pk, piotr.pk])
        desk = team_save(actor=None, name="Front desk", member_ids=[piotr.pk])
        ours = raised(subject="Ours", category=category_create(actor=None, name="A", team=couriers))
        request_update(request=ours, actor=None, data={"assignee_id": piotr.pk})
        theirs = raised(subject="Theirs", category=category_create(actor=None, name="B", team=desk))
        request_update(request=theirs, actor=None, data={"assignee_id": piotr.pk})
    web = OfficeClient(office_a, user=anna)
    page = web.get("/helpdesk/", {"saved": "all"}).content.decode()
    assert ours.number in page
    assert theirs.number not in page
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = admin.get("/helpdesk/", {"saved": "all", "team": desk.pk}).content.decode()
    assert theirs.number in page
    assert ours.number not in page


def test_teams_and_routing_on_the_settings_screen(office_a, office_b):
    anna = member(office_a, Role.STAFF)
    with in_office(office_a):
        category = Category.objects.create(name_pl="Forwarding")
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    response = admin.post(
        "/administration/helpdesk/teams/", {"name": "Couriers", "members": [anna.pk]}
    )
    assert response.status_code == 302
    with in_office(office_a):
        team = Team.objects.get()
        assert list(TeamMember.objects.values_list("user_id", flat=True)) == [anna.pk]
    response = admin.post(
        "/administration/helpdesk/routing/", {"category": category.pk, "team": team.pk}
    )
    assert response.status_code == 302
    page = admin.get("/administration/helpdesk/").content.decode()
    assert 'data-testid="category-team">Couriers<' in page
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/teams/",
        data={"team": team.pk, "name": "Renamed", "members": []},
        expect={k: v for k, v in ADMIN_ONLY.items() if v != 302 or k == "anonymous"},
        unchanged=lambda: Team.objects.get().name == "Couriers" and TeamMember.objects.count() == 1,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/routing/",
        data={"category": category.pk, "team": ""},
        expect={k: v for k, v in ADMIN_ONLY.items() if v != 302 or k == "anonymous"},
        unchanged=lambda: Category.objects.get().team_id == team.pk,
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        "/administration/helpdesk/routing/",
        data={"category": category.pk, "team": ""},
        unchanged=lambda: Category.objects.get().team_id == team.pk,
    )
