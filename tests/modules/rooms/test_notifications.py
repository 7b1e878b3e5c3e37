import datetime as dt
from decimal import Decimal

import icalendar
import pytest
from django.utils import timezone

from common.exceptions import ApplicationError
from common.storage import office_read
from modules.notifications.models import Delivery, Notification
from modules.rooms import services
from modules.rooms.models import Booking
from modules.rooms.tasks import rooms_release_expired_task, rooms_remind_task
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import at, book, next_weekday, open_every_day, room_make

pytestmark = pytest.mark.usefixtures("in_office_a")


@pytest.fixture
def room():
    open_every_day()
    return room_make()


@pytest.fixture
def client():
    client = ClientFactory()
    Notification.objects.all().delete()
    email_recipient(client_id=client.pk, address="anna@firma.pl", language="en")
    return client


def _ics(notification) -> icalendar.Calendar:
    (row,) = notification.attachments
    assert (row["filename"], row["content_type"]) == ("booking.ics", "text/calendar")
    return icalendar.Calendar.from_ical(office_read(row["path"]))


def _vevents(notification):
    return [c for c in _ics(notification).walk() if c.name == "VEVENT"]


def test_confirmed_changed_cancelled_reach_the_clients_recipients_with_one_uid(room, client):
    day = next_weekday(weeks=3)
    booking = book(room, day, 10, 12, client=client)
    services.booking_move(
        booking=booking, starts_at=at(day, 13), ends_at=at(day, 15), actor=None, staff=True
    )
    services.booking_cancel(booking=Booking.objects.get(pk=booking.pk), actor=None, staff=True)
    sent = list(Delivery.objects.order_by("pk").values_list("event", "address", "subject"))
    assert sent == [
        ("rooms.booking_confirmed", "anna@firma.pl", "Booking confirmed: Sala Wisła"),
        ("rooms.booking_changed", "anna@firma.pl", "Booking changed: Sala Wisła"),
        ("rooms.booking_cancelled", "anna@firma.pl", "Booking cancelled: Sala Wisła"),
    ]
    notes = list(Notification.objects.order_by("pk"))
    calendars = [_ics(n) for n in notes]
    assert [str(c["method"]) for c in calendars] == ["REQUEST", "REQUEST", "CANCEL"]
    events = [_vevents(n)[0] for n in notes]
    assert len({str(e["uid"]) for e in events}) == 1
    assert str(events[0]["uid"]).startswith(f"rooms-booking-{booking.pk}@")
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert [e["dtstart"].dt for e in events] == [at(day, 10), at(day, 13), at(day, 13)]
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert notes[0].context["manage_url"].endswith(f"/portal/rooms/{booking.pk}/")


def test_a_move_to_the_same_room_and_time_is_refused_and_sends_nothing(room, client):
    # A change form sent back unchanged told the client "Booking changed".
    day = next_weekday(weeks=3)
    booking = book(room, day, 10, 12, client=client)
    with pytest.raises(ApplicationError) as refused:
        services.booking_move(
            booking=booking, starts_at=at(day, 10), ends_at=at(day, 12), actor=None, staff=False
        )
    assert refused.value.code == "unchanged"
    assert list(Delivery.objects.values_list("event", flat=True)) == ["rooms.booking_confirmed"]
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_a_series_sends_one_message_with_every_date_in_the_ics(room, client):
    first = next_weekday(weeks=2)
    booked, skipped = services.booking_series_create(
        room=room,
        dates=services.series_dates(first=first, every_weeks=1, count=3),
        start=dt.time(9),
        end=dt.time(10),
        client=client,
        guest={"name": "Anna"},
        source=Booking.Source.PORTAL,
    )
    assert (len(booked), skipped) == (3, [])
    note = Notification.objects.get()
    assert note.event == "rooms.booking_confirmed"
    assert [e["dtstart"].dt for e in _vevents(note)] == [b.starts_at for b in booked]
    (delivery,) = Delivery.objects.filter(notification=note)
    assert "\nPrice: PLN\xa050.00 per date\n" in delivery.body


