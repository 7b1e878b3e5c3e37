import datetime as dt
import re
from decimal import Decimal

from accounts.models import Role
from modules.audit.models import AuditEntry
from modules.rooms import rules, services
from modules.rooms.models import Booking, Closure, OpeningHours, Room, RoomSettings
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.rooms.factories import at, book, next_weekday, open_every_day, room_make

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}


def _booked(office):
    with in_office(office):
        open_every_day()
        room = room_make()
        return room, book(room, next_weekday(), 10, 11)


def _english_member(office, role):
    user = member(office, role)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_permission_matrix(office_a, office_b):
    room, booking = _booked(office_a)
    check_permission_matrix(office_a, office_b, "get", "/rooms/", expect=STAFF_PAGE)
    check_permission_matrix(office_a, office_b, "get", "/rooms/bookings/new/", expect=STAFF_PAGE)
    check_permission_matrix(
        office_a, office_b, "get", f"/rooms/bookings/{booking.pk}/", expect=STAFF_PAGE
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/rooms/bookings/{booking.pk}/cancel/",
        expect=REFUSED,
        unchanged=lambda: Booking.objects.get(pk=booking.pk).status == "confirmed",
    )
    check_permission_matrix(office_a, office_b, "get", "/administration/rooms/", expect=ADMIN_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/administration/rooms/{room.pk}/",
        expect={k: v for k, v in ADMIN_PAGE.items() if v != 200},
        data={"name": "Hacked"},
        unchanged=lambda: Room.objects.get(pk=room.pk).name == "Sala Wisła",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/rooms/hours/",
        expect={k: v for k, v in ADMIN_PAGE.items() if v != 200},
        data={"opens_0": "", "closes_0": ""},
        unchanged=lambda: OpeningHours.objects.filter(weekday=0).exists(),
    )


def test_other_office_gets_404_and_nothing_changes(office_a, office_b):
    room, booking = _booked(office_a)
    with in_office(office_b):
        assert not Booking.objects.filter(pk=booking.pk).exists()
    check_cross_office(office_a, office_b, "get", f"/rooms/bookings/{booking.pk}/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/rooms/bookings/{booking.pk}/cancel/",
        unchanged=lambda: Booking.objects.get(pk=booking.pk).status == "confirmed",
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/administration/rooms/{room.pk}/",
        data={"name": "X"},
        unchanged=lambda: Room.objects.get(pk=room.pk).name == "Sala Wisła",
    )


def test_list_queries_do_not_grow(office_a, django_assert_num_queries):
    with in_office(office_a):
        open_every_day()
        room = room_make()
        day = next_weekday()
        for hour in range(9, 12):
            book(room, day, hour, hour + 1)
    client = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    client.get("/rooms/")
    # The page's 5 and the bookings' extras for their price (one query for all).
    with django_assert_num_queries(6):
        response = client.get("/rooms/")
    assert response.status_code == 200
    assert len(re.findall(r'href="/rooms/bookings/\d+/"', response.content.decode())) == 3


def test_the_list_is_a_card_per_booking_on_a_phone(office_a):
    """Audit: at 390 px the bookings list scrolled sideways inside its box and the price
    was out of sight. It is a .table-cards table now (a card per booking, each value named
    by its column), as the other lists on a phone."""
    with in_office(office_a):
        open_every_day()
        room = room_make()
        book(room, next_weekday(), 9, 10)
    page = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF)).get("/rooms/")
    html = page.content.decode()
    table = re.search(r'<table class="([^"]*)" data-testid="bookings">', html)
    assert "table-cards" in table.group(1).split()
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'data-label="([^"]+)"', row) == ["Room", "Who", "Status", "Price"]


