import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import signing

from modules.audit.models import AuditEntry
from modules.notifications.models import Delivery, Notification
from modules.rooms import links, services
from modules.rooms.models import Booking
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.rooms.factories import at, book, next_weekday, open_every_day, room_make

pytestmark = pytest.mark.usefixtures("clean_cache")


@pytest.fixture
def room(office_a):
    with in_office(office_a):
        open_every_day()
        services.settings_update(actor=None, data={"public_booking": True, "terms": "Bez zwrotu."})
        return room_make(public_price_hour="80.00")


def _form(day, start="10:00", end="11:00", **extra):
    return {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "name": "Ewa Lis",
        "company": "Lis i S-ka",
        "email": "ewa@example.com",
        "phone": "+48 600 100 200",
        "attendees": 3,
        "terms": "on",
        **extra,
    }


def _visitor(office, ip="203.0.113.5", language="en"):
    client = OfficeClient(office, REMOTE_ADDR=ip)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # office A speaks Polish
    return client


def test_visitor_books_instantly_gets_mail_and_manages_without_account(
    office_a, room, django_capture_on_commit_callbacks
):
    day = next_weekday()
    visitor = _visitor(office_a)
    with django_capture_on_commit_callbacks():
        response = visitor.post(f"/book/{room.pk}/new/", _form(day))
    assert response.status_code == 302
    with in_office(office_a):
        booking = Booking.objects.get(room=room)
        assert (booking.status, booking.source, booking.guest_email) == (
            "confirmed",
            "public",
            "ewa@example.com",
        )
        assert str(booking.price) == "80.00"
        # The link read back, not made again: a signed token carries the second it was made.
        assert response["Location"].startswith("/book/manage/")
        token = response["Location"].removeprefix("/book/manage/").rstrip("/")
        assert links.manage_token_read(token) == booking.pk
    with in_office(office_a):
        sent = list(Delivery.objects.all())
        assert [(d.event, d.channel, d.address, d.subject) for d in sent] == [
            ("rooms.booking_confirmed", "email", "ewa@example.com", "Booking confirmed: Sala Wisła")
        ]
        assert sent[0].body.startswith(
            f"Hello,\n\nyour booking is confirmed:\nSala Wisła, {day:%d/%m/%Y} 10:00–11:00\n"
        )
        link = re.search(r"View, change or cancel your booking: (\S+)/\n", sent[0].body)[1]
        assert link.startswith(f"{office_a.url}/book/manage/")
        assert links.manage_token_read(link.rsplit("/", 1)[1]) == booking.pk
        assert [a["filename"] for a in sent[0].notification.attachments] == ["booking.ics"]
        assert [a["label"] for a in sent[0].actions] == ["Open the booking"]
    page = visitor.get(f"/book/manage/{token}/")
    assert page.status_code == 200
    assert "X-Frame-Options" not in page
    assert "frame-ancestors *" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in visitor.get("/accounts/login/")["Content-Security-Policy"]
    assert (
        visitor.post(
            f"/book/manage/{token}/change/",
            {"day": day.isoformat(), "start": "12:00", "end": "13:00"},
        ).status_code
        == 302
    )
    assert visitor.post(f"/book/manage/{token}/cancel/").status_code == 302
    with in_office(office_a):
        booking.refresh_from_db()
        assert (booking.starts_at, booking.status) == (at(day, 12), "cancelled")


def test_approval_mode_tentative_then_released(office_a, room, django_capture_on_commit_callbacks):
    with in_office(office_a):
        services.settings_update(actor=None, data={"approval_required": True, "approval_hours": 4})
    with django_capture_on_commit_callbacks():
        response = _visitor(office_a).post(f"/book/{room.pk}/new/", _form(next_weekday()))
    assert response.status_code == 302
    with in_office(office_a):
        assert list(
            Delivery.objects.filter(channel="email").values_list("event", "address", "subject")
        ) == [
            (
                "rooms.booking_requested",
                "ewa@example.com",
                "Booking waiting for approval: Sala Wisła",
            )
        ]
        # The staff bell by default (no staff member in this office yet: none to alert).
        assert list(Delivery.objects.exclude(channel="email").values_list("event", "channel")) == [
            ("rooms.approval_needed", "inapp")
        ]
        assert Notification.objects.filter(event="rooms.approval_needed").count() == 1

    with in_office(office_a):
        booking = Booking.objects.get(room=room)
        assert booking.status == "tentative"
        from django.utils import timezone

        assert services.bookings_release_expired(now=timezone.now() + dt.timedelta(hours=5)) == 1
        assert Booking.objects.get(pk=booking.pk).status == "released"
        refused = Delivery.objects.get(event="rooms.booking_refused")
        assert (refused.address, refused.subject) == (
            "ewa@example.com",
            "Booking not approved: Sala Wisła",
        )