def test_approval_asks_the_office_and_the_answer_reaches_the_visitor(room):
    day = next_weekday(weeks=2)
    guest = {"name": "Ewa", "email": "ewa@example.com"}
    first = book(room, day, 10, 11, guest=guest, tentative=True, language="sk")
    second = book(room, day, 12, 13, guest=guest, tentative=True, language="en")
    assert sorted(Notification.objects.values_list("event", flat=True)) == [
        "rooms.approval_needed",
        "rooms.approval_needed",
        "rooms.booking_requested",
        "rooms.booking_requested",
    ]
    office_note = Notification.objects.filter(event="rooms.approval_needed").first()
    assert office_note.client_id is None
    assert office_note.context["manage_url"].endswith(f"/rooms/bookings/{first.pk}/")
    Notification.objects.all().delete()
    services.booking_approve(booking=first, actor=None)
    services.booking_refuse(booking=second, actor=None)
    sent = list(Delivery.objects.order_by("pk").values_list("event", "language", "subject"))
    assert sent == [
        ("rooms.booking_approved", "sk", "Rezervácia schválená: Sala Wisła"),
        ("rooms.booking_refused", "en", "Booking not approved: Sala Wisła"),
    ]
    assert Booking.objects.get(pk=second.pk).status == "released"
    assert [Delivery.objects.get(event="rooms.booking_approved").actions[0]["label"]] == [
        "Otvoriť rezerváciu"  # the button in the visitor's language too
    ]


def test_refusing_a_confirmed_booking_is_refused_and_changes_nothing(room):
    booking = book(room, next_weekday(), 10, 11)
    count = Notification.objects.count()
    with pytest.raises(ApplicationError):
        services.booking_refuse(booking=booking, actor=None)
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"
    assert Notification.objects.count() == count


def test_reminder_once_per_booking_and_again_after_a_move(room, client):
    services.settings_update(actor=None, data={"reminder_hours": 24})
    day = timezone.localdate() + dt.timedelta(days=3)
    booking = book(room, day, 10, 11, client=client)
    Notification.objects.all().delete()
    early = at(day, 9) - dt.timedelta(days=2)
    assert services.bookings_remind(now=early) == 0  # not due yet
    due = at(day, 9)
    assert services.bookings_remind(now=due) == 1
    assert services.bookings_remind(now=due) == 0
    assert list(Delivery.objects.values_list("event", "subject")) == [
        ("rooms.booking_reminder", "Reminder: Sala Wisła")
    ]
    services.booking_move(
        booking=Booking.objects.get(pk=booking.pk),
        starts_at=at(day, 15),
        ends_at=at(day, 16),
        actor=None,
        staff=True,
    )
    assert services.bookings_remind(now=due) == 1
    assert Notification.objects.filter(event="rooms.booking_reminder").count() == 2


def test_no_reminder_for_a_booking_made_inside_the_window_nor_when_switched_off(room, client):
    services.settings_update(actor=None, data={"reminder_hours": 24})
    day = timezone.localdate() + dt.timedelta(days=1)
    book(room, day, 18, 19, client=client)
    assert services.bookings_remind() == 0
    services.settings_update(actor=None, data={"reminder_hours": 0})
    assert services.bookings_remind(now=at(day, 17)) == 0


def test_scheduled_tasks_release_and_remind_idempotently(room):
    services.settings_update(actor=None, data={"approval_hours": 1})
    booking = book(
        room, next_weekday(), 10, 11, guest={"name": "Ewa", "email": "e@x.pl"}, tentative=True
    )
    Booking.objects.filter(pk=booking.pk).update(approve_by=timezone.now() - dt.timedelta(1))
    rooms_release_expired_task.fn()
    rooms_release_expired_task.fn()
    rooms_remind_task.fn()
    assert Booking.objects.get(pk=booking.pk).status == "released"
    assert Notification.objects.filter(event="rooms.booking_refused").count() == 1


