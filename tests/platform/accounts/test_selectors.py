from accounts.models import Role
from accounts.selectors import (
    _active_memberships,
    membership_all,
    membership_for_office,
    membership_list,
    person_get,
    switcher_memberships,
)
from tenants.models import Office
from tests.factories import MembershipFactory, UserFactory


def test_the_written_out_membership_reads_agree_with_the_one_definition(office_a, office_b):
    person, someone_else = UserFactory(), UserFactory()
    MembershipFactory(office=office_a, user=person, role=Role.STAFF)
    MembershipFactory(
        office=office_a, user=person, role=Role.CLIENT, client_id=7, client_name="Beta"
    )
    MembershipFactory(
        office=office_b, user=person, role=Role.CLIENT, client_id=8, client_name="Alfa"
    )
    MembershipFactory(
        office=office_b, user=person, role=Role.CLIENT, client_id=9, client_name="Alfa"
    )
    MembershipFactory(
        office=office_b,
        user=person,
        role=Role.CLIENT,
        client_id=10,
        client_name="Gone",
        is_active=False,
    )
    MembershipFactory(office=office_b, user=someone_else, role=Role.ADMIN)
    Office.objects.filter(pk=office_b.pk).update(state=Office.State.SUSPENDED)

    defined = [m.pk for m in _active_memberships(person)]
    assert len(defined) == 4
    read = person_get(user_id=person.pk)
    assert [m.pk for m in read.active_memberships] == defined
    assert [m.office.pk for m in read.active_memberships] == [
        m.office_id for m in _active_memberships(person)
    ]
    assert [m.pk for m in membership_all(user=person)] == defined
    assert [m.pk for m in switcher_memberships(membership_all(user=person))] == [
        m.pk for m in membership_list(user=person)
    ]
    assert [m.office_id for m in membership_list(user=person)] == [office_a.pk, office_a.pk]
    for office in (office_a, office_b):
        through_sql = membership_for_office(
            user=read, office=office, memberships=membership_all(user=read)
        )
        through_orm = membership_for_office(user=person, office=office)
        assert (through_sql[0].pk, [m.pk for m in through_sql[1]]) == (
            through_orm[0].pk,
            [m.pk for m in through_orm[1]],
        )
