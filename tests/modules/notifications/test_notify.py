import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role, User
from modules.notifications.models import Delivery, Notification, StaffAlert
from modules.notifications.services import Attachment, notify, settings_update
from tests.helpers.offices import member
from tests.modules.notifications.factories import email_recipient, sms_recipient

MAIL = {
    "client_name": "Zielony Las sp. z o.o.",
    "mail_sender": "ZUS",
    "mail_type": "list polecony",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
    "mail_items": 1,
}


def _deliveries(notification):
    return list(Delivery.objects.filter(notification=notification).order_by("pk"))


def test_client_event_goes_only_to_that_clients_recipients_with_the_event_on(
    in_office_a, invoice_events
):
    email_recipient(client_id=1, address="a@las.pl")
    sms_recipient(client_id=1, address="+48601000001")
    quiet = email_recipient(client_id=1, address="quiet@las.pl", events=["invoice.new"])
    email_recipient(client_id=2, address="other@kowalski.pl")
    settings_update(actor=None, office_email="biuro@office-a.pl")
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    assert [(d.channel, d.address) for d in _deliveries(notification)] == [
        ("email", "a@las.pl"),
        ("sms", "+48601000001"),
    ]
    assert quiet.events == ["invoice.new"]


def test_inactive_recipients_receive_nothing(in_office_a):
    from modules.notifications.services import recipient_update

    recipient = email_recipient(client_id=1, address="a@las.pl")
    recipient_update(recipient=recipient, actor=None, is_active=False)
    notification = notify(event="mail.new", client_id=1, context=MAIL)
    assert _deliveries(notification) == []


def test_client_without_recipients_gets_nothing_and_the_office_nothing_either(
    in_office_a, invoice_events
):
    settings_update(actor=None, office_email="biuro@office-a.pl", office_phone="+48600000000")
    notification = notify(event="invoice.new", client_id=7, context={"invoice_number": "1"})
    assert _deliveries(notification) == []
    assert StaffAlert.objects.count() == 0


@pytest.mark.parametrize(
    "language, subject, greeting",
    [
        # Polish and Slovak without the name (a full name in the nominative reads wrong).
        ("pl", "Nowa korespondencja – nadawca: ZUS", "Dzień dobry,"),
        ("sk", "Nová pošta – odosielateľ: ZUS", "Dobrý deň,"),
        ("en", "New mail from ZUS", "Hello Jan,"),
    ],
)
def test_rendered_in_the_recipients_language(in_office_a, language, subject, greeting):
    email_recipient(address=f"{language}@las.pl", language=language, name="Jan")
    (delivery,) = _deliveries(notify(event="mail.new", client_id=1, context=MAIL))
    assert delivery.language == language
    assert delivery.subject == subject
    # The company first (a person may act for several), then the greeting.
    company = {"pl": "Firma", "sk": "Spoločnosť", "en": "Company"}[language]
    assert delivery.body.splitlines()[:3] == [f"{company}: Zielony Las sp. z o.o.", "", greeting]
    assert "Biuro A" in delivery.body


def test_dates_and_amounts_follow_the_language_and_the_office_time_zone(
    in_office_a, invoice_events
):
    email_recipient(address="pl@las.pl", language="pl")
    email_recipient(address="en@las.pl", language="en")
    notification = notify(
        event="invoice.new",
        client_id=1,
        context={
            "invoice_number": "FV/1",
            "invoice_total": Decimal("1234.50"),
            "invoice_currency": "PLN",
            "invoice_due_date": datetime.date(2026, 3, 14),
        },
    )
    pl, en = _deliveries(notification)
    assert "1234,50 PLN, termin płatności 14.03.2026.\n\nPozdrawiamy" in pl.body
    assert "1234.50 PLN, due 14/03/2026." in en.body
    mail = notify(event="mail.new", client_id=1, context=MAIL)
    # 09:30 UTC is 10:30 in Warsaw (office A's time zone)
    assert "Otrzymano: 02.03.2026 10:30" in _deliveries(mail)[0].body.replace("  ", " ")


def test_office_event_goes_to_office_address_sms_number_and_staff_alerts(in_office_a, office_a):
    staff = member(office_a, Role.STAFF)
    admin = member(office_a, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language="en")
    member(office_a, Role.CLIENT, client_id=1)
    settings_update(
        actor=None,
        office_email="biuro@office-a.pl",
        office_phone="+48600000000",
        office_channels={"mail.scan_requested": ["email", "sms", "inapp"]},
    )
    notification = notify(
        event="mail.scan_requested",
        client_id=1,
        context={
            "client_name": "Zielony Las",
            "mail_sender": "ZUS",
            "requested_by": "Marek",
            "requests_url": "/mail/scan-requests/",
        },
    )
    assert [(d.channel, d.address, d.status) for d in _deliveries(notification)] == [
        ("email", "biuro@office-a.pl", "queued"),
        ("sms", "+48600000000", "queued"),
        ("inapp", "2 staff", "sent"),
    ]
    alerts = StaffAlert.objects.filter(notification=notification).order_by("user_id")
    assert [a.user_id for a in alerts] == sorted([staff.pk, admin.pk])
    # each in their own language: the office's (Polish) unless the person chose another
    assert {a.user_id: a.title for a in alerts} == {
        staff.pk: "Prośba o skan: Zielony Las",
        admin.pk: "Scan requested: Zielony Las",
    }
    assert {a.link for a in alerts} == {"/mail/scan-requests/"}


