import importlib
import re

import pytest
from django.apps import apps
from django.utils.module_loading import module_has_submodule

from accounts.models import Role
from modules.notifications import hooks
from modules.notifications.hooks import CLIENT, OFFICE, event_list
from modules.notifications.models import (
    Delivery,
    MessageTemplate,
    Notification,
    NotificationRecipient,
    StaffAlert,
)
from modules.notifications.services import settings_get, settings_update
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.notifications.factories import email_recipient


def _codes(events) -> set[str]:
    return {e.code for e in events}


def _registered_by_app() -> dict[str, set[str]]:
    """What each app's events module registers, each into an empty registry."""
    found = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "events"):
            module = importlib.import_module(f"{config.name}.events")
            hooks._events = {}
            module.events_register()
            found[config.label] = _codes(event_list())
    return found


@pytest.fixture
def registry(monkeypatch):
    """Lets a test rebuild the registry; the one the apps built comes back afterwards."""
    monkeypatch.setattr(hooks, "_events", dict(hooks._events))
    return hooks


HELPDESK_OFFICE = {
    "helpdesk.created",
    "helpdesk.client_reply",
    "helpdesk.client_decision",
    "helpdesk.watched",
    "helpdesk.mention",
    "helpdesk.sla_alert",
    "helpdesk.order_assigned",
}
ROOMS_OFFICE = {"rooms.approval_needed"}
ROOMS_CLIENT = {
    "rooms.booking_confirmed",
    "rooms.booking_requested",
    "rooms.booking_approved",
    "rooms.booking_refused",
    "rooms.booking_changed",
    "rooms.booking_cancelled",
    "rooms.booking_reminder",
}
HELPDESK_CLIENT = {
    "helpdesk.reply",
    "helpdesk.status",
    "helpdesk.approval_needed",
    "helpdesk.quote_sent",
    "helpdesk.resolved",
}
MESSAGING_OFFICE = {"message.from_client"}
MESSAGING_CLIENT = {"message.new"}
DOCUMENTS_CLIENT = {"documents.shared"}

INVOICES_CLIENT = {"invoices.new", "invoices.reminder", "invoices.acceptance_requested"}
INVOICES_OFFICE = {"invoices.acceptance_answered", "invoices.ksef_refused"}


def _register_all_but(*labels: str) -> None:
    hooks._events = {}
    for config in apps.get_app_configs():
        if config.label not in labels and module_has_submodule(config.module, "events"):
            importlib.import_module(f"{config.name}.events").events_register()


