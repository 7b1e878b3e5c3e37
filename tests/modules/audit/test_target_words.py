import datetime as dt

from django.utils import translation

from accounts.models import Role, User
from modules.audit.models import AuditEntry
from modules.audit.services import audit_record
from modules.helpdesk.models import IntakeSettings
from modules.invoices import services as invoice_services
from modules.rooms.models import Booking
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import buyer, issued, office_details
from tests.modules.notifications.factories import email_recipient
from tests.modules.rooms.factories import book, next_weekday, open_every_day, room_make


def test_a_bookings_audit_row_names_its_room_and_start_in_the_offices_time(office_a):
    with in_office(office_a), translation.override("pl"):
        open_every_day()
        room = room_make(name="Sala Focus")
        day = next_weekday()
        booking = book(room, day, 9, 10)
        entry = AuditEntry.objects.filter(target_type="rooms.booking").latest("pk")
        assert isinstance(booking, Booking)
    # 09:00 in Warsaw whatever UTC says; the Polish short format.
    assert entry.target_label == f"Sala Focus · {day:%d.%m.%Y} 09:00"


def test_the_dashboard_names_an_offices_settings_in_the_readers_language(office_a):
    admin = member(office_a, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language="pl")
    with in_office(office_a), translation.override("en"):
        settings_row = IntakeSettings(pk=1)
        audit_record(action="helpdesk.intake_settings_changed", actor=admin, target=settings_row)
    page = OfficeClient(office_a, user=admin).get("/dashboard/").content.decode()
    assert ": Ustawienia odbioru e-maili" in page
    assert "E-mail intake settings" not in page


def test_an_invoices_reminders_say_who_sent_them(office_a):
    staff = member(office_a, Role.STAFF, language="pl")
    User.objects.filter(pk=staff.pk).update(full_name="Piotr Wiśniewski")
    staff.refresh_from_db()
    with in_office(office_a):
        office_details()
        client = buyer(name="Lipa sp. z o.o.")
        email_recipient(client_id=client.pk, address="k@example.com", language="pl")
        # Reminders go only after the due date, to a client somebody of which receives them.
        overdue = invoice_services.office_today() - dt.timedelta(days=3)
        invoice = issued(client, due_date=overdue)
        invoice_services.invoice_remind(invoice=invoice, actor=staff)
        invoice_services.invoice_remind(invoice=invoice, actor=None, again_today=True)
    page = OfficeClient(office_a, user=staff).get(f"/invoices/{invoice.pk}/").content.decode()
    # One wording (Reminder.sent_by_words): the person named when known.
    assert "wysłane przez pracownika: Piotr Wiśniewski" in page
    assert "wysłane przez: " not in page
