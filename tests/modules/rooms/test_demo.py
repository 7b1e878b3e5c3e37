from modules.rooms.demo import seed_demo
from modules.rooms.models import Booking, Extra, OpeningHours, Room, RoomSettings
from tests.modules.clients.factories import ClientFactory


def test_demo_three_rooms_a_month_of_bookings_and_runs_twice(in_office_a, office_a):
    for n in range(3):
        ClientFactory(name=f"Demo {n}")
    seed_demo(office=office_a, people={})
    count = Booking.objects.count()
    seed_demo(office=office_a, people={})
    assert Booking.objects.count() == count
    assert list(Room.objects.values_list("name", flat=True)) == [
        "Sala Focus",
        "Sala Tatry",
        "Sala Wisła",
    ]
    assert Extra.objects.count() == 3
    assert OpeningHours.objects.count() == 6
    assert RoomSettings.objects.get().public_holidays == "PL"
    assert count > 60
    assert Booking.objects.filter(client__isnull=False).exists()
