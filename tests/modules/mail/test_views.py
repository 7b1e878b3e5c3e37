import datetime as dt
import re

from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from modules.mail.models import InboxScan, MailItem, MailScan
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, pdf_bytes, status, upload

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}


def _item(office, **kwargs) -> MailItem:
    with in_office(office):
        client = ClientFactory()
        return item_register(client=client, **kwargs)


def test_staff_pages_permission_matrix(office_a, office_b):
    with in_office(office_a):
        # The matrix's client user acts for client id 1 (tests.helpers.offices.member): the
        # item must belong to another company, also when this test runs first on a new base.
        client = ClientFactory()
        if client.pk == 1:
            client = ClientFactory()
        item = item_register(client=client, scans=["a.pdf"])
        scan = item.scans.get()
    for url in (
        "/mail/",
        "/mail/register/",
        f"/mail/{item.pk}/",
        "/mail/inbox/",
        "/mail/lookup/clients/?q=Firma",
        "/mail/lookup/correspondents/?sender=U",
        "/mail/export/",
    ):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/mail/scans/{scan.pk}/thumbnail/",
        expect={**STAFF_PAGE, "client": 404},
    )
    check_permission_matrix(office_a, office_b, "get", "/administration/mail/", expect=ADMIN_PAGE)


def test_register_permission_matrix_refused_cases_change_nothing(office_a, office_b):
    with in_office(office_a):
        client = ClientFactory()
        mail_type = letter()
    data = {
        "direction": "in",
        "client": client.pk,
        "client_query": client.code,
        "sender": "ZUS",
        "mail_type": mail_type.pk,
        "received_at": "2026-03-02T09:30",
        "pieces": 1,
        "notify_choice": "none",
        "next": "register",
    }
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/mail/register/",
        data=data,
        expect={"anonymous": 302, "client": 403, "other_office": 403, "staff": 302},
        unchanged=lambda: MailItem.objects.filter(client=client).count() <= 1,
    )
    with in_office(office_a):
        assert MailItem.objects.filter(client=client).count() == 1


def test_edit_and_bulk_permission_matrix(office_a, office_b):
    item = _item(office_a)
    with in_office(office_a):
        scanned = status("scanned").pk
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/mail/bulk-status/",
        data={"items": [item.pk], "status": scanned},
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: MailItem.objects.get(pk=item.pk).status.code == "to_pick_up",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/mail/{item.pk}/",
        data={"pieces": 5},
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: MailItem.objects.get(pk=item.pk).pieces == 1,
    )


def test_items_and_scans_of_another_office_answer_404(office_a, office_b):
    item = _item(office_a, scans=["a.pdf"])
    with in_office(office_a):
        scan = item.scans.get()
        scanned = status("scanned").pk
    for url in (
        f"/mail/{item.pk}/",
        f"/mail/scans/{scan.pk}/",
        f"/mail/scans/{scan.pk}/thumbnail/",
        f"/api/v1/mail/{item.pk}/",
        f"/api/v1/mail/scans/{scan.pk}/download/",
    ):
        check_cross_office(office_a, office_b, "get", url)
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/mail/{item.pk}/",
        data={"pieces": 9},
        unchanged=lambda: MailItem.objects.get(pk=item.pk).pieces == 1,
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/mail/scans/{scan.pk}/delete/",
        unchanged=lambda: MailScan.objects.filter(pk=scan.pk).exists(),
    )
    client_b = OfficeClient(office_b, user=member(office_b, Role.ADMIN))
    client_b.post("/mail/bulk-status/", {"items": [item.pk], "status": scanned})
    with in_office(office_a):
        assert MailItem.objects.get(pk=item.pk).status.code == "to_pick_up"


def test_archive_query_count_does_not_grow_with_rows(office_a, client_a, django_assert_num_queries):
    with in_office(office_a):
        client = ClientFactory()
        for _ in range(3):
            item_register(client=client)
    client_a.get("/mail/")  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        response = client_a.get("/mail/", {"status": "", "direction": "in"})
    assert response.status_code == 200
    with in_office(office_a):
        for _ in range(60):
            item_register(client=client)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client_a.get("/mail/", {"direction": "in"})
    assert response.content.count(b'data-testid="mail-row"') == 50
    assert b'data-testid="mail-next"' in response.content