def test_visitor_reminder_also_by_sms_only_to_allowed_countries(room):
    from modules.notifications.services import settings_update as notifications_settings

    notifications_settings(actor=None, sms_countries=["PL"])
    services.settings_update(actor=None, data={"reminder_hours": 24})
    day = timezone.localdate() + dt.timedelta(days=3)
    polish = book(
        room, day, 10, 11, guest={"name": "Ewa", "email": "ewa@x.pl", "phone": "601 234 567"}
    )
    book(room, day, 12, 13, guest={"name": "Jan", "email": "jan@x.sk", "phone": "+421 905 123 456"})
    book(room, day, 14, 15, guest={"name": "Biuro", "email": "b@x.pl", "phone": "22 123 45 67"})
    Notification.objects.all().delete()
    assert services.bookings_remind(now=at(day, 9)) == 3
    sms = list(
        Delivery.objects.filter(channel="sms").order_by("address").values_list("address", "status")
    )
    assert sms == [("+421905123456", "failed"), ("+48601234567", "queued")]
    assert Delivery.objects.filter(channel="email").count() == 3
    assert Delivery.objects.get(address="+48601234567").notification.context["room_name"] == (
        polish.room.name
    )


def test_the_template_editors_preview_gives_rooms_samples_in_the_templates_language(office_b):
    from common.money import money
    from modules.notifications.hooks import event_get
    from modules.notifications.services import sample_context

    with in_office(office_b):
        event = event_get("rooms.booking_cancelled")
        slovak = sample_context(event=event, language="sk", office=office_b)
        english = sample_context(event=event, language="en", office=office_b)
    assert (slovak["room_name"], slovak["booker_name"]) == ("Miestnosť Dunaj", "Zelený les s.r.o.")
    assert slovak["cancel_fee"] == money(Decimal("35.00"), office_b.currency, language="sk")
    assert slovak["booking_total"] == money(Decimal("100.00"), office_b.currency, language="sk")
    assert slovak["cancel_fee"] == "35,00\xa0€"
    assert (english["room_name"], english["booker_name"]) == ("Thames Room", "Greenwood Ltd")
    assert slovak["manage_url"].startswith(office_b.url)


def test_each_events_default_sms_says_what_happened_in_every_language(office_b):
    from modules.notifications.hooks import event_get
    from modules.notifications.services import sample_context
    from modules.notifications.services.notify import render_message

    wanted = {
        "rooms.booking_confirmed": "rezervácia potvrdená",
        "rooms.booking_requested": "rezervácia čaká na schválenie",
        "rooms.booking_approved": "rezervácia schválená",
        "rooms.booking_refused": "rezervácia neschválená, termín je voľný",
        "rooms.booking_changed": "rezervácia zmenená, nový termín",
        "rooms.booking_cancelled": "rezervácia zrušená",
        "rooms.booking_reminder": "pripomienka rezervácie",
    }
    with in_office(office_b):
        for code, what in wanted.items():
            event = event_get(code)
            values = sample_context(event=event, language="sk", office=office_b)
            sms = render_message(
                sources=("", "", event.defaults["sk"].sms),
                context=values,
                language="sk",
                office=office_b,
                channel="sms",
            ).sms
            fee = ". Poplatok: 35,00 €" if code == "rooms.booking_cancelled" else ""
            assert sms == f"{office_b.name}: {what}: Miestnosť Dunaj 02.03.2026 10:00–12:00{fee}"
        texts = {
            lang: {event_get(code).defaults[lang].sms for code in wanted}
            for lang in ("pl", "sk", "en")
        }
    assert all(len(t) == len(wanted) for t in texts.values())
    assert "booking cancelled" in event_get("rooms.booking_cancelled").defaults["en"].sms
    assert "rezerwacja odwołana" in event_get("rooms.booking_cancelled").defaults["pl"].sms