def test_staff_books_and_a_refusal_keeps_what_was_typed(office_a):
    room, _first = _booked(office_a)
    client = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    day = next_weekday()
    data = {
        "room": room.pk,
        "day": day.isoformat(),
        "start": "10:30",
        "end": "11:30",
        "guest_name": "Anna Nowak",
        "title": "Rada nadzorcza",
        "attendees": 4,
    }
    response = client.post("/rooms/bookings/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The room is already booked at this time. Free instead: 08:00–09:00" in page
    assert 'value="Rada nadzorcza"' in page
    assert 'value="Anna Nowak"' in page
    data["start"], data["end"] = "12:00", "13:00"
    response = client.post("/rooms/bookings/new/", data)
    assert response.status_code == 302
    with in_office(office_a):
        booking = Booking.objects.get(title="Rada nadzorcza")
        assert (booking.guest_name, booking.price) == ("Anna Nowak", Decimal("50.00"))
        assert booking.starts_at == at(day, 12)
        assert response["Location"] == f"/rooms/bookings/{booking.pk}/"


def test_administration_saves_settings_hours_closures_and_rooms(office_a):
    client = OfficeClient(office_a, user=_english_member(office_a, Role.ADMIN))
    assert client.get("/administration/rooms/").status_code == 200
    response = client.post(
        "/administration/rooms/",
        {"public_holidays": "SK", "approval_hours": 12, "reminder_hours": 2, "terms": "OK"},
    )
    assert response.status_code == 302
    hours = {f"opens_{d}": "09:00" for d in range(5)} | {f"closes_{d}": "17:00" for d in range(5)}
    assert client.post("/administration/rooms/hours/", hours).status_code == 302
    bad = client.post("/administration/rooms/hours/", {"opens_0": "18:00", "closes_0": "09:00"})
    assert bad.status_code == 400
    assert "A day must close after it opens." in bad.content.decode()
    response = client.post(
        "/administration/rooms/closures/",
        {"date_from": "2027-01-05", "date_to": "2027-01-04", "reason": "Inwentaryzacja"},
    )
    assert response.status_code == 400
    assert (
        client.post(
            "/administration/rooms/closures/",
            {"date_from": "2027-01-04", "date_to": "2027-01-05", "reason": "Inwentaryzacja"},
        ).status_code
        == 302
    )
    room_data = {
        "name": "Sala Tatry",
        "capacity": 6,
        "active": "on",
        "colour": "#112233",
        "slot_minutes": 30,
        "min_minutes": 60,
        "max_minutes": 240,
        "buffer_minutes": 15,
        "notice_minutes": 60,
        "horizon_days": 90,
        "price_hour": "40.00",
        "free_cancel_hours": 24,
        "cancel_fee_percent": 100,
    }
    assert client.post("/administration/rooms/new/", room_data).status_code == 302
    with in_office(office_a):
        room = Room.objects.get(name="Sala Tatry")
        settings = RoomSettings.objects.get()
        assert (settings.public_holidays, settings.approval_hours) == ("SK", 12)
        assert [(h.weekday, h.opens) for h in OpeningHours.objects.all()] == [
            (d, dt.time(9)) for d in range(5)
        ]
        assert Closure.objects.get().reason == "Inwentaryzacja"
        assert (room.min_minutes, room.buffer_minutes) == (60, 15)
    response = client.post(f"/administration/rooms/{room.pk}/", {**room_data, "min_minutes": 300})
    assert response.status_code == 400
    with in_office(office_a):
        assert Room.objects.get(pk=room.pk).min_minutes == 60
    response = client.post(f"/administration/rooms/{room.pk}/", {**room_data, "capacity": 8})
    assert response.status_code == 302
    with in_office(office_a):
        entry = AuditEntry.objects.filter(action="rooms.room_changed").get()
        assert entry.changes == {"capacity": [6, 8]}


def test_booking_detail_tells_the_package_terms_it_is_billed_under(office_a):
    from tests.modules.billing.factories import biznes, on_package
    from tests.modules.clients.factories import ClientFactory

    with in_office(office_a):
        open_every_day()
        room = room_make(price_hour=Decimal("35.00"))
        none_included = on_package(
            biznes(limit_room_hours=0, over_room_hours=Decimal("50.00")), ClientFactory()
        )
        some_included = on_package(
            biznes(name="Premium", limit_room_hours=5, over_room_hours=Decimal("40.00")),
            ClientFactory(),
        )
        day = next_weekday()
        every_hour = book(room, day, 10, 11, client=none_included, guest=None)
        counted = book(room, day, 12, 13, client=some_included, guest=None)
        not_billed = book(
            room,
            day,
            16,
            17,
            client=on_package(
                biznes(name="Start", limit_room_hours=0, over_room_hours=None), ClientFactory()
            ),
            guest=None,
        )
        guest = book(room, day, 14, 15)
    staff = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))

    def price(booking):
        page = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()
        return re.search(r'data-testid="package-terms">([^<]*)</div>', page)[1]

    assert price(every_hour) == (
        "The client's package prices every room hour at PLN\xa050.00 (none included)."
    )
    assert price(counted) == (
        "Counts against the client's package: 5 room hours included a month."
        " Each hour over the included ones costs PLN\xa040.00."
    )
    guest_page = staff.get(f"/rooms/bookings/{guest.pk}/").content.decode()
    assert 'data-testid="price">PLN\xa035.00<' in guest_page
    assert 'data-testid="package-terms"' not in guest_page
    assert price(not_billed) == (
        "Room hours are not billed under the client's package: it includes none and has no"
        " price for an hour over them."
    )
    form = staff.get("/rooms/bookings/new/").content.decode()
    assert "billed under the package's terms, not at the room's price" in form