def test_office_channels_can_be_switched_off(in_office_a, office_a):
    member(office_a, Role.STAFF)
    settings_update(
        actor=None, office_email="biuro@office-a.pl", office_channels={"mail.scan_requested": []}
    )
    notification = notify(event="mail.scan_requested", client_id=1, context={})
    assert _deliveries(notification) == []
    assert StaffAlert.objects.count() == 0


def test_undocumented_variables_and_model_objects_are_refused(in_office_a, office_a):
    with pytest.raises(ValueError):
        notify(event="mail.new", client_id=1, context={"password": "x"})
    with pytest.raises(TypeError):
        notify(event="mail.new", client_id=1, context={"client_name": office_a})
    with pytest.raises(ValueError):
        notify(event="mail.new", context=MAIL)  # a client event needs its client
    with pytest.raises(LookupError):
        notify(event="no.such_event", client_id=1)
    assert Notification.objects.count() == 0


def test_sms_to_a_country_outside_the_allow_list_fails_at_once(in_office_a):
    sms_recipient(address="+4915112345678")
    sms_recipient(address="+421905123456")
    settings_update(actor=None, sms_countries=["PL", "SK"])
    de, sk = _deliveries(notify(event="mail.new", client_id=1, context=MAIL))
    assert (de.status, de.error) == ("failed", "SMS to this country is not allowed (DE).")
    assert de.failed_at is not None
    assert sk.status == "queued"


def test_sending_happens_only_after_commit(in_office_a, django_capture_on_commit_callbacks):
    email_recipient()
    with django_capture_on_commit_callbacks() as callbacks:
        notify(event="mail.new", client_id=1, context=MAIL)
    assert len(callbacks) == 1


def _office_file(office, name: str, size: int) -> str:
    folder = Path(settings.MEDIA_ROOT) / office.schema_name / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"%PDF" + b"0" * (size - 4))
    return f"tests/{name}"


def test_attachments_over_the_cap_become_a_signed_portal_link(in_office_a, office_a):
    settings_update(actor=None, attachment_max_bytes=1000)
    email_recipient(language="en")
    path = _office_file(office_a, "scan-big.pdf", 1500)
    notification = notify(
        event="mail.new",
        client_id=1,
        context=MAIL,
        attachments=[Attachment(path=path, filename="scan.pdf", content_type="application/pdf")],
    )
    assert notification.attachments_linked is True
    assert notification.attachments == [
        {"path": path, "filename": "scan.pdf", "content_type": "application/pdf", "size": 1500}
    ]
    (delivery,) = _deliveries(notification)
    assert "The files are too large to attach; download them here:\n- scan.pdf: http" in (
        delivery.body
    )
    assert "/notifications/files/" in delivery.body


def test_attachment_outside_the_office_folder_is_refused(in_office_a, office_b):
    email_recipient()
    with pytest.raises(ValueError):
        notify(
            event="mail.new",
            client_id=1,
            context=MAIL,
            attachments=[Attachment(path=f"../{office_b.schema_name}/x.pdf", filename="x")],
        )


def test_client_emails_name_the_company_and_their_panel_links_carry_it(in_office_a, office_a):
    """A person may act for several companies: each client e-mail says which one, and every
    link into the client panel names it (?client=<id>, accounts.switcher offers the switch);
    other links and the SMS stay as they are."""
    email_recipient(client_id=7, address="marek@kowalski.pl", language="pl", name="Marek")
    email_recipient(client_id=7, address="peter@kowalski.sk", language="sk", name="Peter")
    sms_recipient(client_id=7, address="+48601000007")
    scan = f"{office_a.url}/portal/mail/7/scan/?from=mail&client=99"
    notification = notify(
        event="mail.new",
        client_id=7,
        context={**MAIL, "client_name": "Kowalski Consulting", "scan_request_url": scan},
    )
    pl, sk, sms = _deliveries(notification)
    assert pl.body.startswith("Firma: Kowalski Consulting\n\nDzień dobry,\n\n")
    assert sk.body.startswith("Spoločnosť: Kowalski Consulting\n\nDobrý deň,\n\n")
    assert "Marek" not in pl.body and "Peter" not in sk.body
    assert pl.body.endswith(f"{office_a.url}/portal/?client=7")
    assert [a["url"] for a in pl.actions] == [
        f"{office_a.url}/portal/mail/7/scan/?from=mail&client=7",  # the company's, not 99
        f"{office_a.url}/portal/?client=7",
    ]
    assert "client=" not in sms.body and "Kowalski" not in sms.body
    # What is kept of the notification is as the module gave it.
    assert notification.context["scan_request_url"] == scan
    # A link outside the panel is left alone.
    other = notify(
        event="mail.new",
        client_id=7,
        context={**MAIL, "scan_request_url": f"{office_a.url}/files/abc/"},
    )
    assert _deliveries(other)[0].actions[0]["url"] == f"{office_a.url}/files/abc/"


