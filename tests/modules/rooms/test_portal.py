import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Role
from modules.rooms import rules, services
from modules.rooms.models import Booking
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.rooms.factories import book, open_every_day, room_make

CLIENT_PAGE = {
    "anonymous": 302,
    "client": 200,
    "staff": 403,
    "admin": 403,
    "other_office": 403,
}


@pytest.fixture
def setup(office_a):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        company = ClientFactory(name="Acme sp. z o.o.")
        other = ClientFactory(name="Other")
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = "en"
    user.save(update_fields=["language"])
    return room, company, other, OfficeClient(office_a, user=user)


def test_weekly_series_books_the_free_dates_and_lists_the_conflicts_across_dst(office_a, setup):
    room, company, _other, client = setup
    first = dt.date(2027, 3, 17)  # Wednesdays around the change of 28 March
    with in_office(office_a):
        blocker = book(room, dt.date(2027, 3, 31), 10, 11)
    response = client.post(
        "/portal/rooms/book/",
        {
            "room": room.pk,
            "day": first.isoformat(),
            "start": "10:00",
            "end": "11:00",
            "title": "Weekly",
            "attendees": 3,
            "every_weeks": 1,
            "count": 4,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "These dates were not booked:" in page
    assert "The room is already booked at this time." in page
    assert f"?room={room.pk}&amp;day=2027-03-31" in page
    with in_office(office_a):
        series = Booking.objects.filter(client=company).order_by("starts_at")
        assert [rules.local(b.starts_at).strftime("%Y-%m-%d %H:%M %Z") for b in series] == [
            "2027-03-17 10:00 CET",
            "2027-03-24 10:00 CET",
            "2027-04-07 10:00 CEST",
        ]
        assert len({b.series for b in series}) == 1
        assert all(b.source == "portal" for b in series)
        assert Booking.objects.get(pk=blocker.pk).client_id is None


def test_every_two_weeks_until_a_date():
    assert services.series_dates(
        first=dt.date(2027, 10, 20), every_weeks=2, until=dt.date(2027, 11, 20)
    ) == [dt.date(2027, 10, 20), dt.date(2027, 11, 3), dt.date(2027, 11, 17)]


def test_client_sees_and_cancels_only_own_bookings(office_a, setup):
    room, company, other, client = setup
    with in_office(office_a):
        day = dt.date.today() + dt.timedelta(days=20)
        own = book(room, day, 10, 11, client=company, guest=None)
        theirs = book(room, day, 12, 13, client=other, guest=None)
    page = client.get("/portal/rooms/").content.decode()
    assert f"/portal/rooms/{own.pk}/cancel/" in page
    assert f"/portal/rooms/{theirs.pk}/cancel/" not in page
    assert client.post(f"/portal/rooms/{theirs.pk}/cancel/").status_code == 404
    assert client.get(f"/portal/rooms/{theirs.pk}/cancel/").status_code == 404
    assert client.post(f"/portal/rooms/{own.pk}/cancel/").status_code == 302
    with in_office(office_a):
        assert Booking.objects.get(pk=theirs.pk).status == "confirmed"
        cancelled = Booking.objects.get(pk=own.pk)
        assert (cancelled.status, cancelled.cancel_fee) == ("cancelled", Decimal("0"))


def test_client_refusal_keeps_the_form(office_a, setup):
    room, _company, _other, client = setup
    response = client.post(
        "/portal/rooms/book/",
        {
            "room": room.pk,
            "day": "2027-05-05",
            "start": "06:00",
            "end": "07:00",
            "title": "Early",
            "attendees": 2,
            "every_weeks": 0,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The rooms are open from 08:00 to 20:00 that day. Free instead: 08:00–09:00" in page
    assert 'value="Early"' in page


def test_portal_permissions(office_a, office_b, setup):
    room, company, _other, _client = setup
    with in_office(office_a):
        booking = book(room, dt.date(2027, 5, 5), 10, 11, client=company, guest=None)
    check_permission_matrix(office_a, office_b, "get", "/portal/rooms/", expect=CLIENT_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/rooms/{booking.pk}/cancel/",
        expect={"anonymous": 302, "client": 404, "staff": 403, "other_office": 403},
        unchanged=lambda: Booking.objects.get(pk=booking.pk).status == "confirmed",
    )


def _in_days(days: int) -> dt.date:
    return rules.local(rules.timezone.now()).date() + dt.timedelta(days=days)


def test_client_changes_own_booking_under_the_rules(office_a, setup):
    room, company, _other, client = setup
    day = _in_days(10)
    with in_office(office_a):
        booking = book(room, day, 10, 11, client=company)
        book(room, day, 14, 15)
    page = client.get(f"/portal/rooms/{booking.pk}/change/")
    assert page.status_code == 200
    assert 'value="10:00"' in page.content.decode()
    refused = client.post(
        f"/portal/rooms/{booking.pk}/change/",
        {"day": day.isoformat(), "start": "14:30", "end": "15:30"},
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "The room is already booked at this time." in text
    assert 'value="14:30"' in text  # the form keeps what was typed
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).starts_at == rules.aware(day, dt.time(10))
    response = client.post(
        f"/portal/rooms/{booking.pk}/change/",
        {"day": day.isoformat(), "start": "12:00", "end": "13:30"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        moved = Booking.objects.get(pk=booking.pk)
        assert (moved.starts_at, moved.ends_at, moved.sequence, moved.price) == (
            rules.aware(day, dt.time(12)),
            rules.aware(day, dt.time(13, 30)),
            1,
            Decimal("75.00"),
        )
    assert f"/portal/rooms/{booking.pk}/change/" in client.get("/portal/rooms/").content.decode()


def test_client_cannot_change_inside_the_cancellation_window(office_a, setup):
    room, company, _other, client = setup
    day = _in_days(1)
    with in_office(office_a):
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        booking = book(room, day, 19, 20, client=company)
    response = client.post(
        f"/portal/rooms/{booking.pk}/change/",
        {"day": _in_days(8).isoformat(), "start": "10:00", "end": "11:00"},
    )
    assert response.status_code == 400
    assert "A booking can be changed until 72 hours before it starts" in response.content.decode()
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).starts_at == rules.aware(day, dt.time(19))


def test_another_companys_booking_cannot_be_changed(office_a, office_b, setup):
    room, _company, other, client = setup
    day = _in_days(10)
    with in_office(office_a):
        theirs = book(room, day, 10, 11, client=other)

    def unchanged():
        return Booking.objects.get(pk=theirs.pk).starts_at == rules.aware(day, dt.time(10))

    assert client.get(f"/portal/rooms/{theirs.pk}/change/").status_code == 404
    assert (
        client.post(
            f"/portal/rooms/{theirs.pk}/change/",
            {"day": day.isoformat(), "start": "12:00", "end": "13:00"},
        ).status_code
        == 404
    )
    with in_office(office_a):
        assert unchanged()
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/rooms/{theirs.pk}/change/",
        expect={**CLIENT_PAGE, "client": 404},
        data={"day": day.isoformat(), "start": "12:00", "end": "13:00"},
        unchanged=unchanged,
    )
    outsider = member(office_b, Role.CLIENT, client_id=other.pk, client_name="Other")
    response = OfficeClient(office_b, user=outsider).get(f"/portal/rooms/{theirs.pk}/change/")
    assert response.status_code == 404  # office B has no such booking, whatever the ids say


def test_panel_home_tile_counts_only_the_companys_upcoming_bookings(
    office_a, setup, django_assert_num_queries
):
    room, company, other, client = setup
    with in_office(office_a):
        book(room, _in_days(3), 10, 11, client=company)
        book(room, _in_days(4), 10, 11, client=company)
        cancelled = book(room, _in_days(5), 10, 11, client=company)
        services.booking_cancel(booking=cancelled, actor=None, staff=True)
        book(room, _in_days(3), 12, 13, client=other)
        book(room, _in_days(3), 14, 15)
        from types import SimpleNamespace

        from modules.rooms.dashboard import upcoming_tile

        membership = SimpleNamespace(client_id=company.pk, is_staff_role=False)
        with django_assert_num_queries(1):
            tile = upcoming_tile(SimpleNamespace(membership=membership))
    assert (tile["label"], tile["value"], tile["url"]) == (
        "Upcoming room bookings",
        2,
        "/portal/rooms/",
    )
    assert tile["detail"].startswith("the next: ")
    page = client.get("/portal/").content.decode()
    assert 'data-tile="rooms.upcoming"' in page
    assert "Upcoming room bookings" in page


def test_the_booking_form_gives_each_rooms_price_and_what_the_package_includes(office_a, setup):
    """The panel's booking form says what a booking costs before it is made: each room with
    its size and price an hour, the extras' prices in the office's currency, and either the
    room hours the company's package includes (and the price of an hour over them) or that
    each booking is charged at the room's price."""
    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, client = setup
    with in_office(office_a):
        services.extra_save(
            actor=None, data={"name_pl": "Coffee", "price": Decimal("6.00"), "per_person": True}
        )
    page = client.get("/portal/rooms/book/").content.decode()
    assert f'<option value="{room.pk}">Sala Wisła (up to 10 people, PLN\xa050.00 an hour)' in page
    assert "Coffee (PLN\xa06.00 per person)" in page
    assert "Each booking is charged at the room's price, with its extras." in page
    with in_office(office_a):
        on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")), company)
    page = client.get("/portal/rooms/book/").content.decode()
    assert (
        "Your package includes 2 room hours a month: your bookings count against them."
        " Each hour over the included ones costs PLN\xa040.00." in page
    )
    # The same in Polish, with the plural the count needs.
    from accounts.models import Membership

    person = Membership.objects.get(office=office_a, client_id=company.pk).user
    person.language = "pl"
    person.save(update_fields=["language"])
    page = client.get("/portal/rooms/book/").content.decode()
    # Under the package the room's own price does not apply: the rooms do not promise it.
    assert "Sala Wisła (do 10 osób, godziny z pakietu)" in page
    assert "Twój pakiet obejmuje 2 godziny sal w miesiącu" in page
    assert "Każda godzina ponad wliczone kosztuje 40,00\xa0zł." in page


def test_cancelling_asks_first_and_states_the_fee_in_the_offices_currency(office_a, setup):
    from modules.notifications.models import Delivery
    from tests.modules.notifications.factories import email_recipient

    room, company, _other, client = setup
    day = _in_days(2)
    with in_office(office_a):
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        booking = book(room, day, 10, 11, client=company, guest=None, title="Board")
        email_recipient(client_id=company.pk, address="anna@acme.pl", language="pl")
    listing = client.get("/portal/rooms/").content.decode()
    # The list only links to the question: no one-click cancel.
    assert f'href="/portal/rooms/{booking.pk}/cancel/"' in listing
    assert f'action="/portal/rooms/{booking.pk}/cancel/"' not in listing
    asked = client.get(f"/portal/rooms/{booking.pk}/cancel/")
    assert asked.status_code == 200
    assert "Cancelling now costs PLN\xa025.00." in asked.content.decode()
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).status == "confirmed"  # GET only asks
    done = client.post(f"/portal/rooms/{booking.pk}/cancel/", follow=True)
    assert "The booking is cancelled with a fee of PLN\xa025.00." in done.content.decode()
    with in_office(office_a):
        cancelled = Booking.objects.get(pk=booking.pk)
        assert (cancelled.status, cancelled.cancel_fee) == ("cancelled", Decimal("25.00"))
        mail = Delivery.objects.get(event="rooms.booking_cancelled", address="anna@acme.pl")
    assert "Opłata za odwołanie: 25,00\xa0zł" in mail.body


def test_cancelling_free_of_charge_says_so(office_a, setup):
    room, company, _other, client = setup
    with in_office(office_a):
        booking = book(room, _in_days(10), 10, 11, client=company, guest=None)
    page = client.get(f"/portal/rooms/{booking.pk}/cancel/").content.decode()
    assert "Cancelling now is free of charge." in page
    assert "Cancelling now costs" not in page


def test_a_package_without_room_hours_is_told_as_pricing_every_hour(office_a, setup):
    """billing.selectors.limit_terms reads 0 included hours as a limit: every hour is over
    it, at the package's price. The panel says so and the rooms do not promise their own
    price."""
    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, client = setup
    with in_office(office_a):
        on_package(biznes(limit_room_hours=0, over_room_hours=Decimal("50.00")), company)
    page = client.get("/portal/rooms/book/").content.decode()
    assert "Your package includes no room hours: it prices every room hour at PLN\xa050.00." in page
    assert "Your package includes 0" not in page
    assert f'<option value="{room.pk}">Sala Wisła (up to 10 people, package hours)' in page
    assert "an hour)" not in page


def test_the_list_gives_people_extras_and_the_price_as_billed(office_a, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, client = setup
    day = _in_days(10)
    with in_office(office_a):
        coffee = services.extra_save(
            actor=None, data={"name_pl": "Coffee", "price": Decimal("6.00"), "per_person": True}
        )
        beamer = services.extra_save(actor=None, data={"name_pl": "Beamer", "price": Decimal("20")})
        book(
            room,
            day,
            10,
            12,
            client=company,
            guest=None,
            attendees=3,
            extras=[(coffee, 1), (beamer, 1)],
        )
    client.get("/portal/rooms/")  # the settings rows made once
    with CaptureQueriesContext(connection) as one:
        page = client.get("/portal/rooms/").content.decode()
    # 2 hours at 50.00 + coffee for 3 + the beamer
    assert (
        '3 people · Coffee ×3, Beamer ×1 · <span data-testid="price">PLN\xa0138.00'
        " (room: PLN\xa0100.00; extras: PLN\xa038.00)</span>" in page
    )
    with in_office(office_a):
        book(room, day, 14, 15, client=company, guest=None)
        book(room, day, 16, 17, client=company, guest=None, attendees=1)
    with CaptureQueriesContext(connection) as three:
        page = client.get("/portal/rooms/").content.decode()
    assert '1 person · <span data-testid="price">PLN\xa050.00</span>' in page
    assert len(three) == len(one)  # extras prefetched, package terms read once per day
    with in_office(office_a):
        on_package(biznes(limit_room_hours=0, over_room_hours=Decimal("50.00")), company)
    page = client.get("/portal/rooms/").content.decode()
    # 0 hours included: its 2 hours at the package's price of an hour over them.
    assert (
        '3 people · Coffee ×3, Beamer ×1 · <span data-testid="price">PLN\xa0138.00 (room: 2 h'
        " over the package hours: PLN\xa0100.00; extras: PLN\xa038.00)</span>" in page
    )


def test_cancelling_package_hours_late_states_the_share_of_hours_and_the_rule(office_a, setup):
    from modules.notifications.models import Delivery
    from tests.modules.billing.factories import biznes, on_package
    from tests.modules.notifications.factories import email_recipient

    room, company, _other, client = setup
    with in_office(office_a):
        on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")), company)
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        booking = book(room, _in_days(2), 10, 13, client=company, guest=None)
        email_recipient(client_id=company.pk, address="anna@acme.pl", language="pl")
    asked = client.get(f"/portal/rooms/{booking.pk}/cancel/").content.decode()
    assert "Cancelling now costs 1.5 h of package hours." in asked
    assert (
        "The booking is billed as package hours, so the fee is 50% of its hours, counted as"
        " used room hours of your package like the booking itself would have been."
        " Each hour over the included ones costs PLN\xa040.00." in asked
    )
    done = client.post(f"/portal/rooms/{booking.pk}/cancel/", follow=True).content.decode()
    assert "The booking is cancelled with a fee of 1.5 h of package hours." in done
    assert "Cancellation fee: 1.5 h of package hours" in done
    with in_office(office_a):
        cancelled = Booking.objects.get(pk=booking.pk)
        assert (cancelled.cancel_fee_hours, cancelled.cancel_fee) == (
            Decimal("1.500"),
            Decimal("0.00"),
        )
        mail = Delivery.objects.get(event="rooms.booking_cancelled", address="anna@acme.pl")
    assert "Opłata za odwołanie: 1,5 h z godzin pakietu" in mail.body


def test_a_package_billing_no_room_hours_says_they_are_not_billed(office_a, setup):
    """0 included hours and no price for an hour over: billing records the hours at 0.00
    and prices none of them, so the form says they are not billed."""
    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, client = setup
    with in_office(office_a):
        on_package(biznes(limit_room_hours=0, over_room_hours=None), company)
    page = client.get("/portal/rooms/book/").content.decode()
    assert (
        "Room hours are not billed under your package: it includes none and has no price"
        " for an hour over them." in page
    )
    assert "includes no room hours" not in page
    assert f'<option value="{room.pk}">Sala Wisła (up to 10 people, package hours)' in page


def test_a_late_fee_over_the_used_up_package_hours_is_stated_in_money(office_a, setup):
    """8 of 2 included hours already used this month: the fee's 0.5 h are all over the
    included ones, so the page says what billing will charge for them (at 50.00 an hour),
    and the form and the list say the package's hours are used up."""
    from modules.notifications.models import Delivery
    from tests.modules.billing.factories import biznes, on_package
    from tests.modules.notifications.factories import email_recipient

    room, company, _other, client = setup
    day = _in_days(2)
    with in_office(office_a):
        package = biznes(name="Mały", limit_room_hours=2, over_room_hours=Decimal("50.00"))
        on_package(package, company)
        email_recipient(client_id=company.pk, address="anna@acme.pl", language="pl")
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        beamer = services.extra_save(actor=None, data={"name_pl": "Beamer", "price": Decimal("48")})
        book(room, day, 8, 16, client=company, guest=None)
        booking = book(room, day, 17, 18, client=company, guest=None, extras=[(beamer, 1)])
    asked = client.get(f"/portal/rooms/{booking.pk}/cancel/").content.decode()
    assert (
        "Cancelling now costs 0.5 h over the package hours: PLN\xa025.00 + PLN\xa024.00." in asked
    )
    assert "Each hour over the included ones costs PLN\xa050.00." in asked
    listed = client.get("/portal/rooms/").content.decode()
    # 8 h before it, 2 included: its hour is over them (the extra at its price).
    assert (
        "PLN\xa098.00 (room: 1 h over the package hours: PLN\xa050.00; extras: PLN\xa048.00)"
        in listed
    )
    done = client.post(f"/portal/rooms/{booking.pk}/cancel/", follow=True).content.decode()
    assert (
        "The booking is cancelled with a fee of 0.5 h over the package hours: PLN\xa025.00"
        " + PLN\xa024.00." in done
    )
    with in_office(office_a):
        from modules.rooms.selectors import package_use

        use = package_use(client_id=company.pk, day=day)
        assert (use.included, use.used, use.used_up) == (2, Decimal("8.500"), True)
        mail = Delivery.objects.get(event="rooms.booking_cancelled", address="anna@acme.pl")
    assert (
        "Opłata za odwołanie: 0,5 h ponad godziny pakietu: 25,00\xa0zł + 24,00\xa0zł" in mail.body
    )
    if day.month == rules.local(rules.timezone.now()).month:
        form = client.get("/portal/rooms/book/").content.decode()
        assert "This month's package hours are used up: each hour costs PLN\xa050.00." in form
        # The rooms do not promise package hours the note says are gone.
        assert (
            f'<option value="{room.pk}">Sala Wisła (up to 10 people, PLN\xa050.00 an hour over'
            " the package hours)</option>" in form
        )
        assert "package hours)</option>" not in form.replace("over the package hours)", "")


def test_a_late_fee_partly_within_the_included_hours_splits_hours_and_money(office_a, setup):
    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, client = setup
    day = _in_days(2)
    with in_office(office_a):
        package = biznes(name="Średni", limit_room_hours=3, over_room_hours=Decimal("50.00"))
        on_package(package, company)
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        book(room, day, 8, 10, client=company, guest=None)  # 2 of 3 hours used
        booking = book(room, day, 12, 16, client=company, guest=None)  # fee: 2 h
    asked = client.get(f"/portal/rooms/{booking.pk}/cancel/").content.decode()
    assert (
        "Cancelling now costs 1 h of package hours + 1 h over the package hours:"
        " PLN\xa050.00." in asked
    )
    listed = client.get("/portal/rooms/").content.decode()
    # 3 included: the first booking's 2 h within them, then 1 of this one's 4 h.
    assert "PLN\xa00.00 (room: 2 h of package hours)</span>" in listed
    assert (
        "PLN\xa0150.00 (room: 1 h of package hours + 3 h over the package hours:"
        " PLN\xa0150.00)</span>" in listed
    )
    form = client.get("/portal/rooms/book/").content.decode()
    if day.month == rules.local(rules.timezone.now()).month:
        assert 'data-testid="package-used-up"' in form


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sk", "preto je poplatok 50\u00a0% jej hodín"),
        ("pl", "więc opłata to 50% jej godzin"),
        ("en", "so the fee is 50% of its hours"),
    ],
)
def test_the_cancellation_fee_share_is_written_as_the_language_writes_a_percentage(
    office_a, setup, language, expected
):
    """common.formats.percent_text: a no-break space before "%" in Slovak (until 2026-12-06
    "50%" in every language)."""
    from tests.modules.billing.factories import biznes, on_package

    room, company, _other, _client = setup
    with in_office(office_a):
        on_package(biznes(limit_room_hours=2, over_room_hours=Decimal("40.00")), company)
        room = services.room_save(actor=None, room=room, data={"free_cancel_hours": 72})
        booking = book(room, _in_days(2), 10, 13, client=company, guest=None)
    user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    user.language = language
    user.save(update_fields=["language"])
    page = OfficeClient(office_a, user=user).get(f"/portal/rooms/{booking.pk}/cancel/")
    assert expected in page.content.decode()


def test_the_room_choices_promise_package_hours_only_while_some_are_left(office_a, setup):
    """The booking form's rooms read "package hours" while the month's included hours last;
    once the form's note says they are used up, each room says what an hour costs."""
    from django.utils import translation

    from modules.rooms import selectors
    from modules.rooms.forms import BookingForm

    _room, _company, _other, _client = setup

    def labels(**kwargs) -> list[str]:
        form = BookingForm(
            rooms=selectors.room_list(active_only=True),
            extras=selectors.extra_list(active_only=True),
            **kwargs,
        )
        return [label for value, label in form.fields["room"].choices if value]

    with in_office(office_a), translation.override("pl"):
        assert labels(in_package=True) == ["Sala Wisła (do 10 osób, godziny z pakietu)"]
        assert labels(in_package=True, used_up_price=Decimal("50.00")) == [
            "Sala Wisła (do 10 osób, 50,00\xa0zł za godzinę ponad godziny pakietu)"
        ]
    with in_office(office_a), translation.override("sk"):
        assert labels(in_package=True, used_up_price=Decimal("50.00")) == [
            "Sala Wisła (do 10 osôb, 50,00\xa0PLN za hodinu nad hodiny balíka)"
        ]