def test_confirmation_in_the_language_the_visitor_booked_in(
    office_a, room, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _visitor(office_a, language="pl").post(f"/book/{room.pk}/new/", _form(next_weekday()))
    with in_office(office_a):
        sent = Delivery.objects.get()
    assert (sent.language, sent.subject) == ("pl", "Rezerwacja potwierdzona: Sala Wisła")
    assert "Zobacz, zmień lub odwołaj rezerwację: http://" in sent.body


def test_free_busy_shows_no_one_elses_details(office_a, room):
    day = next_weekday()
    with in_office(office_a):
        book(
            room,
            day,
            10,
            12,
            guest={"name": "Tajny Klient", "company": "Sekret sp. z o.o."},
            title="Poufne",
        )
    page = _visitor(office_a).get(f"/book/{room.pk}/?week={day}&minutes=60").content.decode()
    assert "Tajny" not in page and "Sekret" not in page and "Poufne" not in page
    assert f"?day={day}&amp;start=09:00&amp;end=10:00" in page
    assert f"?day={day}&amp;start=10:00&amp;end=11:00" not in page
    assert f"?day={day}&amp;start=12:00&amp;end=13:00" in page


def test_manage_link_tampered_or_of_another_booking_refused_and_get_changes_nothing(
    office_a, office_b, room
):
    with in_office(office_a):
        booking = book(
            room, next_weekday(), 10, 11, guest={"name": "Ewa", "email": "e@example.com"}
        )
        token = links.manage_token(booking)
    visitor = _visitor(office_a)
    forged = signing.dumps(
        {"b": booking.pk, "s": office_a.schema_name}, salt="other", compress=True
    )
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        assert visitor.get(f"/book/manage/{bad}/").status_code == 404
        assert visitor.post(f"/book/manage/{bad}/cancel/").status_code == 404
    assert _visitor(office_b).get(f"/book/manage/{token}/").status_code == 404
    for _ in range(3):  # a mail scanner following the link
        assert visitor.get(f"/book/manage/{token}/").status_code == 200
        assert visitor.get(f"/book/manage/{token}/cancel/").status_code == 200
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).status == "confirmed"
        assert AuditEntry.objects.filter(action="rooms.booking_cancelled").count() == 0


def test_rate_limits_per_ip_and_per_contact(office_a, room, settings):
    settings.ROOMS_PUBLIC_RATE_LIMITS = {"ip": (3, 3600), "contact": (2, 3600)}
    day = next_weekday()
    same_contact = [_visitor(office_a, ip=f"198.51.100.{n}") for n in range(3)]
    statuses = [
        c.post(
            f"/book/{room.pk}/new/", _form(day, start=f"{10 + n}:00", end=f"{11 + n}:00")
        ).status_code
        for n, c in enumerate(same_contact)
    ]
    assert statuses == [302, 302, 400]
    one_ip = _visitor(office_a, ip="192.0.2.1")
    results = []
    for n in range(4):
        results.append(
            one_ip.post(
                f"/book/{room.pk}/new/",
                _form(
                    day,
                    start=f"{14 + n}:00",
                    end=f"{15 + n}:00",
                    email=f"v{n}@example.com",
                    phone=f"+4860000000{n}",
                ),
            )
        )
    assert [r.status_code for r in results] == [302, 302, 302, 400]
    assert "Too many attempts. Please try again later." in results[3].content.decode()
    assert 'value="v3@example.com"' in results[3].content.decode()
    with in_office(office_a):
        assert Booking.objects.filter(room=room).count() == 5


