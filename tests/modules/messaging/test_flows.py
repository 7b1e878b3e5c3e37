import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.exceptions import ApplicationError
from common.storage import office_read, office_save
from modules.messaging import selectors
from modules.messaging.models import Announcement, Attachment, Conversation, Message
from modules.messaging.services import (
    StoredFile,
    announcement_send,
    conversation_read,
    message_send,
)
from modules.notifications.models import Delivery, Notification, StaffAlert
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import BROKEN_PDF, pdf_bytes
from tests.modules.messaging.factories import client_user, staff_user
from tests.modules.notifications.factories import email_recipient

EVENTS = ["message.new"]


def _counts(office, conversation_id):
    with in_office(office):
        row = Conversation.objects.get(pk=conversation_id)
        return row.staff_unread, row.client_unread


def test_conversation_both_ways_with_unread_counts_receipts_and_notifications(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        email_recipient(client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS)
    user = client_user(office_a, client)
    panel = OfficeClient(office_a, user=user)
    office = OfficeClient(office_a, user=staff)

    response = panel.post(
        "/portal/messages/new/",
        {"subject": "Change of address", "body": "We moved to Kraków, secret code 4711."},
    )
    with in_office(office_a):
        conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/messages/{conversation.pk}/"
    assert (conversation.client_id, conversation.started_by_client) == (client.pk, True)
    assert _counts(office_a, conversation.pk) == (1, 0)
    assert office.get("/navigation/counts/").json()["messaging.unread"] == 1
    with in_office(office_a):
        alert = StaffAlert.objects.get(event="message.from_client", user_id=staff.pk)
        assert alert.title == "Zielony Las: Change of address"
        assert alert.link == f"{office_a.url}/messages/{conversation.pk}/"
        assert alert.subject == f"messaging.conversation:{conversation.pk}"
        assert alert.read_at is None
        assert not Delivery.objects.filter(address="anna@las.pl").exists()

    page = office.get(f"/messages/{conversation.pk}/")
    assert page.status_code == 200
    assert "We moved to Kraków" in page.content.decode()
    assert _counts(office_a, conversation.pk) == (0, 0)
    with in_office(office_a):
        assert Message.objects.get().read_at is not None
        alert.refresh_from_db()
        assert alert.read_at is not None  # the office read the conversation: its alert too
    assert office.get("/navigation/counts/").json()["messaging.unread"] == 0

    response = office.post(
        f"/messages/{conversation.pk}/reply/",
        {"body": "Thank you, the new address is noted.", "attachments": [_pdf("receipt.pdf")]},
    )
    assert response.status_code == 302
    assert _counts(office_a, conversation.pk) == (0, 1)
    assert panel.get("/navigation/counts/").json() == {"messaging.client_unread": 1}
    with in_office(office_a):
        delivery = Delivery.objects.get(address="anna@las.pl")
        assert delivery.subject == "New message from Biuro A"
        assert f"{office_a.url}/portal/messages/{conversation.pk}/" in delivery.body
        assert "new address is noted" not in delivery.body
        assert "Change of address" not in delivery.body + delivery.subject
        assert not delivery.notification.attachments
        reply = Message.objects.get(from_client=False)
        assert reply.read_at is None

    page = panel.get(f"/portal/messages/{conversation.pk}/").content.decode()
    assert "new address is noted" in page and "receipt.pdf" in page
    assert _counts(office_a, conversation.pk) == (0, 0)
    with in_office(office_a):
        assert Message.objects.get(pk=reply.pk).read_at is not None
    staff_page = office.get(f"/messages/{conversation.pk}/").content.decode()
    assert staff_page.count('data-testid="receipt"') == 1
    assert "Read " in staff_page


def _pdf(name="file.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_internal_note_is_for_staff_only_and_tells_nobody(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory()
        email_recipient(client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS)
        conversation = message_send(
            actor=staff, client=client, subject="Invoice", body="See attached"
        ).conversation
        Notification.objects.all().delete()
    response = OfficeClient(office_a, user=staff).post(
        f"/messages/{conversation.pk}/reply/",
        {"body": "Client is late with payments", "internal": "on"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        note = Message.objects.get(internal=True)
        assert note.body == "Client is late with payments"
        assert not Notification.objects.exists()
        row = Conversation.objects.get(pk=conversation.pk)
        assert (row.client_unread, row.last_excerpt) == (1, "See attached")
    page = OfficeClient(office_a, user=client_user(office_a, client)).get(
        f"/portal/messages/{conversation.pk}/"
    )
    assert "late with payments" not in page.content.decode()
    with in_office(office_a), pytest.raises(ApplicationError):
        message_send(
            actor=staff, conversation=conversation, body="x", internal=True, from_client=True
        )


def test_announcement_to_a_package_s_clients_arrives_as_separate_conversations(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        package = biznes()
        day = dt.date(2026, 3, 1)
        on_it = [on_package(package, ClientFactory(name=f"On {n}")) for n in range(3)]
        other = biznes(name="Start")
        elsewhere = on_package(other, ClientFactory(name="Elsewhere"))
        moved = on_package(package, ClientFactory(name="Moved"))
        on_package(other, moved, starts_on=dt.date(2026, 2, 1))
        for n, client in enumerate(on_it):
            email_recipient(client_id=client.pk, address=f"c{n}@x.pl", language="en", events=EVENTS)
        stored = office_save("documents/price-list.pdf", pdf_bytes())
        announcement = announcement_send(
            actor=staff,
            subject="New prices from April",
            body="Please read the attached price list.",
            audience=Announcement.Audience.PACKAGE,
            package=package,
            attachments=[StoredFile(name=stored, original_name="Cennik.pdf")],
            day=day,
        )
        rows = list(Conversation.objects.order_by("client_id"))
        assert announcement.recipients == 3
        assert [r.client_id for r in rows] == [c.pk for c in on_it]
        assert {(r.subject, r.client_unread, r.announcement_id) for r in rows} == {
            ("New prices from April", 1, announcement.pk)
        }
        assert Message.objects.filter(conversation__in=rows).count() == 3
        files = list(Attachment.objects.all())
        assert len(files) == 3 and len({f.name for f in files}) == 1
        assert files[0].name.startswith("messaging/") and files[0].original_name == "Cennik.pdf"
        assert office_read(files[0].name) == office_read(stored)
        assert sorted(Delivery.objects.values_list("address", flat=True)) == [
            "c0@x.pl",
            "c1@x.pl",
            "c2@x.pl",
        ]
        assert not Conversation.objects.filter(client__in=[elsewhere, moved]).exists()


def test_announcement_to_all_and_to_a_selection(office_a, django_assert_max_num_queries):
    staff = staff_user(office_a)
    with in_office(office_a):
        clients = [ClientFactory() for _ in range(5)]
        ClientFactory(status="ended")
        with django_assert_max_num_queries(20):
            everyone = announcement_send(
                actor=staff, subject="Closed on Monday", body="Holiday.", audience="all"
            )
        assert everyone.recipients == 5
        chosen = announcement_send(
            actor=staff,
            subject="Your parcel",
            body="Please collect.",
            audience="selection",
            client_ids=[clients[0].pk, clients[2].pk],
        )
        assert sorted(chosen.conversations.values_list("client_id", flat=True)) == [
            clients[0].pk,
            clients[2].pk,
        ]
        with pytest.raises(ApplicationError) as refused:
            announcement_send(actor=staff, subject="x", body="y", audience="selection")
        assert refused.value.code == "no_clients"


def test_attachments_are_checked_by_content_size_and_number(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        conversation = message_send(
            actor=staff, client=ClientFactory(), subject="Files", body="x"
        ).conversation
    web = OfficeClient(office_a, user=staff)
    fake = SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = web.post(f"/messages/{conversation.pk}/reply/", {"body": "a", "attachments": [fake]})
    assert response.status_code == 400
    assert (
        "invoice.pdf: The file&#x27;s content is not in the PDF format"
        " (it does not match its name)." in response.content.decode()
    )
    # A PDF that does not open (the audit's 193 bytes) is refused as damaged.
    broken = SimpleUploadedFile("umowa.pdf", BROKEN_PDF, content_type="application/pdf")
    response = web.post(
        f"/messages/{conversation.pk}/reply/", {"body": "a", "attachments": [broken]}
    )
    assert response.status_code == 400
    assert "umowa.pdf: The file is damaged and cannot be opened." in response.content.decode()
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (20 << 20), content_type="application/pdf"
    )
    response = web.post(f"/messages/{conversation.pk}/reply/", {"body": "a", "attachments": [big]})
    assert response.status_code == 400
    assert "big.pdf:" in response.content.decode()
    many = [_pdf(f"f{n}.pdf") for n in range(11)]
    response = web.post(f"/messages/{conversation.pk}/reply/", {"body": "a", "attachments": many})
    assert response.status_code == 400
    assert "At most 10 files can be attached to one message." in response.content.decode()
    with in_office(office_a):
        assert Message.objects.filter(conversation=conversation).count() == 1
        assert not Attachment.objects.exists()


def test_message_send_for_other_modules_starts_a_conversation_with_a_stored_file(office_a):
    staff = staff_user(office_a)
    with in_office(office_a):
        client = ClientFactory()
        stored = office_save("documents/agreement-7.pdf", pdf_bytes(pages=3))
        message = message_send(
            actor=staff,
            client=client,
            subject="Your agreement",
            body="",
            attachments=[StoredFile(name=stored, original_name="Umowa 7.pdf")],
        )
        row = Conversation.objects.get(pk=message.conversation_id)
        assert (row.subject, row.last_excerpt, row.client_unread) == (
            "Your agreement",
            "Umowa 7.pdf",
            1,
        )
        file = message.attachments.get()
        assert file.size == len(office_read(stored)) and file.name != stored


def test_reading_twice_writes_nothing_the_second_time(office_a):
    with in_office(office_a):
        client = ClientFactory()
        conversation = message_send(
            actor=None, client=client, subject="Hi", body="Hello", from_client=True
        ).conversation
        conversation = Conversation.objects.get(pk=conversation.pk)
        assert conversation_read(conversation=conversation, by_client=False) == 1
        assert conversation_read(conversation=conversation, by_client=False) == 0
        assert selectors.unread_office_count() == 0


def test_the_template_editors_preview_gives_message_samples_in_the_templates_language(office_b):
    from modules.notifications.hooks import event_get
    from modules.notifications.services import sample_context

    with in_office(office_b):
        event = event_get("message.from_client")
        slovak = sample_context(event=event, language="sk", office=office_b)
        polish = sample_context(event=event, language="pl", office=office_b)
        new = sample_context(event=event_get("message.new"), language="sk", office=office_b)
    assert (slovak["conversation_subject"], slovak["sender_name"]) == (
        "Zmena adresy na doručovanie",
        "Marek Zelený",
    )
    assert slovak["client_name"] == "Zelený les s.r.o."
    assert slovak["office_name"] == office_b.name
    assert polish["conversation_subject"] == "Zmiana adresu do doręczeń"
    assert slovak["conversation_url"] == office_b.url + "/messages/42/"
    assert new["conversation_url"] == office_b.url + "/portal/messages/42/"


def test_every_message_e_mail_names_the_company_it_is_for(office_a):
    # The audit: an announcement's e-mail read "nowa wiadomość dla . Ze względów…".
    staff = staff_user(office_a)
    with in_office(office_a):
        las = ClientFactory(name="Zielony Las")
        biuro = ClientFactory(name="Biuro Rachunkowe Alfa")
        email_recipient(client_id=las.pk, address="anna@las.pl", language="pl", events=EVENTS)
        email_recipient(client_id=biuro.pk, address="jan@alfa.pl", language="en", events=EVENTS)
        announcement_send(
            actor=staff,
            subject="Closed on Monday",
            body="Holiday.",
            audience="selection",
            client_ids=[las.pk, biuro.pk],
        )
        message_send(actor=staff, client=las, subject="Umowa", body="Proszę o podpis.")
        bodies = list(Delivery.objects.order_by("pk").values_list("address", "body"))
    assert [address for address, _body in bodies] == ["anna@las.pl", "jan@alfa.pl", "anna@las.pl"]
    # The company line names it, once (the text said it again: "(klient: Zielony Las)").
    assert bodies[0][1].startswith(
        "Firma: Zielony Las\n\nDzień dobry,\n\nw panelu klienta czeka na Ciebie nowa "
        "wiadomość. Ze względów"
    )
    assert bodies[1][1].startswith(
        "Company: Biuro Rachunkowe Alfa\n\nHello,\n\na new message is waiting for you"
    )
    assert bodies[2][1].startswith("Firma: Zielony Las\n\nDzień dobry,")
    assert [body.count(name) for (_a, body), name in zip(bodies, NAMES, strict=True)] == [1, 1, 1]
    assert all(" dla . " not in body and " for  is " not in body for _a, body in bodies)


NAMES = ["Zielony Las", "Biuro Rachunkowe Alfa", "Zielony Las"]


def test_saved_new_message_texts_still_the_old_default_drop_the_second_company_name(
    in_office_a,
):
    import importlib

    from django.apps import apps

    from modules.notifications.hooks import event_get
    from modules.notifications.models import MessageTemplate

    migration = importlib.import_module(
        "modules.messaging.migrations.0002_message_new_company_once"
    )
    old_pl = migration.CHANGES["pl"][0]
    old_en = migration.CHANGES["en"][0]
    saved = MessageTemplate.objects.create(
        event="message.new", language="pl", subject="S", body=old_pl, sms="X"
    )
    own = MessageTemplate.objects.create(
        event="message.new", language="en", subject="S", body=old_en + " Thanks!", sms="X"
    )
    migration.mend(apps, None)
    saved.refresh_from_db()
    own.refresh_from_db()
    assert saved.body == event_get("message.new").defaults["pl"].body
    assert own.body == old_en + " Thanks!"
