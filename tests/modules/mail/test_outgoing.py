import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.mail.models import MailItem
from modules.mail.services import mail_bulk_status_change, mail_update
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, status
from tests.modules.notifications.factories import email_recipient


def test_outgoing_mail_gets_the_sent_status_by_default(in_office_a, staff_a):
    item = item_register(actor=staff_a, direction="out", sender="", recipient="ZUS")
    assert item.status.code == "sent"
    assert not item.status.routes_to_handover


def test_outgoing_mail_never_takes_a_status_waiting_for_hand_over(in_office_a, staff_a):
    with pytest.raises(ApplicationError) as refused:
        item_register(
            actor=staff_a,
            direction="out",
            sender="",
            recipient="ZUS",
            status=status("to_pick_up"),
        )
    assert refused.value.code == "status"
    assert not MailItem.objects.exists()
    item = item_register(actor=staff_a, direction="out", sender="", recipient="ZUS")
    with pytest.raises(ApplicationError):
        mail_update(item=item, actor=staff_a, data={"status": status("to_pick_up")})
    with pytest.raises(ApplicationError):
        mail_bulk_status_change(item_ids=[item.pk], status=status("to_pick_up"), actor=staff_a)
    item.refresh_from_db()
    assert item.status.code == "sent"


def test_the_client_is_told_outgoing_mail_was_sent_on_its_behalf(in_office_a, staff_a):
    client = ClientFactory(name="Zielony Las")
    email_recipient(client_id=client.pk, address="anna@zielony.pl", language="en")
    item = item_register(
        actor=staff_a,
        client=client,
        direction="out",
        sender="",
        recipient="Sąd Rejonowy",
        tracking_number="RR1PL",
        notify_choice="email",
    )
    (delivery,) = Delivery.objects.filter(notification_id=item.notification_id)
    assert delivery.notification.event == "mail.sent"
    assert delivery.subject == "Mail sent on your behalf"
    assert "we have sent mail on behalf of Zielony Las." in delivery.body
    assert "Recipient: Sąd Rejonowy" in delivery.body
    assert "Tracking number: RR1PL" in delivery.body
    assert "Sender" not in delivery.body and "new mail" not in delivery.body.lower()


def test_a_received_time_more_than_minutes_ahead_is_refused(in_office_a, staff_a):
    """Mail cannot arrive or leave later than now: a day of slack let 19:30 typed for 09:30
    through; five minutes are left for a desk clock a little ahead."""
    ahead = timezone.now() + dt.timedelta(minutes=6)
    with pytest.raises(ApplicationError) as refused:
        item_register(actor=staff_a, received_at=ahead)
    assert refused.value.code == "received_at"
    assert "later than now" in refused.value.message
    with pytest.raises(ApplicationError):
        item_register(actor=staff_a, received_at=timezone.now() + dt.timedelta(hours=20))
    assert not MailItem.objects.exists()
    item = item_register(actor=staff_a, received_at=timezone.now() + dt.timedelta(minutes=4))
    with pytest.raises(ApplicationError):
        mail_update(item=item, actor=staff_a, data={"received_at": ahead})
    # An item is still saved unchanged, and other fields change, whatever its date.
    mail_update(item=item, actor=staff_a, data={"notes": "ok"})


def _post(client, office, **overrides):
    with in_office(office):
        customer = ClientFactory()
        mail_type = letter()
    data = {
        "direction": "in",
        "client": customer.pk,
        "client_query": customer.code,
        "sender": "ZUS",
        "mail_type": mail_type.pk,
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "pieces": 1,
        "notify_choice": "none",
        "status": "",
        **overrides,
    }
    return client.post("/mail/register/", data)


def test_register_view_shows_refusals_at_their_fields(office_a, client_a):
    with in_office(office_a):
        to_pick_up = status("to_pick_up").pk
    response = _post(
        client_a, office_a, direction="out", sender="", recipient="ZUS", status=to_pick_up
    )
    assert response.status_code == 400
    assert "Outgoing mail does not wait for hand-over" in str(
        response.context["form"]["status"].errors
    )
    response = _post(client_a, office_a, received_at="2027-06-12T09:30")
    assert response.status_code == 400
    assert "later than now" in str(response.context["form"]["received_at"].errors)
    with in_office(office_a):
        assert not MailItem.objects.exists()