def _labels(page: str) -> list[str]:
    found = re.findall(r"<label[^>]*>\s*([^<*]+?)\s*(?:<|\*)", page)
    return [text for text in found if text.strip()]


def test_booking_form_labels_are_capitalised_on_staff_panel_and_public_forms(office_a):
    from modules.rooms import services
    from tests.modules.clients.factories import ClientFactory

    with in_office(office_a):
        open_every_day()
        room = room_make()
        services.settings_update(actor=None, data={"public_booking": True})
        company = ClientFactory()
    staff_user = member(office_a, Role.STAFF)
    client_user = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    for user in (staff_user, client_user):
        user.language = "pl"
        user.save(update_fields=["language"])
    staff_page = OfficeClient(office_a, user=staff_user).get("/rooms/bookings/new/")
    panel_page = OfficeClient(office_a, user=client_user).get("/portal/rooms/book/")
    staff_labels = _labels(staff_page.content.decode())
    panel_labels = _labels(panel_page.content.decode())
    assert {"Sala", "Data", "Od", "Do", "Temat", "Liczba osób", "Uwagi", "Klient"} <= set(
        staff_labels
    ), staff_labels
    assert {"Sala", "Data", "Od", "Do", "Liczba osób", "Powtarzaj co (tygodnie, 0 = raz)"} <= set(
        panel_labels
    ), panel_labels
    public_labels = _labels(OfficeClient(office_a).get(f"/book/{room.pk}/new/").content.decode())
    assert {"Imię i nazwisko", "Telefon", "E-mail"} <= set(public_labels), public_labels
    for label in staff_labels + panel_labels + public_labels:
        assert label[0] == label[0].upper(), label


