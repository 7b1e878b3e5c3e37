import pytest

from tests.helpers.offices import OfficeClient


@pytest.mark.parametrize(
    "query",
    [
        "from=0162-03-30T23:20:13%2B23:58&to=2764-01-30T23:48:31.60725Z",
        "from=2026-01-01&to=2026-02-01&room=%C2%B2",
        "from=2026-01-01&to=2026-02-01&room=99999999999999",
        "room=%C2%B2",
        "room=99999999999999",
    ],
)
def test_odd_booking_filters_answer_400_or_an_empty_list(office_a, staff_a, query):
    response = OfficeClient(office_a, user=staff_a).get(f"/api/v1/rooms/bookings/?{query}")
    assert response.status_code in (200, 400), response.content[:300]
