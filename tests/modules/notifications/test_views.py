import datetime
from decimal import Decimal

from django.core import signing
from django.utils.html import escape

from accounts.models import Role, User
from common.money import money
from modules.notifications.hooks import OFFICE, event_get, event_list
from modules.notifications.models import (
    Delivery,
    MessageTemplate,
    NotificationRecipient,
    NotificationSettings,
    StaffAlert,
)
from modules.notifications.services import notify, sample_context, settings_update
from modules.notifications.services.notify import ATTACHMENT_LINK_SALT
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.notifications.factories import email_recipient

MAIL = {
    "client_name": "Zielony Las",
    "mail_sender": "ZUS",
    "mail_type": "list",
    "mail_received_at": datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC),
}
STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}


def _delivery(office) -> Delivery:
    with in_office(office):
        email_recipient()
        return Delivery.objects.get(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        )


def test_staff_pages_permission_matrix(office_a, office_b):
    delivery = _delivery(office_a)
    for url in (
        "/notifications/",
        f"/notifications/deliveries/{delivery.pk}/",
        "/notifications/clients/1/",
        "/notifications/alerts/",
        "/notifications/alerts/bell/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)


def test_admin_pages_permission_matrix(office_a, office_b):
    for url in (
        "/administration/notifications/",
        "/administration/notifications/templates/",
        "/administration/notifications/templates/mail.new/pl/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=ADMIN_PAGE)


def test_resend_permission_matrix_refused_cases_change_nothing(office_a, office_b):
    delivery = _delivery(office_a)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/notifications/deliveries/{delivery.pk}/resend/",
        expect={"anonymous": 302, "client": 403, "other_office": 403, "staff": 302},
        unchanged=lambda: not Delivery.objects.filter(resend_of__isnull=False).exists(),
    )
    with in_office(office_a):
        assert Delivery.objects.filter(resend_of=delivery).count() == 1


def test_template_save_permission_matrix(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/notifications/templates/mail.new/en/",
        data={"subject": "Post: {{ mail_sender }}", "body": "Body", "sms": "SMS"},
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403, "admin": 302},
        unchanged=lambda: not MessageTemplate.objects.exists(),
    )
    with in_office(office_a):
        assert MessageTemplate.objects.get(event="mail.new", language="en").subject == (
            "Post: {{ mail_sender }}"
        )


def test_settings_save_permission_matrix(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/notifications/",
        data={
            "office_email": "biuro@office-a.pl",
            "office_phone": "+48 600 000 000",
            "sms_sender_id": "BiuroA",
            "sms_daily_cap": "50",
            "sms_countries": "PL,SK",
            "attachment_max_mb": "10",
            "office__mail.scan_requested__inapp": "on",
        },
        expect={"anonymous": 302, "client": 403, "staff": 403, "other_office": 403, "owner": 302},
        unchanged=lambda: (
            not NotificationSettings.objects.filter(office_email="biuro@office-a.pl").exists()
        ),
    )
    with in_office(office_a):
        row = NotificationSettings.objects.get()
        assert (row.office_phone, row.sms_countries, row.sms_daily_cap) == (
            "+48600000000",
            ["PL", "SK"],
            50,
        )
        # every office event is on the form: the ones not ticked are saved as switched off
        others = [e.code for e in event_list(audience=OFFICE) if e.code != "mail.scan_requested"]
        assert row.office_channels == {
            "mail.scan_requested": ["inapp"],
            **{code: [] for code in others},
        }


def test_recipient_add_permission_matrix(office_a, office_b):
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/notifications/clients/3/",
        data={"channel": "email", "address": "Nowy@Firma.pl", "language": "sk"},
        expect={"anonymous": 302, "client": 403, "other_office": 403, "staff": 302},
        unchanged=lambda: not NotificationRecipient.objects.filter(client_id=3).exists(),
    )
    with in_office(office_a):
        row = NotificationRecipient.objects.get(client_id=3)
        assert (row.address, row.language, row.source) == ("nowy@firma.pl", "sk", "manual")
        assert "mail.new" in row.events