def test_archive_rows_show_every_column_and_escape_what_was_typed(office_a, client_a):
    received = dt.datetime(2026, 3, 2, 0, 0, tzinfo=dt.UTC)  # 01:00 in Warsaw
    with in_office(office_a):
        client = ClientFactory(name='Firma <b>"Zła"</b> & syn', code="K<1>")
        item = item_register(
            client=client,
            sender="<script>alert(1)</script>",
            tracking_number="RR<1>",
            received_at=received,
            pieces=3,
            scans=["a.pdf", "b.pdf"],
        )
        out = item_register(client=client, direction="out", sender="", recipient="Bank & Co")
    page = client_a.get("/mail/").content.decode()

    def row(mail_item) -> str:
        start = page.index(f'<tr data-testid="mail-row" data-number="{mail_item.number}"')
        return page[start : page.index("</tr>", start)]

    incoming, outgoing = row(item), row(out)
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in incoming
    assert "Firma &lt;b&gt;&quot;Zła&quot;&lt;/b&gt; &amp; syn" in incoming
    assert '<code class="small">K&lt;1&gt;</code>' in incoming
    assert '<div class="small text-body-secondary">RR&lt;1&gt;</div>' in incoming
    assert f'<a href="/mail/{item.pk}/"><code>{item.number}</code></a>' in incoming
    assert f'value="{item.pk}"' in incoming
    assert '<td class="text-end" data-label="Pieces">3</td>' in incoming
    assert "bi-arrow-down-left" in incoming and "bi-arrow-up-right" in outgoing
    assert 'title="Scans"></i>2' in incoming and "bi-paperclip" not in outgoing
    assert "Bank &amp; Co" in outgoing
    with in_office(office_a):
        to_pick_up, letter_label = status("to_pick_up"), letter().label
    assert f"background-color: {to_pick_up.colour}" in incoming
    assert f">{to_pick_up.label}</span>" in incoming
    assert f'<td class="small" data-label="Type">{letter_label}</td>' in incoming
    assert "02/03/2026 01:00" in incoming  # English short format (day first), the office's zone


def test_archive_tabs_filters_and_search(office_a, client_a):
    with in_office(office_a):
        one, two = ClientFactory(), ClientFactory()
        a = item_register(client=one, sender="Sąd Okręgowy", tracking_number="RR999")
        b = item_register(client=two, sender="ZUS", direction="in")
        c = item_register(client=one, direction="out", sender="", recipient="Bank Pekao")
        picked = status("picked_up")
        from modules.mail.services import mail_update

        mail_update(item=b, actor=None, data={"status": picked})

    def numbers(**params):
        response = client_a.get("/mail/", params)
        assert response.status_code == 200
        rows = response.content.decode()
        return {i.number for i in (a, b, c) if f'data-number="{i.number}"' in rows}

    assert numbers(q="sad okregowy") == {a.number}
    assert numbers(q="rr999") == {a.number}
    assert numbers(client=one.pk) == {a.number, c.number}
    assert numbers(client=one.pk, direction="out") == {c.number}
    assert numbers(status=picked.pk, client=two.pk) == {b.number}
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert numbers(client=one.pk, date_from=tomorrow) == set()


def test_register_and_next_keeps_choices_and_lists_the_sitting(office_a, client_a):
    with in_office(office_a):
        one, two = ClientFactory(), ClientFactory()
        parcel = status("to_pick_up")
        from modules.mail.models import MailType

        parcel_type = MailType.objects.get(code="parcel")
    base = {
        "direction": "in",
        "sender": "DHL",
        "mail_type": parcel_type.pk,
        "received_at": "2026-03-02T09:30",
        "pieces": 2,
        "notify_choice": "none",
        "next": "register",
        "status": parcel.pk,
    }
    r1 = client_a.post("/mail/register/", {**base, "client_query": one.code})
    assert r1.status_code == 302 and r1["Location"] == "/mail/register/?next=1"
    r2 = client_a.post(
        "/mail/register/",
        {**base, "client": two.pk, "client_query": "x", "scans": upload("skan.pdf")},
    )
    assert r2.status_code == 302
    page = client_a.get("/mail/register/?next=1").content.decode()
    with in_office(office_a):
        items = list(MailItem.objects.filter(client__in=[one, two]).order_by("pk"))
        assert [i.client_id for i in items] == [one.pk, two.pk]
        assert [i.scan_count for i in items] == [0, 1]
        assert items[1].scans.get().original_name == "skan.pdf"
    assert items[0].number in page and items[1].number in page
    assert f'<option value="{parcel_type.pk}" selected' in page


