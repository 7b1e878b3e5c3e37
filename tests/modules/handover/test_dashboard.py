"""The dashboard's hand-over tiles."""

import datetime as dt

from django.utils import timezone, translation

from modules.handover.dashboard import pickups_today_tile
from modules.handover.services import handover_record
from tests.modules.handover.factories import waiting


def test_todays_tile_counts_handovers_and_says_how_many_items_they_took(staff_a, in_office_a):
    """Audit: "Handed over today: 2" beside "Waiting to be handed over: 161" (items) read
    as two items when the two hand-overs had taken three. The tile is "Hand-overs today"
    and says the items under the number, in each language's plural."""
    first, second = waiting(count=3), waiting()
    handover_record(
        actor=staff_a, item_ids=[i.pk for i in first], method="confirmed", person_name="Jan Nowak"
    )
    handover_record(
        actor=staff_a, item_ids=[second[0].pk], method="confirmed", person_name="Ewa Lis"
    )
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    handover_record(
        actor=staff_a,
        item_ids=[waiting()[0].pk],
        method="confirmed",
        person_name="Ewa Lis",
        handed_over_at=yesterday.replace(hour=12),
    )
    with translation.override("en"):
        tile = pickups_today_tile(None)
        assert (tile["label"], tile["value"], tile["detail"]) == (
            "Hand-overs today",
            2,
            "4 items in all",
        )
    with translation.override("pl"):
        tile = pickups_today_tile(None)
        assert (tile["label"], tile["detail"]) == ("Wydania dziś", "łącznie 4 przesyłki")
    with translation.override("sk"):
        assert pickups_today_tile(None)["detail"] == "spolu 4 zásielky"
    waiting_five = waiting(count=5)
    handover_record(
        actor=staff_a, item_ids=[i.pk for i in waiting_five], method="confirmed", person_name="Jan"
    )
    with translation.override("pl"):
        assert pickups_today_tile(None)["detail"] == "łącznie 9 przesyłek"
    with translation.override("sk"):
        assert pickups_today_tile(None)["detail"] == "spolu 9 zásielok"


def test_no_handover_today_says_no_items(in_office_a):
    tile = pickups_today_tile(None)
    assert (tile["value"], tile["detail"]) == (0, "")
