import pytest

from accounts.models import Role
from modules.notifications.models import Delivery, StaffAlert
from modules.notifications.services import notify, settings_update
from tests.helpers.offices import in_office, member

pytestmark = pytest.mark.django_db


def test_an_office_event_for_named_staff_reaches_only_them_on_their_channels(office_a, office_b):
    anna, piotr, bystander = (member(office_a, Role.STAFF) for _ in range(3))
    client_person = member(office_a, Role.CLIENT)
    stranger = member(office_b, Role.STAFF)
    with in_office(office_a):
        settings_update(actor=None, office_email="biuro@office-a.pl")
        notify(
            event="mail.scan_requested",
            client_id=1,
            staff={
                anna.pk: {"email", "inapp"},
                piotr.pk: {"inapp"},
                client_person.pk: {"email", "inapp"},
                stranger.pk: {"email", "inapp"},
            },
        )
        assert sorted(StaffAlert.objects.values_list("user_id", flat=True)) == sorted(
            [anna.pk, piotr.pk]
        )
        assert list(Delivery.objects.filter(channel="email").values_list("address", flat=True)) == [
            anna.email
        ]
        assert not StaffAlert.objects.filter(user=bystander).exists()


def test_staff_targets_are_for_office_events_only(office_a):
    with in_office(office_a), pytest.raises(ValueError):
        notify(event="mail.new", client_id=1, staff={1: {"email"}})