def test_direction_and_status_do_not_stick_into_a_fresh_form(office_a, client_a):
    with in_office(office_a):
        to_pick_up = status("to_pick_up").pk
    # An incoming item with the status picked by hand, then an outgoing one with "—".
    first = _post(client_a, office_a, status=to_pick_up, next="register")
    assert first["Location"] == "/mail/register/?next=1"
    after_next = client_a.get("/mail/register/?next=1").context["form"]
    assert (after_next["direction"].value(), after_next["status"].value()) == ("in", to_pick_up)
    second = _post(client_a, office_a, direction="out", sender="", recipient="ZUS", next="register")
    assert second.status_code == 302
    with in_office(office_a):
        assert MailItem.objects.get(direction="out").status.code == "sent"
    after_next = client_a.get("/mail/register/?next=1").context["form"]
    assert (after_next["direction"].value(), after_next["status"].value()) == ("out", None)
    fresh = client_a.get("/mail/register/").context["form"]
    assert (fresh["direction"].value(), fresh["status"].value()) == ("in", None)


def test_the_migration_switches_sent_mail_on_for_new_mail_e_mail_recipients(in_office_a):
    import importlib

    from django.apps import apps
    from django.db import connection

    from modules.notifications.models import NotificationRecipient

    migration = importlib.import_module(
        "modules.mail.migrations.0011_sent_event_for_new_mail_recipients"
    )
    gets = email_recipient(client_id=1, address="a@las.pl", events=["mail.new"])
    quiet = email_recipient(client_id=1, address="b@las.pl", events=["mail.scan_added"])
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    events = dict(NotificationRecipient.objects.values_list("pk", "events"))
    assert events[gets.pk] == ["mail.new", "mail.sent"]
    assert events[quiet.pk] == ["mail.scan_added"]


def test_the_archive_filters_by_a_client_typed_without_picking(office_a, client_a):
    with in_office(office_a):
        kowalski = ClientFactory(name="Kowalski Consulting", code="KC-002")
        mine = item_register(client=kowalski)
        other = item_register(client=ClientFactory(name="Zielony Las"))
    page = client_a.get("/mail/", {"client": "", "client_query": "kc-002"})
    html = page.content.decode()
    assert page.status_code == 200
    assert mine.number in html and other.number not in html
    assert 'value="KC-002 · Kowalski Consulting"' in html
    page = client_a.get("/mail/", {"client": "", "client_query": "Kowalsk"})
    html = page.content.decode()
    assert mine.number not in html and other.number not in html
    assert 'value="Kowalsk"' in html
    assert "No client has this code or name." in html
    assert page.context["form"].errors["client_query"]


def test_a_typed_client_matching_none_exports_nothing_and_the_panel_ignores_typed_clients(
    office_a, client_a
):
    from modules.mail.forms import mail_filters
    from modules.mail.selectors import status_list

    with in_office(office_a):
        kowalski = ClientFactory(name="Kowalski Consulting", code="KC-002")
        item_register(client=kowalski)
        # The panel and the API (a client user's) never look a typed client up.
        assert mail_filters({"client_query": "KC-002"}, statuses=status_list()).client_id is None
    response = client_a.get("/mail/export/", {"client": "", "client_query": "Kowalsk"})
    assert response.status_code == 302
    assert response["Location"].startswith("/mail/?")
    exported = client_a.get("/mail/export/", {"client": "", "client_query": "KC-002"})
    assert exported.status_code == 200


@pytest.mark.parametrize(
    ("office_index", "words"),
    [
        (0, "Ta godzina jest późniejsza niż teraz (w biurze jest "),
        (1, "Tento čas je neskorší ako teraz (v kancelárii je "),
    ],
)
def test_the_registration_refuses_an_hour_ahead_in_the_offices_time(
    session_offices, db, office_index, words
):
    """The time typed is the office's (Warsaw, Bratislava): an hour ahead of the office's
    clock is refused with what time it is there; the current minute is accepted."""
    from zoneinfo import ZoneInfo

    office = session_offices[office_index]
    web = OfficeClient(office, user=member(office, Role.STAFF))
    here = timezone.localtime(timezone.now(), ZoneInfo(office.time_zone))
    response = _post(
        web, office, received_at=(here + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    assert response.status_code == 400
    (error,) = response.context["form"]["received_at"].errors
    assert error.startswith(words)
    assert _post(web, office, received_at=here.strftime("%Y-%m-%dT%H:%M")).status_code == 302


def test_the_additional_cost_field_names_the_currency_as_money_does(office_a):
    """The field's unit as every amount reads ("5,00 zł", common.money): "zł" in Polish, not
    "PLN"; in English money() writes "PLN 5.00", and so does the field."""
    for language, unit in (("pl", "zł"), ("en", "PLN")):
        web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language=language))
        html = web.get("/mail/register/").content.decode()
        assert f'<span class="input-group-text">{unit}</span>' in html