def test_register_refuses_a_bad_file_and_saves_nothing(office_a, client_a):
    with in_office(office_a):
        client = ClientFactory()
        mail_type = letter()
    response = client_a.post(
        "/mail/register/",
        {
            "direction": "in",
            "client": client.pk,
            "client_query": client.code,
            "sender": "ZUS",
            "mail_type": mail_type.pk,
            "received_at": "2026-03-02T09:30",
            "pieces": 1,
            "notify_choice": "email_scan",
            "scans": upload("skan.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    # Audit: a file named .pdf that is no PDF was told "only PDF, JPEG and PNG files are
    # accepted", which its name contradicts; it is told what is wrong with it.
    assert (
        "skan.pdf: The file&#x27;s content is not in the PDF format (it does not match its "
        "name)." in html
    )
    assert "Only PDF, JPEG and PNG files are accepted." not in html
    # Also at the top of the form, before the fields: seen without scrolling.
    summary = html.index('data-testid="form-errors-summary"')
    assert summary < html.index('name="direction"')
    assert 'href="#id_scans">Scans (PDF, JPEG, PNG)</a>: skan.pdf:' in html[summary:]
    with in_office(office_a):
        assert not MailItem.objects.filter(client=client).exists()


def test_register_keeps_the_scans_across_a_reshown_form(office_a, client_a):
    with in_office(office_a):
        client = ClientFactory()
        data = {"client": client.pk, "client_query": client.code, "mail_type": letter().pk}
    data.update(direction="in", sender="", received_at="2026-03-02T09:30", pieces=1)
    data["notify_choice"] = "none"
    response = client_a.post("/mail/register/", {**data, "scans": upload("skan.pdf")})
    assert response.status_code == 400  # no sender: the form comes back, the scan kept
    [kept] = response.context["kept_scans"]
    html = response.content.decode()
    assert 'data-testid="kept-uploads"' in html and "skan.pdf" in html
    assert f'value="{kept.token}" checked' in html
    response = client_a.post("/mail/register/", {**data, "sender": "ZUS", "kept_scans": kept.token})
    assert response.status_code == 302
    with in_office(office_a):
        item = MailItem.objects.get(client=client)
        assert [s.original_name for s in item.scans.all()] == ["skan.pdf"]
        assert item.scan_count == 1
        # The kept scan left the staging folder (other tests may have left theirs there:
        # abandoned forms' files wait for staging_sweep).
        assert kept.name.rsplit("/", 1)[-1] not in _staged(office_a)


def _staged(office) -> list[str]:
    folder = f"{office.schema_name}/staging"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_missing_attachment_alert_on_screen_then_send_without(office_a, client_a):
    with in_office(office_a):
        client = ClientFactory()
        mail_type = letter()
    data = {
        "direction": "in",
        "client": client.pk,
        "client_query": client.code,
        "sender": "ZUS",
        "mail_type": mail_type.pk,
        "received_at": "2026-03-02T09:30",
        "pieces": 1,
        "notify_choice": "email_scan",
        "next": "register",
    }
    response = client_a.post("/mail/register/", data)
    assert response.status_code == 400
    assert b'data-testid="missing-attachment-alert"' in response.content
    with in_office(office_a):
        assert not MailItem.objects.filter(client=client).exists()
    response = client_a.post("/mail/register/", {**data, "confirm_missing_scan": "on"})
    assert response.status_code == 302
    with in_office(office_a):
        assert MailItem.objects.get(client=client).notify_choice == "email_scan"


def test_leaving_picked_up_on_screen_asks_first(office_a, client_a):
    item = _item(office_a)
    with in_office(office_a):
        picked, waiting = status("picked_up"), status("to_pick_up")
    form = {
        "direction": "in",
        "client": item.client_id,
        "client_query": "x",
        "sender": item.sender,
        "mail_type": item.mail_type_id,
        "received_at": "2026-03-02T09:30",
        "pieces": 1,
        "status": picked.pk,
    }
    assert client_a.post(f"/mail/{item.pk}/", form).status_code == 302
    response = client_a.post(f"/mail/{item.pk}/", {**form, "status": waiting.pk})
    assert response.status_code == 400
    assert b'data-testid="confirm-leave-final"' in response.content
    with in_office(office_a):
        assert MailItem.objects.get(pk=item.pk).status_id == picked.pk
    response = client_a.post(
        f"/mail/{item.pk}/", {**form, "status": waiting.pk, "confirm_leave_final": "on"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert MailItem.objects.get(pk=item.pk).status_id == waiting.pk
    history = client_a.get(f"/mail/{item.pk}/").content.decode()
    assert "Item details changed" in history and "Status" in history


def test_bulk_change_away_from_picked_up_asks_first(office_a, client_a):
    item = _item(office_a)
    with in_office(office_a):
        from modules.mail.services import mail_update

        mail_update(item=item, actor=None, data={"status": status("picked_up")})
        scanned = status("scanned")
    response = client_a.post("/mail/bulk-status/", {"items": [item.pk], "status": scanned.pk})
    assert response.status_code == 409
    assert item.number in response.content.decode()
    response = client_a.post(
        "/mail/bulk-status/",
        {"items": [item.pk], "status": scanned.pk, "confirm_leave_final": "on"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert MailItem.objects.get(pk=item.pk).status_id == scanned.pk


def test_bulk_change_returns_only_to_this_hosts_pages(office_a, client_a):
    item = _item(office_a)
    with in_office(office_a):
        scanned = status("scanned").pk
    for back, expected in (
        ("/mail/?status=2", "/mail/?status=2"),
        ("//evil.com/mail/", "/mail/"),
        ("/\\evil.com", "/mail/"),
        ("https://evil.com/", "/mail/"),
    ):
        response = client_a.post(
            "/mail/bulk-status/", {"items": [item.pk], "status": scanned, "back": back}
        )
        assert (response.status_code, response["Location"]) == (302, expected), back


def test_scan_download_is_the_file_and_upload_checks_content(office_a, client_a):
    item = _item(office_a, scans=["a.pdf"])
    with in_office(office_a):
        scan = item.scans.get()
    response = client_a.get(f"/mail/scans/{scan.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    response = client_a.post(
        f"/mail/{item.pk}/scans/", {"scans": [upload("b.png", pdf_bytes()), upload("c.pdf", b"")]}
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert item.scans.count() == 1  # one bad file: nothing added
    client_a.post(f"/mail/{item.pk}/scans/", {"scans": [upload("b.png", pdf_bytes())]})
    with in_office(office_a):
        assert item.scans.count() == 2
        assert MailItem.objects.get(pk=item.pk).scan_count == 2


def test_no_url_serves_office_files_by_path(office_a, client_a):
    item = _item(office_a, scans=["a.pdf"])
    with in_office(office_a):
        path = item.scans.get().path
    for url in (f"/media/{office_a.schema_name}/{path}", f"/{path}", f"/mail/scans/../../{path}"):
        assert client_a.get(url).status_code == 404


def test_inbox_attach_in_two_clicks(office_a, client_a):
    item = _item(office_a)
    with in_office(office_a):
        from common.storage import office_save

        relative = office_save("mail/inbox/test/unassigned.pdf", pdf_bytes())
        inbox = InboxScan.objects.create(
            state="unassigned", path=relative, original_name="scan0001.pdf"
        )
    page = client_a.get("/mail/inbox/").content.decode()
    assert "scan0001.pdf" in page
    response = client_a.post(f"/mail/inbox/{inbox.pk}/attach/", {"number": item.number})
    assert response.status_code == 302
    with in_office(office_a):
        inbox.refresh_from_db()
        assert inbox.state == "attached" and inbox.item_id == item.pk
        assert item.scans.get().original_name == "scan0001.pdf"


def test_settings_switch_off_the_alert(office_a, office_b):
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    response = admin.post(
        "/administration/mail/", {"scan_max_mb": 15, "notify_default": "email_sms"}
    )
    assert response.status_code == 302
    with in_office(office_a):
        from modules.mail.services import settings_get

        current = settings_get()
        assert (
            current.missing_attachment_alert,
            current.scan_max_mb,
            current.notify_default,
        ) == (False, 15, "email_sms")


def test_archive_date_range_labels_say_from_and_until_in_every_language(office_a, staff_a):
    from accounts.models import User

    expected = {"pl": ("Od", "Do"), "sk": ("Od", "Do"), "en": ("From", "To")}
    web = OfficeClient(office_a, user=staff_a)
    for language, (since, until) in expected.items():
        User.objects.filter(pk=staff_a.pk).update(language=language)
        page = web.get("/mail/").content.decode()
        assert f'for="filter-from">{since}</label>' in page, language
        assert f'for="filter-to">{until}</label>' in page, language  # not "Komu" (to whom)


def test_the_item_says_nobody_was_notified_when_the_client_has_no_recipient(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
        item = item_register(client=client, notify_choice="email")
        assert item.notified_at is not None
    page = OfficeClient(office_a, user=staff_a).get(f"/mail/{item.pk}/").content.decode()
    box = page.split('data-testid="notified"')[1].split("</div>\n</div>")[0]
    assert "Nobody to notify: the client has no recipient for this message." in box
    assert f'href="/clients/{client.pk}/contacts/"' in box
    assert "Notified" not in page


def test_the_item_shows_each_delivery_and_whether_the_scan_went_with_it(office_a, staff_a):
    from modules.notifications.models import Delivery
    from tests.modules.notifications.factories import email_recipient

    with in_office(office_a):
        client = ClientFactory()
        email_recipient(client_id=client.pk, address="ksiegowa@alfa.pl", name="Ewa Lis")
        email_recipient(client_id=client.pk, address="prezes@alfa.pl")
        item = item_register(client=client, notify_choice="email_scan", confirm_missing_scan=True)
        Delivery.objects.filter(address="prezes@alfa.pl").update(status="failed", error="550")
    page = OfficeClient(office_a, user=staff_a).get(f"/mail/{item.pk}/").content.decode()
    box = page.split('data-testid="notified"')[1].split("</div>\n</div>")[0]
    assert "Notification without attachments" in box
    assert "with the scan" not in box
    assert "E-mail Ewa Lis &lt;ksiegowa@alfa.pl&gt;: queued" in box
    assert "E-mail prezes@alfa.pl: failed" in box
    assert "(550)" in box


def test_the_bulk_status_controls_show_only_with_items(office_a, client_a):
    """An empty archive showed "Change the status of the selected items to" (audit)."""
    assert b'data-testid="bulk-status"' not in client_a.get("/mail/").content
    with in_office(office_a):
        item_register(client=ClientFactory())
    assert b'data-testid="bulk-status"' in client_a.get("/mail/").content


def test_the_items_history_names_the_person_as_the_client_cards_history(
    office_a, staff_a, client_a
):
    """Audit: the item's history said "Mail registered · staff@demo.example.com" where the
    client card's history says "Piotr Wiśniewski": the same person, named two ways. Both
    name the person (the address in the title)."""
    staff_a.full_name = "Piotr Wiśniewski"
    staff_a.save(update_fields=["full_name"])
    with in_office(office_a):
        item = item_register(actor=staff_a)
    page = client_a.get(f"/mail/{item.pk}/").content.decode()
    assert re.findall(r'data-testid="history-actor">([^<]*)<', page) == ["Piotr Wiśniewski"]
    assert f'title="{staff_a.email}" data-testid="history-actor"' in page
