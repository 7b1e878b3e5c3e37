import pytest

from accounts.models import Membership, Role
from accounts.services import membership_create, membership_deactivate
from common.exceptions import ApplicationError
from tests.helpers.offices import OfficeClient, member

pytestmark = pytest.mark.django_db


def _membership(office, user) -> Membership:
    return Membership.objects.select_related("user", "office").get(office=office, user=user)


def test_an_admin_cannot_deactivate_an_owner_even_with_two_owners(office_a):
    owners = [member(office_a, Role.OWNER) for _ in range(2)]
    admin = member(office_a, Role.ADMIN)
    target = _membership(office_a, owners[0])
    response = OfficeClient(office_a, user=admin).post(
        f"/administration/team/{target.pk}/remove/", follow=True
    )
    assert "Tylko właściciel może zmieniać właścicieli biura." in response.content.decode()
    target.refresh_from_db()
    assert target.is_active


def test_an_owner_removes_another_owner_but_never_the_last_one(office_a):
    first, second = member(office_a, Role.OWNER), member(office_a, Role.OWNER)
    membership_deactivate(membership=_membership(office_a, first), actor=second)
    assert not _membership(office_a, first).is_active
    with pytest.raises(ApplicationError) as refused:
        membership_deactivate(membership=_membership(office_a, second), actor=second)
    assert refused.value.message == "An office must keep at least one owner."
    assert _membership(office_a, second).is_active


def test_the_last_owner_cannot_be_turned_into_staff(office_a):
    owner = member(office_a, Role.OWNER)
    with pytest.raises(ApplicationError) as refused:
        membership_create(user=owner, office=office_a, role=Role.STAFF)
    assert refused.value.message == "An office must keep at least one owner."
    assert _membership(office_a, owner).role == Role.OWNER