def test_staff_form_picks_the_client_by_search_and_refuses_an_ended_one(office_a):
    from modules.clients.models import Client
    from tests.modules.clients.factories import ClientFactory

    room, _first = _booked(office_a)
    with in_office(office_a):
        active = ClientFactory(name="Acme", code="A-1")
        ended = ClientFactory(name="Acme", code="A-2", status=Client.Status.ENDED)
    client = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    page = client.get("/rooms/bookings/new/").content.decode()
    assert '<select name="client"' not in page  # no list of every client
    assert 'name="client_label"' in page and 'hx-get="/clients/pick/' in page
    data = {
        "room": room.pk,
        "day": next_weekday().isoformat(),
        "start": "14:00",
        "end": "15:00",
        "attendees": 2,
        "client": ended.pk,
        "client_label": "A-2 · Acme",
        "title": "Zarząd",
    }
    response = client.post("/rooms/bookings/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Only an active client can book a room: choose another or book for a guest." in page
    assert 'value="A-2 · Acme"' in page and 'value="Zarząd"' in page
    data["client_label"] = "typed, not chosen"
    data["client"] = ""
    page = client.post("/rooms/bookings/new/", data).content.decode()
    assert "Choose the client from the list that opens while you type." in page
    data["client"], data["client_label"] = active.pk, "A-1 · Acme"
    response = client.post("/rooms/bookings/new/", data)
    assert response.status_code == 302
    with in_office(office_a):
        assert Booking.objects.get(title="Zarząd").client_id == active.pk
        assert not Booking.objects.filter(client=ended).exists()


def test_staff_form_picker_suggests_only_clients_who_can_book_now(office_a):
    """The picker's matches on the booking form are the active clients only (the card file's
    status narrowing): an ended or suspended client was suggested, then refused on saving."""
    import html as html_lib

    from modules.clients.models import Client
    from tests.modules.clients.factories import ClientFactory

    _booked(office_a)
    with in_office(office_a):
        active = ClientFactory(name="Orzeł Biuro", code="OB-1")
        ended = ClientFactory(name="Orzeł Dawny", code="OB-2", status=Client.Status.ENDED)
        suspended = ClientFactory(name="Orzeł Wstrzymany", code="OB-3", status="suspended")
    client = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    page = client.get("/rooms/bookings/new/").content.decode()
    url = html_lib.unescape(re.search(r'hx-get="(/clients/pick/[^"]*)"', page).group(1))
    assert url == "/clients/pick/?status=active"
    # HTMX adds the text box to the URL's own query (the test client would replace it).
    matches = client.get(f"{url}&client_label=orzeł").content.decode()
    assert f'data-picker-option="{active.pk}"' in matches
    assert f'data-picker-option="{ended.pk}"' not in matches
    assert f'data-picker-option="{suspended.pk}"' not in matches
    # The card file's picker elsewhere still finds every client (ended ones marked).
    every = client.get("/clients/pick/", {"client_label": "orzeł"}).content.decode()
    assert every.count("data-picker-option=") == 3
    # An unknown status is ignored, not an error.
    odd = client.get("/clients/pick/", {"client_label": "orzeł", "status": "x"}).content.decode()
    assert odd.count("data-picker-option=") == 3


def test_staff_books_for_a_guest_with_email_and_phone_who_gets_the_manage_link(
    office_a, django_capture_on_commit_callbacks
):
    from modules.notifications.models import Delivery
    from modules.rooms import links

    room, _first = _booked(office_a)
    client = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    data = {
        "room": room.pk,
        "day": next_weekday().isoformat(),
        "start": "14:00",
        "end": "15:00",
        "attendees": 2,
        "guest_name": "Ewa Gość",
        "guest_email": "ewa@example.com",
        "guest_phone": "60O 100 200",  # a letter O typed for a zero
        "title": "Rozmowa",
    }
    page = client.post("/rooms/bookings/new/", data).content.decode()
    assert "Enter a valid phone number." in page
    assert 'value="ewa@example.com"' in page and 'value="60O 100 200"' in page
    data["guest_phone"] = "600 100 200"
    with django_capture_on_commit_callbacks():
        response = client.post("/rooms/bookings/new/", data)
    assert response.status_code == 302
    with in_office(office_a):
        booking = Booking.objects.get(title="Rozmowa")
        assert (booking.guest_name, booking.guest_email, booking.guest_phone) == (
            "Ewa Gość",
            "ewa@example.com",
            "+48600100200",
        )
        sent = Delivery.objects.get(event="rooms.booking_confirmed", address="ewa@example.com")
        assert sent.channel == "email"
        link = re.search(r"(https?://\S+/book/manage/\S+?)/?\s", sent.body)[1]
        assert links.manage_token_read(link.rstrip("/").rsplit("/", 1)[1]) == booking.pk


def test_booking_detail_gives_the_visitors_name_email_phone_and_people(office_a):
    from modules.rooms.models import Booking

    with in_office(office_a):
        open_every_day()
        booking = book(
            room_make(),
            next_weekday(),
            10,
            11,
            guest={
                "name": "Ewa Lis",
                "company": "Lis i S-ka",
                "email": "ewa@example.com",
                "phone": "+48600100200",
            },
            attendees=4,
            source=Booking.Source.PUBLIC,
        )
    staff = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    page = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()

    def field(name):
        return re.search(rf'data-testid="{name}">(.*?)</dd>', page)[1]

    assert field("company") == "Lis i S-ka"
    assert field("guest-name") == "Ewa Lis"
    assert field("guest-email") == '<a href="mailto:ewa@example.com">ewa@example.com</a>'
    assert field("guest-phone") == '<a href="tel:+48600100200">+48 600 100 200</a>'
    assert field("attendees") == "4"
    assert field("source") == "Public link"
    assert 'data-testid="client"' not in page


def test_settings_and_calendar_give_the_public_link_when_on_and_say_how_to_turn_it_on(office_a):
    from modules.rooms import services

    owner = OfficeClient(office_a, user=_english_member(office_a, Role.OWNER))
    staff = OfficeClient(office_a, user=_english_member(office_a, Role.STAFF))
    settings_page = owner.get("/administration/rooms/").content.decode()
    assert 'data-testid="public-url"' not in settings_page
    assert (
        'The public link is off. To let visitors book without an account, tick "Visitors may'
        ' book through the public link" below and save'
    ) in settings_page.replace("&quot;", '"')
    assert "The public booking link is off." in staff.get("/rooms/calendar/").content.decode()
    assert "Turn it on in" not in staff.get("/rooms/calendar/").content.decode()
    assert "Turn it on in" in owner.get("/rooms/calendar/").content.decode()

    with in_office(office_a):
        services.settings_update(actor=None, data={"public_booking": True})
    link = f"{office_a.url}/book/"
    settings_page = owner.get("/administration/rooms/").content.decode()
    assert re.search(r'id="public-url" readonly value="([^"]+)"', settings_page)[1] == link
    assert 'data-copy="public-url"' in settings_page
    assert "/static/rooms/copy.js" in settings_page
    calendar = staff.get("/rooms/calendar/").content.decode()
    assert f'Visitors book through the public link: <a href="{link}"' in calendar


def test_staff_cancel_asks_first_with_the_fee_and_the_waiver(office_a):
    """The booking page's "Cancel the booking" opens a question (like the panel's): what
    cancelling now costs and the waiver; only its POST cancels."""
    from tests.modules.billing.factories import biznes, on_package

    with in_office(office_a):
        open_every_day()
        room = room_make(free_cancel_hours=72, cancel_fee_percent=50)
        company = on_package(biznes(limit_room_hours=10, over_room_hours=Decimal("50.00")))
        catering = services.extra_save(actor=None, data={"name_pl": "Catering", "price": "116.00"})
        day = rules.local(rules.timezone.now()).date() + dt.timedelta(days=1)
        booking = book(room, day, 10, 11, client=company, guest=None, extras=[(catering, 1)])
        other = book(room, day, 12, 13, client=company, guest=None, extras=[(catering, 1)])
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))  # reads Polish
    detail = staff.get(f"/rooms/bookings/{booking.pk}/").content.decode()
    assert f'href="/rooms/bookings/{booking.pk}/cancel/" data-testid="cancel"' in detail
    assert 'name="waive"' not in detail
    asked = staff.get(f"/rooms/bookings/{booking.pk}/cancel/").content.decode()
    # The fee applies unless waived, and both choices are spelled out (charging chosen).
    assert (
        'data-testid="cancel-fee">Odwołanie teraz kosztuje 0,5 h z godzin pakietu + 58,00\xa0zł,'
        " chyba że odstąpisz od opłaty.<" in asked
    )
    assert (
        'type="radio" name="waive" value="" id="charge" checked><label class="form-check-label"'
        ' for="charge" data-testid="charge">Pobierz opłatę: 0,5 h z godzin pakietu + 58,00\xa0zł<'
    ) in asked
    assert (
        'type="radio" name="waive" value="1" id="waive"><label class="form-check-label"'
        ' for="waive" data-testid="waive">Odstąp od opłaty: odwołanie nic klienta nie kosztuje<'
    ) in asked
    # Made today (a mistake, often): the page suggests waiving; an older booking not.
    assert (
        'data-testid="made-today">Rezerwacja została utworzona dzisiaj. Jeśli to pomyłka,'
        " odstąp od opłaty.<" in asked
    )
    with in_office(office_a):
        Booking.objects.filter(pk=other.pk).update(
            created_at=rules.timezone.now() - dt.timedelta(days=2)
        )
    older = staff.get(f"/rooms/bookings/{other.pk}/cancel/").content.decode()
    assert 'data-testid="made-today"' not in older
    assert 'data-testid="waive"' in older
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).status == "confirmed"  # asking changes nothing
    staff.post(f"/rooms/bookings/{booking.pk}/cancel/", {"waive": "1"})
    staff.post(f"/rooms/bookings/{other.pk}/cancel/", {"waive": ""})  # "charge the fee"
    with in_office(office_a):
        waived, charged = Booking.objects.get(pk=booking.pk), Booking.objects.get(pk=other.pk)
    assert (waived.status, waived.cancel_fee, waived.cancel_fee_hours) == (
        "cancelled",
        Decimal("0.00"),
        Decimal("0.000"),
    )
    assert (charged.status, charged.cancel_fee, charged.cancel_fee_hours) == (
        "cancelled",
        Decimal("58.00"),
        Decimal("0.500"),
    )
    gone = staff.get(f"/rooms/bookings/{booking.pk}/cancel/").content.decode()
    assert "Ta rezerwacja nie jest już aktywna." in gone