def test_public_link_off_is_404_and_honeypot_books_nothing(office_a, room):
    visitor = _visitor(office_a)
    # The rooms' list gives the visitors' price as money in the page's language.
    assert "PLN\xa080.00 / hour" in visitor.get("/book/").content.decode()
    assert "80,00\xa0zł / godz" in _visitor(office_a, language="pl").get("/book/").content.decode()
    assert (
        visitor.post(
            f"/book/{room.pk}/new/", _form(next_weekday(), website="spam.example")
        ).status_code
        == 200
    )
    with in_office(office_a):
        assert Booking.objects.count() == 0
        services.settings_update(actor=None, data={"public_booking": False})
    assert visitor.get("/book/").status_code == 404
    assert visitor.get(f"/book/{room.pk}/").status_code == 404
    assert visitor.post(f"/book/{room.pk}/new/", _form(next_weekday())).status_code == 404


@pytest.mark.parametrize("typed", ["abc", "12", "+48 600 100"])
def test_a_phone_that_is_no_number_is_refused_at_the_field_and_the_form_kept(office_a, room, typed):
    day = next_weekday()
    response = _visitor(office_a).post(f"/book/{room.pk}/new/", _form(day, phone=typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid phone number." in page
    assert 'value="Ewa Lis"' in page
    with in_office(office_a):
        assert not Booking.objects.filter(room=room).exists()


def test_the_phone_is_stored_in_e164_a_local_number_read_in_the_offices_country(office_a, room):
    day = next_weekday()
    response = _visitor(office_a).post(f"/book/{room.pk}/new/", _form(day, phone="600 100 200"))
    assert response.status_code == 302
    with in_office(office_a):
        assert Booking.objects.get(room=room).guest_phone == "+48600100200"


def test_a_week_with_nothing_left_to_book_opens_on_the_next_and_offers_no_past(office_a, room):
    """On a Sunday evening every day of the week is past; here the office is closed the
    whole current week, which leaves the same: nothing of it can be booked."""
    from modules.rooms import rules

    today = rules.local(rules.timezone.now()).date()
    monday = today - dt.timedelta(days=today.weekday())
    following = monday + dt.timedelta(days=7)
    with in_office(office_a):
        services.closure_add(
            actor=None, date_from=monday, date_to=monday + dt.timedelta(days=6), reason="Remont"
        )
    visitor = _visitor(office_a)
    for asked in ("", f"?week={monday}", f"?week={monday - dt.timedelta(days=7)}"):
        page = visitor.get(f"/book/{room.pk}/{asked}").content.decode()
        assert f'name="week" value="{following}"' in page
        assert f"?day={following}&amp;start=" in page  # its Monday has free times
        assert 'data-testid="previous-week"' not in page
    later = visitor.get(f"/book/{room.pk}/?week={following + dt.timedelta(days=7)}")
    assert f'href="?week={following}&amp;minutes=60" data-testid="previous-week"' in (
        later.content.decode()
    )


def test_manage_page_states_the_late_fee_in_the_offices_currency(office_a, room):
    from modules.rooms import rules

    with in_office(office_a):
        late = services.room_save(actor=None, room=room, data={"free_cancel_hours": 24 * 30})
        day = rules.local(rules.timezone.now()).date() + dt.timedelta(days=5)
        booking = book(late, day, 10, 11, guest={"name": "Ewa", "email": "e@example.com"})
        token = links.manage_token(booking)
    page = _visitor(office_a).get(f"/book/manage/{token}/").content
    assert "Cancelling now costs PLN\xa025.00." in page.decode()


def test_visitor_cancel_asks_first_with_the_fee_then_shows_the_fee_not_the_price(office_a, room):
    from modules.rooms import rules

    with in_office(office_a):
        late = services.room_save(actor=None, room=room, data={"free_cancel_hours": 24 * 30})
        day = rules.local(rules.timezone.now()).date() + dt.timedelta(days=5)
        booking = book(late, day, 10, 11, guest={"name": "Ewa", "email": "e@example.com"})
        token = links.manage_token(booking)
    visitor = _visitor(office_a)
    manage = visitor.get(f"/book/manage/{token}/").content.decode()
    assert f'href="/book/manage/{token}/cancel/"' in manage
    assert f'action="/book/manage/{token}/cancel/"' not in manage
    ask = visitor.get(f"/book/manage/{token}/cancel/").content.decode()
    assert "Cancelling now costs PLN\xa025.00." in ask
    assert f'<form method="post" action="/book/manage/{token}/cancel/"' in ask
    assert "Keep the booking" in ask
    with in_office(office_a):
        assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    assert visitor.post(f"/book/manage/{token}/cancel/").status_code == 302
    page = visitor.get(f"/book/manage/{token}/").content.decode()
    assert 'data-status="cancelled"' in page
    assert "Cancellation fee: PLN\xa025.00" in page
    assert "Price: PLN\xa0100.00" not in page
    assert 'data-testid="cancel-form"' not in page
    # Cancelled: the confirmation page has nothing left to ask.
    assert visitor.get(f"/book/manage/{token}/cancel/")["Location"] == f"/book/manage/{token}/"


def test_a_visitor_booking_cancelled_free_shows_a_price_of_nothing(office_a, room):
    with in_office(office_a):
        booking = book(
            room, next_weekday(), 10, 11, guest={"name": "Ewa", "email": "e@example.com"}
        )
        token = links.manage_token(booking)
    visitor = _visitor(office_a)
    assert (
        "Cancelling now is free of charge."
        in visitor.get(f"/book/manage/{token}/cancel/").content.decode()
    )
    visitor.post(f"/book/manage/{token}/cancel/")
    page = visitor.get(f"/book/manage/{token}/").content.decode()
    assert "Price: PLN\xa00.00" in page
    assert "Cancellation fee" not in page


def test_the_booking_form_states_the_price_of_the_chosen_times(office_a, room):
    """The room page showed the price; the form where the visitor commits to it did not."""
    day = next_weekday()
    visitor = _visitor(office_a, language="pl")
    page = visitor.get(
        f"/book/{room.pk}/new/?day={day.isoformat()}&start=10:00&end=11:30"
    ).content.decode()
    price = page.split('data-testid="form-price">', 1)[1].split("</p>", 1)[0]
    assert price == "Cena: <strong>120,00\u00a0zł</strong>"  # 1.5 h at 80,00 zł
    # sent back with an error, the price follows the times sent
    response = visitor.post(f"/book/{room.pk}/new/", _form(day, end="12:00", terms=""))
    assert response.status_code == 400
    price = response.content.decode().split('data-testid="form-price">', 1)[1]
    assert price.startswith("Cena: <strong>160,00\u00a0zł</strong>")
    # no valid span, no price
    page = visitor.get(f"/book/{room.pk}/new/?day={day.isoformat()}&start=11:00&end=10:00")
    assert 'data-testid="form-price"' not in page.content.decode()


def test_a_booking_awaiting_approval_is_withdrawn_free_even_late(office_a, room):
    """A visitor's booking for this afternoon, still "Awaiting approval", read "Cancelling
    now costs ..." and was charged so: no fee before the office has confirmed it."""
    from modules.rooms import rules

    with in_office(office_a):
        late = services.room_save(actor=None, room=room, data={"free_cancel_hours": 24 * 30})
        day = rules.local(rules.timezone.now()).date() + dt.timedelta(days=5)
        booking = book(
            late, day, 10, 11, guest={"name": "Ewa", "email": "e@example.com"}, tentative=True
        )
        assert booking.status == "tentative"
        token = links.manage_token(booking)
    visitor = _visitor(office_a)
    ask = visitor.get(f"/book/manage/{token}/cancel/").content.decode()
    assert "Cancelling now costs" not in ask
    assert visitor.post(f"/book/manage/{token}/cancel/").status_code == 302
    with in_office(office_a):
        booking.refresh_from_db()
        assert (booking.status, booking.cancel_fee) == ("cancelled", 0)