def test_migration_mends_an_untouched_seeded_sms_and_keeps_the_offices_own():
    import importlib

    from django.apps import apps

    from modules.notifications.hooks import event_get
    from modules.notifications.models import MessageTemplate

    migration = importlib.import_module("modules.rooms.migrations.0006_sms_says_what_happened")
    copied = MessageTemplate.objects.create(
        event="rooms.booking_cancelled",
        language="pl",
        subject="Odwołane: {{ room_name }}",
        body="Nasza treść",
        sms=migration.OLD,
    )
    own = MessageTemplate.objects.create(
        event="rooms.booking_confirmed", language="pl", subject="s", body="b", sms="Nasz SMS"
    )
    migration.mend(apps, None)
    copied.refresh_from_db()
    own.refresh_from_db()
    assert copied.sms == event_get("rooms.booking_cancelled").defaults["pl"].sms
    assert (copied.subject, copied.body) == ("Odwołane: {{ room_name }}", "Nasza treść")
    assert own.sms == "Nasz SMS"


def _room_extras():
    coffee = services.extra_save(
        actor=None,
        data={"name_pl": "Kawa i woda", "price": Decimal("12.00"), "per_person": True},
    )
    beamer = services.extra_save(
        actor=None, data={"name_pl": "Projektor", "price": Decimal("40.00"), "per_person": False}
    )
    return coffee, beamer


def test_confirmation_lists_the_extras_as_billed_and_the_price_before_the_link(room, client):
    coffee, beamer = _room_extras()
    booking = book(
        room, next_weekday(), 10, 12, client=client, attendees=4, extras=[(coffee, 1), (beamer, 2)]
    )
    assert booking.total == Decimal("228.00")
    (delivery,) = Delivery.objects.filter(event="rooms.booking_confirmed")
    assert (
        "\nExtras:\n- Kawa i woda ×4: PLN\xa048.00\n- Projektor ×2: PLN\xa080.00\n"
        "Price: PLN\xa0228.00 (room: PLN\xa0100.00; extras: PLN\xa0128.00)\n"
    ) in delivery.body
    body = delivery.body
    assert body.index("Price:") < body.index("View, change or cancel") < body.index("Kind regards")
    # The notification keeps the office's language's words (Polish office).
    assert delivery.notification.context["booking_price"] == (
        "228,00\xa0zł (sala: 100,00\xa0zł; dodatki: 128,00\xa0zł)"
    )
    assert delivery.notification.context["booking_extras"].splitlines() == [
        "- Kawa i woda ×4: 48,00\xa0zł",
        "- Projektor ×2: 80,00\xa0zł",
    ]


def test_visitor_emails_give_the_price_in_the_visitors_language(room):
    booking = book(
        room,
        next_weekday(),
        10,
        11,
        guest={"name": "Jana", "email": "jana@example.sk"},
        language="sk",
    )
    services.booking_move(
        booking=booking,
        starts_at=booking.starts_at + dt.timedelta(hours=2),
        ends_at=booking.ends_at + dt.timedelta(hours=2),
        actor=None,
        staff=True,
    )
    bodies = dict(Delivery.objects.values_list("event", "body"))
    for event in ("rooms.booking_confirmed", "rooms.booking_changed"):
        assert "\nCena: 50,00\xa0PLN\n" in bodies[event]  # Slovak writes PLN after
        assert "Doplnky" not in bodies[event]


def test_a_booking_under_package_hours_gives_its_hours_in_the_price(room):
    from tests.modules.billing.factories import biznes, on_package

    packaged = on_package(biznes(limit_room_hours=5), ClientFactory())
    email_recipient(client_id=packaged.pk, address="ola@firma.pl", language="en")
    book(room, next_weekday(), 10, 11, client=packaged, guest=None)
    (delivery,) = Delivery.objects.filter(event="rooms.booking_confirmed")
    assert "\nPrice: PLN\xa00.00 (room: 1 h of package hours)\n" in delivery.body


def test_the_confirmations_preview_shows_the_sample_extras_and_price(office_b):
    from modules.notifications.hooks import event_get
    from modules.notifications.services import sample_context
    from modules.notifications.services.notify import render_message

    with in_office(office_b):
        event = event_get("rooms.booking_confirmed")
        body = render_message(
            sources=("", event.defaults["sk"].body, ""),
            context=sample_context(event=event, language="sk", office=office_b),
            language="sk",
            office=office_b,
            channel="email",
        ).body
    assert "Miestnosť Dunaj, 02.03.2026 10:00–12:00\nDoplnky:\n- Káva ×4: 30,00\xa0€\n" in body
    assert "\nCena: 100,00\xa0€\nV prílohe" in body


