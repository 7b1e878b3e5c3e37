import pytest

from accounts.models import Membership, Role
from accounts.services import membership_role_change
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member

pytestmark = pytest.mark.django_db


def _membership(office, user) -> Membership:
    return Membership.objects.select_related("user", "office").get(office=office, user=user)


def test_an_admin_makes_staff_an_administrator_and_it_is_audited(office_a):
    admin, staff = member(office_a, Role.ADMIN), member(office_a, Role.STAFF)
    target = _membership(office_a, staff)
    response = OfficeClient(office_a, user=admin).post(
        f"/administration/team/{target.pk}/role/", {"role": "admin"}, follow=True
    )
    assert response.status_code == 200
    assert _membership(office_a, staff).role == Role.ADMIN
    assert "ma teraz rolę: Administrator." in response.content.decode()
    with in_office(office_a):
        entry = AuditEntry.objects.get(action="membership.role_changed")
    assert (entry.actor_id, entry.changes["role"]) == (admin.pk, ["staff", "admin"])
    assert OfficeClient(office_a, user=staff).get("/administration/team/").status_code == 200


def test_the_team_page_offers_the_role_change_with_a_confirmation(office_a):
    admin, staff = member(office_a, Role.ADMIN), member(office_a, Role.STAFF)
    owner = member(office_a, Role.OWNER)
    page = OfficeClient(office_a, user=admin).get("/administration/team/").content.decode()
    staff_form = page.split(f'data-testid="role-form-{_membership(office_a, staff).pk}"', 1)[1]
    staff_form = staff_form.split("</form>", 1)[0]
    assert 'data-confirm="Zmienić rolę tej osoby?"' in staff_form
    assert '<option value="admin">' in staff_form and 'value="owner"' not in staff_form
    # An administrator is offered no change of an owner, nor of themselves.
    assert f'role-form-{_membership(office_a, owner).pk}"' not in page
    assert f'role-form-{_membership(office_a, admin).pk}"' not in page
    owners_page = OfficeClient(office_a, user=owner).get("/administration/team/").content.decode()
    assert '<option value="owner">' in owners_page


def test_an_administrator_cannot_make_or_change_owners(office_a):
    admin, staff = member(office_a, Role.ADMIN), member(office_a, Role.STAFF)
    owners = [member(office_a, Role.OWNER) for _ in range(2)]
    with pytest.raises(ApplicationError) as refused:
        membership_role_change(membership=_membership(office_a, staff), role="owner", actor=admin)
    assert refused.value.message == "Only an owner can change the office's owners."
    with pytest.raises(ApplicationError):
        membership_role_change(
            membership=_membership(office_a, owners[0]), role="staff", actor=admin
        )
    assert _membership(office_a, staff).role == Role.STAFF
    assert _membership(office_a, owners[0]).role == Role.OWNER


def test_an_owner_hands_the_office_over_but_the_last_owner_stays(office_a):
    first, admin = member(office_a, Role.OWNER), member(office_a, Role.ADMIN)
    membership_role_change(membership=_membership(office_a, admin), role="owner", actor=first)
    assert _membership(office_a, admin).role == Role.OWNER
    membership_role_change(membership=_membership(office_a, first), role="admin", actor=admin)
    assert _membership(office_a, first).role == Role.ADMIN
    with pytest.raises(ApplicationError) as refused:
        membership_role_change(membership=_membership(office_a, admin), role="staff", actor=first)
    assert refused.value.message == "Only an owner can change the office's owners."
    assert _membership(office_a, admin).role == Role.OWNER


def test_nobody_changes_their_own_role_so_the_last_owner_stays(office_a):
    owner = member(office_a, Role.OWNER)
    other = member(office_a, Role.OWNER)
    membership_role_change(membership=_membership(office_a, other), role="staff", actor=owner)
    with pytest.raises(ApplicationError) as refused:
        membership_role_change(membership=_membership(office_a, owner), role="admin", actor=owner)
    assert refused.value.message == "You cannot change your own role."
    assert _membership(office_a, owner).role == Role.OWNER


@pytest.mark.parametrize("role", ["client", "nonsense"])
def test_only_team_roles_can_be_given(office_a, role):
    admin, staff = member(office_a, Role.ADMIN), member(office_a, Role.STAFF)
    with pytest.raises(ApplicationError):
        membership_role_change(membership=_membership(office_a, staff), role=role, actor=admin)
    assert _membership(office_a, staff).role == Role.STAFF


def test_an_inactive_or_client_membership_keeps_its_role(office_a):
    admin, staff = member(office_a, Role.ADMIN), member(office_a, Role.STAFF)
    Membership.objects.filter(user=staff).update(is_active=False)
    with pytest.raises(ApplicationError):
        membership_role_change(membership=_membership(office_a, staff), role="admin", actor=admin)
    client_user = member(office_a, Role.CLIENT)
    with pytest.raises(ApplicationError):
        membership_role_change(
            membership=_membership(office_a, client_user), role="admin", actor=admin
        )
    assert _membership(office_a, client_user).role == Role.CLIENT


def test_role_change_permission_matrix(office_a, office_b):
    target = _membership(office_a, member(office_a, Role.STAFF))
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/team/{target.pk}/role/",
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 403,
            "other_office": 403,
            "admin": 302,
            "owner": 302,
        },
        data={"role": "admin"},
        unchanged=lambda: Membership.objects.get(pk=target.pk).role == Role.STAFF,
    )
    assert Membership.objects.get(pk=target.pk).role == Role.ADMIN


def test_changing_a_member_of_another_office_is_404(office_a, office_b):
    admin = member(office_a, Role.ADMIN)
    theirs = _membership(office_b, member(office_b, Role.STAFF))
    response = OfficeClient(office_a, user=admin).post(
        f"/administration/team/{theirs.pk}/role/", {"role": "admin"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == Role.STAFF