def _screen_codes(client, url: str, pattern: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return set(re.findall(pattern, response.content.decode()))


SETTINGS_FIELD = r'name="office__([\w.]+)__(?:email|sms|inapp)"'
TEMPLATE_LINK = r'href="/administration/notifications/templates/([\w.]+)/pl/"'
RECIPIENT_SWITCH = r'name="events" value="([\w.]+)"'


def test_each_module_registers_its_own_events_and_notifications_none(registry):
    built_by_the_apps = _codes(event_list())
    by_app = _registered_by_app()
    assert by_app["mail"] == {"mail.new", "mail.scan_added", "mail.sent"}
    assert by_app["scanrequests"] == {
        "mail.scan_requested",
        "scanrequests.overdue",
        "scanrequests.cancelled",
    }
    assert by_app["helpdesk"] == HELPDESK_OFFICE | HELPDESK_CLIENT
    assert by_app["invoices"] == INVOICES_OFFICE | INVOICES_CLIENT
    assert by_app["rooms"] == ROOMS_OFFICE | ROOMS_CLIENT
    assert by_app["messaging"] == MESSAGING_OFFICE | MESSAGING_CLIENT
    assert by_app["documents"] == DOCUMENTS_CLIENT
    assert "notifications" not in by_app
    assert built_by_the_apps == set().union(*by_app.values())


def test_without_an_apps_registration_its_events_are_gone(registry):
    _register_all_but("mail", "helpdesk", "invoices", "rooms", "messaging", "documents")
    assert _codes(event_list()) == {
        "mail.scan_requested",
        "scanrequests.overdue",
        "scanrequests.cancelled",
    }
    _register_all_but("scanrequests", "helpdesk", "invoices", "rooms", "messaging", "documents")
    assert _codes(event_list()) == {"mail.new", "mail.scan_added", "mail.sent"}
    assert event_list(audience=OFFICE) == []


def test_the_notification_screens_list_exactly_the_registered_events(office_a, registry):
    with in_office(office_a):
        email_recipient(client_id=1)
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    assert _screen_codes(admin, "/administration/notifications/", SETTINGS_FIELD) == {
        "mail.scan_requested",
        "scanrequests.overdue",
        *HELPDESK_OFFICE,
        *ROOMS_OFFICE,
        *MESSAGING_OFFICE,
        *INVOICES_OFFICE,
    }
    assert _screen_codes(admin, "/administration/notifications/templates/", TEMPLATE_LINK) == {
        "mail.new",
        "mail.scan_added",
        "mail.sent",
        "mail.scan_requested",
        "scanrequests.overdue",
        "scanrequests.cancelled",
        *HELPDESK_OFFICE,
        *HELPDESK_CLIENT,
        *INVOICES_CLIENT,
        *INVOICES_OFFICE,
        *ROOMS_OFFICE,
        *ROOMS_CLIENT,
        *MESSAGING_OFFICE,
        *MESSAGING_CLIENT,
        *DOCUMENTS_CLIENT,
    }
    assert _screen_codes(admin, "/notifications/clients/1/", RECIPIENT_SWITCH) == {
        "mail.new",
        "mail.scan_added",
        "mail.sent",
        "scanrequests.cancelled",
        *HELPDESK_CLIENT,
        *INVOICES_CLIENT,
        *ROOMS_CLIENT,
        *MESSAGING_CLIENT,
        *DOCUMENTS_CLIENT,
    }
    _register_all_but("scanrequests", "helpdesk", "invoices", "rooms", "messaging", "documents")
    assert _screen_codes(admin, "/administration/notifications/", SETTINGS_FIELD) == set()
    assert _screen_codes(admin, "/administration/notifications/templates/", TEMPLATE_LINK) == {
        "mail.new",
        "mail.scan_added",
        "mail.sent",
    }
    _register_all_but("mail", "helpdesk", "invoices", "rooms", "messaging", "documents")
    assert _screen_codes(admin, "/notifications/clients/1/", RECIPIENT_SWITCH) == {
        "scanrequests.cancelled"
    }
    assert _codes(event_list(audience=CLIENT)) == {"scanrequests.cancelled"}


def test_stored_rows_of_events_nobody_registers_are_kept_and_left_out_of_lists(office_a):
    user = member(office_a, Role.ADMIN)
    with in_office(office_a):
        MessageTemplate.objects.create(
            event="room.reservation", language="pl", subject="S", body="B", sms="X"
        )
        recipient = email_recipient(client_id=1)
        NotificationRecipient.objects.filter(pk=recipient.pk).update(
            events=["invoice.new", "mail.new"]
        )
        notification = Notification.objects.create(event="helpdesk.update", client_id=1)
        delivery = Delivery.objects.create(
            notification=notification,
            event="helpdesk.update",
            client_id=1,
            channel="email",
            address="anna@las.pl",
            language="pl",
            subject="Stara wiadomość",
        )
        StaffAlert.objects.create(user=user, event="helpdesk.update", title="Stary alert")
        settings_update(actor=None, office_channels={"invoice.overdue": ["email"]})
    admin = OfficeClient(office_a, user=user)

    assert _screen_codes(
        admin, "/administration/notifications/templates/", TEMPLATE_LINK
    ) == _codes(event_list())
    assert (
        admin.get("/administration/notifications/templates/room.reservation/pl/").status_code == 404
    )
    log = admin.get("/notifications/?event=helpdesk.update").content.decode()
    assert '<td data-label="Zdarzenie">Inna wiadomość</td>' in log  # kept, named without its code
    assert 'value="helpdesk.update"' not in log
    assert _screen_codes(admin, "/notifications/clients/1/", RECIPIENT_SWITCH) == {
        "mail.new",
        "mail.scan_added",
        "mail.sent",
        "scanrequests.cancelled",
        *HELPDESK_CLIENT,
        *INVOICES_CLIENT,
        *ROOMS_CLIENT,
        *MESSAGING_CLIENT,
        *DOCUMENTS_CLIENT,
    }
    assert "Stary alert" in admin.get("/notifications/alerts/").content.decode()
    assert _screen_codes(admin, "/administration/notifications/", SETTINGS_FIELD) == {
        "mail.scan_requested",
        "scanrequests.overdue",
        *HELPDESK_OFFICE,
        *ROOMS_OFFICE,
        *MESSAGING_OFFICE,
        *INVOICES_OFFICE,
    }
    resent = admin.post(f"/notifications/deliveries/{delivery.pk}/resend/")
    assert resent.status_code == 302
    # Saving the recipient's switches keeps only events that exist now.
    response = admin.post(
        f"/notifications/clients/1/recipients/{recipient.pk}/",
        {"events": ["mail.scan_added"], "is_active": "on"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert NotificationRecipient.objects.get(pk=recipient.pk).events == ["mail.scan_added"]
        assert MessageTemplate.objects.filter(event="room.reservation").count() == 1
        assert Delivery.objects.filter(event="helpdesk.update").count() == 2
        assert settings_get().office_channels == {"invoice.overdue": ["email"]}
