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


def test_demo_bookings_are_billed_as_the_clients_package_says(in_office_a, office_a):
    """Rooms' demo runs after billing's, so a booking of a client whose package includes
    room hours is counted against them (hours at 0.00), and one on Start (no room hours)
    is charged at the room's price: the settlement reads as the product bills."""
    from common.management.commands.seed_demo import demo_modules
    from modules.billing.demo import seed_demo as billing_demo
    from modules.billing.models import UsageRecord
    from modules.billing.selectors import assignment_current

    order = [module.__name__ for module in demo_modules()]
    assert (
        order.index("modules.billing.demo")
        < order.index("modules.rooms.demo")
        < order.index("modules.invoices.demo")
    )
    for n in range(6):
        ClientFactory(name=f"Demo {n}")
    billing_demo(office=office_a, people={})
    seed_demo(office=office_a, people={})
    kinds = set()
    for record in UsageRecord.objects.filter(source="rooms", source_ref__regex=r"^booking:\d+$"):
        terms = assignment_current(client_id=record.client_id, day=record.date)
        included = terms.term("limit_room_hours") is not None
        assert (record.metric, record.unit_price == 0) == (
            ("room_hours", True) if included else ("", False)
        ), record.description
        kinds.add(included)
    assert kinds == {True, False}