def test_sms_names_the_company_only_to_a_number_of_several_companies_and_links_carry_it(
    in_office_a, office_a
):
    """An SMS says which company only when its number receives more than one company's
    messages here (every character counts); a panel link in it carries ?client=<id>, in
    notify() and in notify_many() alike."""
    from modules.notifications.models import MessageTemplate
    from modules.notifications.services import NotifyItem, notify_many

    sms_recipient(client_id=7, address="+48601000007")  # Kowalski's only
    sms_recipient(client_id=7, address="+48601000077", language="sk")  # also Nowak's
    sms_recipient(client_id=8, address="+48601000077", language="sk")
    notification = notify(
        event="mail.new", client_id=7, context={**MAIL, "client_name": "Kowalski Consulting"}
    )
    only, shared = _deliveries(notification)
    assert only.body == "Biuro A: nowa korespondencja, nadawca: ZUS (list polecony)."
    assert shared.body == (
        "Spoločnosť: Kowalski Consulting\nBiuro A: nová pošta, odosielateľ: ZUS (list polecony)."
    )
    assert shared.segments == 2  # counted with the line (Unicode: 67 a part)
    # A switched-off recipient of the other company does not make the number shared.
    from modules.notifications.models import NotificationRecipient

    NotificationRecipient.objects.filter(client_id=8).update(is_active=False)
    assert _deliveries(notify(event="mail.new", client_id=7, context=MAIL))[1].body == (
        "Biuro A: nová pošta, odosielateľ: ZUS (list polecony)."
    )
    NotificationRecipient.objects.filter(client_id=8).update(is_active=True)
    MessageTemplate.objects.create(
        event="mail.new",
        language="pl",
        subject="Poczta",
        body="Poczta",
        sms="Nowa poczta: {{ portal_url }}",
    )
    [items] = [
        notify_many(
            event="mail.new",
            items=[NotifyItem(client_id=8, context={**MAIL, "client_name": "Nowak"})],
        )
    ]
    assert (
        _deliveries(items[0])[0].body
        == "Spoločnosť: Nowak\nBiuro A: nová pošta, odosielateľ: ZUS (list polecony)."
    )
    kowalski = notify_many(event="mail.new", items=[NotifyItem(client_id=7, context=MAIL)])
    assert _deliveries(kowalski[0])[0].body == f"Nowa poczta: {office_a.url}/portal/?client=7"


def test_an_sms_names_the_company_when_its_person_is_a_contact_of_another_one_too(
    in_office_a,
):
    """Gap of 2026-12-07: the SMS company line counted only the companies the number was
    an SMS recipient of, so a person ticked to receive one company's notifications and
    listed (not ticked) as a contact of another got SMS without saying which company. It
    now counts every company the person is a contact of (clients.selectors.
    client_ids_by_phones, registered as notifications' number_companies rule)."""
    from modules.clients.selectors import client_ids_by_phones
    from modules.clients.services.clients import contact_person_save
    from tests.modules.clients.factories import ClientFactory

    kowalski = ClientFactory(name="Kowalski Consulting", language="pl")
    nowak = ClientFactory(name="Nowak sp. z o.o.", language="pl")
    person = {"first_name": "Jan", "last_name": "Kowalski", "phones": ["+48601000088"]}
    contact_person_save(
        client=kowalski, actor=None, data={**person, "receives_notifications": True}
    )
    own = ClientFactory(name="Lipa", language="pl")
    contact_person_save(
        client=own,
        actor=None,
        data={"last_name": "Lis", "phones": ["+48601000099"], "receives_notifications": True},
    )
    notification = notify(
        event="mail.new", client_id=kowalski.pk, context={**MAIL, "client_name": kowalski.name}
    )
    [alone] = [d for d in _deliveries(notification) if d.channel == "sms"]
    assert alone.body == "Biuro A: nowa korespondencja, nadawca: ZUS (list polecony)."
    # the same person is also Nowak's contact, not ticked to receive anything there
    contact_person_save(client=nowak, actor=None, data={**person, "receives_notifications": False})
    assert client_ids_by_phones({"+48601000088", "+48601000099", "+48600000000"}) == {
        "+48601000088": {kowalski.pk, nowak.pk},
        "+48601000099": {own.pk},
    }
    notification = notify(
        event="mail.new", client_id=kowalski.pk, context={**MAIL, "client_name": kowalski.name}
    )
    [shared] = [d for d in _deliveries(notification) if d.channel == "sms"]
    assert shared.body == (
        "Firma: Kowalski Consulting\nBiuro A: nowa korespondencja, nadawca: ZUS (list polecony)."
    )
    # Lipa's person is nobody else's contact: no company line (every character counts)
    notification = notify(
        event="mail.new", client_id=own.pk, context={**MAIL, "client_name": "Lipa"}
    )
    [lipa] = [d for d in _deliveries(notification) if d.channel == "sms"]
    assert lipa.body == "Biuro A: nowa korespondencja, nadawca: ZUS (list polecony)."