def test_rows_of_office_a_answer_404_to_office_b(office_a, office_b):
    delivery = _delivery(office_a)
    with in_office(office_a):
        recipient = NotificationRecipient.objects.get()
        alert = StaffAlert.objects.create(
            user=member(office_a), event="mail.scan_requested", title="A"
        )
    check_cross_office(office_a, office_b, "get", f"/notifications/deliveries/{delivery.pk}/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/notifications/deliveries/{delivery.pk}/resend/",
        unchanged=lambda: Delivery.objects.count() == 1,
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/notifications/clients/1/recipients/{recipient.pk}/",
        data={"action": "delete"},
        unchanged=lambda: NotificationRecipient.objects.filter(pk=recipient.pk).exists(),
    )
    client_b = OfficeClient(office_b, user=member(office_b, Role.STAFF))
    client_b.post(f"/notifications/alerts/{alert.pk}/read/")
    with in_office(office_a):
        assert StaffAlert.objects.get(pk=alert.pk).read_at is None


def test_delivery_list_query_count_does_not_grow_with_rows(office_a, django_assert_num_queries):
    with in_office(office_a):
        for n in range(5):
            email_recipient(client_id=10 + n, address=f"r{n}@x.pl")
            notify(event="mail.new", client_id=10 + n, context=MAIL)
    client = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    client.get("/notifications/")  # warm the session and the membership caches
    # one SET search_path (limited), then 6 queries and the page's client names
    with django_assert_num_queries(8):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.count(b'href="/notifications/deliveries/') == 5


def _english_admin(office):
    user = member(office, Role.ADMIN)
    User.objects.filter(pk=user.pk).update(language="en")
    return OfficeClient(office, user=user)


def test_broken_template_is_refused_on_save_with_the_error(office_a):
    client = _english_admin(office_a)
    response = client.post(
        "/administration/notifications/templates/mail.new/pl/",
        data={
            "subject": "{{ mail_sender }}",
            "body": "{% include 'x.html' %}",
            "sms": "{{ secret_key }}",
        },
    )
    assert response.status_code == 400
    assert "the tag “include” is not allowed" in response.content.decode()
    assert "“secret_key” is not a variable of this message." in response.content.decode()
    with in_office(office_a):
        assert not MessageTemplate.objects.exists()