def test_the_staff_alert_to_approve_is_read_once_the_booking_is_handled(room, staff_a, office_a):
    """The alert "booking needs approval" names its booking (alert_subject), so approving,
    refusing, cancelling or releasing it reads everyone's alert; opening it, one's own."""
    from accounts.models import Role
    from modules.notifications.models import StaffAlert
    from modules.notifications.services import settings_update as notifications_settings
    from tests.helpers.offices import OfficeClient, member

    notifications_settings(actor=None, office_channels={"rooms.approval_needed": ["inapp"]})
    other = member(office_a, Role.STAFF)
    day = next_weekday(weeks=2)
    guest = {"name": "Ewa", "email": "ewa@example.com"}
    approved, refused, cancelled, released, opened = (
        book(room, day, hour, hour + 1, guest=guest, tentative=True) for hour in (8, 10, 12, 14, 16)
    )

    def unread(booking) -> set[int]:
        alerts = StaffAlert.objects.filter(subject=f"rooms.booking:{booking.pk}")
        assert alerts.count() == 2  # staff_a's and the other's
        return set(alerts.filter(read_at__isnull=True).values_list("user_id", flat=True))

    everyone = {staff_a.pk, other.pk}
    assert all(unread(b) == everyone for b in (approved, refused, cancelled, released, opened))
    services.booking_approve(booking=approved, actor=staff_a)
    services.booking_refuse(booking=refused, actor=staff_a)
    services.booking_cancel(booking=cancelled, actor=staff_a, staff=True)
    Booking.objects.filter(pk=released.pk).update(approve_by=timezone.now())
    assert services.bookings_release_expired() == 1
    assert [unread(b) for b in (approved, refused, cancelled, released)] == [set()] * 4
    # Opening the booking reads the opener's alert only; the other's stays until handled.
    assert unread(opened) == everyone
    OfficeClient(office_a, user=other).get(f"/rooms/bookings/{opened.pk}/")
    with in_office(office_a):  # the request left the connection in the public schema
        assert unread(opened) == {staff_a.pk}


def test_a_booking_to_approve_rings_the_staff_bell_by_default(room, staff_a):
    """Like a scan request or a new helpdesk request: an office that never chose the
    channels gets the alert (and the e-mail)."""
    from modules.notifications.hooks import event_get
    from modules.notifications.models import NotificationSettings, StaffAlert

    assert event_get("rooms.approval_needed").default_channels == {"email", "inapp"}
    assert (
        "rooms.approval_needed"
        not in (NotificationSettings.objects.first() or NotificationSettings()).office_channels
    )
    booking = book(
        room, next_weekday(), 10, 11, guest={"name": "Ewa", "email": "e@x.pl"}, tentative=True
    )
    assert StaffAlert.objects.filter(subject=f"rooms.booking:{booking.pk}", user=staff_a).exists()


def test_migration_turns_the_alert_on_where_the_former_default_was_stored():
    import importlib

    from django.apps import apps

    from modules.notifications.services import settings_get
    from modules.notifications.services import settings_update as notifications_settings

    migration = importlib.import_module("modules.rooms.migrations.0007_approval_alert_on")
    saved = {"rooms.approval_needed": ["email"], "mail.scan_requested": ["email"]}
    notifications_settings(actor=None, office_channels=saved)
    migration.mend(apps, None)
    assert settings_get().office_channels == {
        "rooms.approval_needed": ["email", "inapp"],
        "mail.scan_requested": ["email"],  # another event's choice stays
    }
    notifications_settings(actor=None, office_channels={"rooms.approval_needed": ["sms"]})
    migration.mend(apps, None)
    assert settings_get().office_channels == {"rooms.approval_needed": ["sms"]}  # chosen