def test_template_preview_renders_example_data(office_a):
    client = _english_admin(office_a)
    response = client.post(
        "/administration/notifications/templates/mail.new/en/preview/",
        data={
            "subject": "From {{ mail_sender|upper }}",
            "body": "Hi {{ recipient_name }}",
            "sms": "ąę",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "From HM REVENUE &amp; CUSTOMS" in content
    assert "Hi Mark Green" in content
    assert "2 characters, 1 part(s), special characters (shorter SMS)" in content


def test_the_slovak_template_preview_shows_the_office_and_slovak_examples(office_a):
    client = _english_admin(office_a)
    response = client.get("/administration/notifications/templates/mail.new/sk/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nová pošta – odosielateľ: Daňový úrad Bratislava" in content
    assert "Druh: doporučený list" in content
    assert "Spoločnosť: Zelený les s.r.o." in content  # the company line, named once
    assert content.count("Zelený les s.r.o.") == 1
    cost = money(Decimal("2.50"), office_a.currency, language="sk")
    assert f"Dodatočný poplatok: {escape(cost)}" in content
    assert escape(office_a.name) in content
    assert f"{office_a.url}/portal/" in content
    for polish in ("Urząd Skarbowy", "list polecony", "Zielony Las", "Biuro Wirtualne Demo"):
        assert polish not in content
    assert "demo.vireo.example" not in content


def test_edited_template_is_used_by_notify_and_reset_brings_back_the_default(office_a):
    client = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    client.post(
        "/administration/notifications/templates/mail.new/pl/",
        data={"subject": "Poczta: {{ mail_sender }}", "body": "Treść", "sms": "SMS"},
    )
    with in_office(office_a):
        email_recipient()
        first = Delivery.objects.get(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        )
    client.post("/administration/notifications/templates/mail.new/pl/reset/")
    with in_office(office_a):
        second = Delivery.objects.get(
            notification=notify(event="mail.new", client_id=1, context=MAIL)
        )
    # The office's own text, after the line naming the company (every client e-mail).
    assert (first.subject, first.body) == ("Poczta: ZUS", "Firma: Zielony Las\n\nTreść")
    assert second.subject == "Nowa korespondencja – nadawca: ZUS"


def test_a_template_saved_unchanged_stays_the_default_and_a_change_records_what_changed(
    office_a,
):
    # Opening the editor and pressing Save made an own copy of the default: later
    # improvements of the default would no longer reach the office.
    from modules.audit.models import AuditEntry
    from tests.helpers.html import form_data

    client = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    url = "/administration/notifications/templates/mail.new/pl/"
    sent = form_data(client.get(url).content.decode(), id="template-form")
    sent = {**sent, "body": sent["body"].replace("\n", "\r\n")}  # as a browser sends it
    assert client.post(url, sent).status_code == 302
    with in_office(office_a):
        assert not MessageTemplate.objects.exists()
        assert not AuditEntry.objects.filter(action="notifications.template_saved").exists()
    assert client.post(url, {**sent, "sms": "Nowa poczta: {{ mail_sender }}"}).status_code == 302
    assert client.post(url, {**sent, "sms": "Nowa poczta: {{ mail_sender }}"}).status_code == 302
    with in_office(office_a):
        row = MessageTemplate.objects.get()
        [entry] = AuditEntry.objects.filter(action="notifications.template_saved")
    assert row.sms == "Nowa poczta: {{ mail_sender }}" and "\r" not in row.body
    assert list(entry.changes) == ["sms"]


def test_bell_shows_the_unread_count_and_mark_as_read(office_a):
    user = member(office_a, Role.STAFF)
    other = member(office_a, Role.STAFF)
    with in_office(office_a):
        mine = [StaffAlert.objects.create(user=user, event="e", title=f"A{n}") for n in range(3)]
        StaffAlert.objects.create(user=other, event="e", title="theirs")
    client = OfficeClient(office_a, user=user)
    response = client.get("/notifications/alerts/bell/?part=count")
    assert 'data-unread="3"' in response.content.decode()
    client.post(f"/notifications/alerts/{mine[0].pk}/read/", HTTP_HX_REQUEST="true")
    assert (
        'data-unread="2"' in client.get("/notifications/alerts/bell/?part=count").content.decode()
    )
    client.post("/notifications/alerts/read-all/")
    assert (
        'data-unread="0"' in client.get("/notifications/alerts/bell/?part=count").content.decode()
    )
    with in_office(office_a):
        assert StaffAlert.objects.filter(user=other, read_at__isnull=True).count() == 1


def test_bell_is_in_the_staff_layout_and_polls(office_a):
    response = OfficeClient(office_a, user=member(office_a, Role.STAFF)).get("/notifications/")
    content = response.content.decode()
    assert 'data-testid="alert-bell"' in content
    assert 'hx-trigger="load, every 20s, alertsChanged from:body"' in content


def test_attachment_link_opens_for_staff_and_the_right_client_only(office_a, settings):
    from pathlib import Path

    from modules.notifications.services import Attachment

    folder = Path(settings.MEDIA_ROOT) / office_a.schema_name / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "big.pdf").write_bytes(b"%PDF" + b"1" * 2000)
    with in_office(office_a):
        settings_update(actor=None, attachment_max_bytes=100)
        notification = notify(
            event="mail.new",
            client_id=1,
            context=MAIL,
            attachments=[Attachment(path="tests/big.pdf", filename="big.pdf")],
        )
    token = signing.dumps({"n": notification.pk, "i": 0}, salt=ATTACHMENT_LINK_SALT)
    url = f"/notifications/files/{token}/"
    assert OfficeClient(office_a, user=member(office_a, Role.STAFF)).get(url).status_code == 200
    own = member(office_a, Role.CLIENT, client_id=1)
    response = OfficeClient(office_a, user=own).get(url)
    assert (response.status_code, b"".join(response.streaming_content)[:4]) == (200, b"%PDF")
    other = member(office_a, Role.CLIENT, client_id=2)
    assert OfficeClient(office_a, user=other).get(url).status_code == 404
    assert OfficeClient(office_a, user=own).get(url[:-3] + "x/").status_code == 404
    assert OfficeClient(office_a).get(url).status_code == 302


def test_caught_mail_page_exists_only_in_debug(office_a, settings):
    client = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert client.get("/notifications/dev/mail/").status_code == 404
    settings.DEBUG = True
    assert client.get("/notifications/dev/mail/").status_code == 200


def test_an_opened_alert_leads_only_to_this_hosts_pages(office_a):
    user = member(office_a, Role.STAFF)
    with in_office(office_a):
        alerts = [StaffAlert.objects.create(user=user, event="e", title=f"A{n}") for n in range(3)]
    client = OfficeClient(office_a, user=user)
    for alert, target, expected in (
        (alerts[0], "/mail/12/", "/mail/12/"),
        (alerts[1], "/\\evil.com", "/notifications/alerts/"),
        (alerts[2], "https://evil.com/", "/notifications/alerts/"),
    ):
        response = client.post(f"/notifications/alerts/{alert.pk}/read/", {"next": target})
        assert (response.status_code, response["Location"]) == (302, expected), target


def test_every_events_preview_has_examples_in_each_language_and_the_offices_links(office_a):
    with in_office(office_a):
        for event in event_list():
            for language in ("pl", "sk", "en"):
                values = sample_context(event=event, language=language, office=office_a)
                assert values["office_name"] == office_a.name
                for name, value in values.items():
                    assert "demo.vireo.example" not in str(value), (event.code, name)
        # The office's own e-mails link to staff pages, the clients' to the panel.
        for event in event_list():
            values = sample_context(event=event, language="pl", office=office_a)
            for name, value in values.items():
                # (a signed link for the client's answer opens outside the panel)
                if name.endswith("_url") and name not in ("office_url", "portal_url"):
                    if "/link/" in str(value):
                        continue
                    in_panel = "/portal/" in str(value)
                    assert in_panel == (event.audience == "client"), (event.code, name, value)
        hd = sample_context(event=event_get("helpdesk.quote_sent"), language="sk", office=office_a)
        assert hd["request_subject"] == "Preposielanie pošty do zahraničia"
        assert hd["quote_total"] == money(Decimal("123"), office_a.currency, language="sk")


def test_the_preview_opens_a_client_e_mail_with_its_company_line_as_the_real_one(office_a):
    """The real client e-mail starts with "Company: ..." (notify's _company_first); the
    editor's preview shows it the same way, with the sample company. Office events have none."""
    client = _english_admin(office_a)
    data = {"subject": "Mail", "body": "Hi {{ recipient_name }}", "sms": "New mail"}
    content = client.post(
        "/administration/notifications/templates/mail.new/en/preview/", data=data
    ).content.decode()
    assert "<p>Company: Greenwood Ltd</p>\n\n<p>Hi Mark Green</p>" in content
    assert ">New mail\n" in content  # the SMS as written: no line to a single company's number
    polish = client.get("/administration/notifications/templates/mail.new/pl/").content.decode()
    assert "<p>Firma: Zielony Las sp. z o.o.</p>\n\n<p>Dzień dobry,</p>" in polish
    office = client.post(
        "/administration/notifications/templates/scanrequests.overdue/en/preview/", data=data
    ).content.decode()
    assert "Company:" not in office and "<p>Hi " in office
