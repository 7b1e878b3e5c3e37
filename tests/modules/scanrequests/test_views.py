import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import Role
from modules.mail.models import MailItem
from modules.mail.services import mail_update
from modules.scanrequests.models import ClientScanAccess, ScanRequest, ScanRequestSettings
from modules.scanrequests.services import client_access_set
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import status, upload
from tests.modules.notifications.factories import email_recipient
from tests.modules.scanrequests.factories import allow, requested, waiting_item

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
ADMIN_PAGE = {**STAFF_PAGE, "staff": 403}


def _open_request(office):
    with in_office(office):
        allow()
        return requested()


def _status(office, pk) -> str:
    with in_office(office):
        return ScanRequest.objects.get(pk=pk).status


def test_staff_screens_permission_matrix(office_a, office_b):
    scan_request = _open_request(office_a)
    check_permission_matrix(office_a, office_b, "get", "/mail/scan-requests/", expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        f"/mail/scan-requests/{scan_request.pk}/add-scan/",
        expect=STAFF_PAGE,
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/mail/scan-requests/{scan_request.pk}/cancel/",
        expect={k: v for k, v in STAFF_PAGE.items() if v != 200},
        unchanged=lambda: ScanRequest.objects.get(pk=scan_request.pk).status == "new",
    )
    check_permission_matrix(
        office_a, office_b, "get", "/administration/scan-requests/", expect=ADMIN_PAGE
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/administration/scan-requests/",
        data={"enabled": "", "target_hours": "2", "default_cost": "9"},
        expect={k: v for k, v in ADMIN_PAGE.items() if v != 200},
        unchanged=lambda: ScanRequestSettings.objects.get(pk=1).target_hours == 24,
    )


def test_staff_cancels_with_minus(office_a, staff_a):
    scan_request = _open_request(office_a)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(f"/mail/scan-requests/{scan_request.pk}/cancel/", {"reason": "odebrane"})
    assert response.status_code == 302
    assert _status(office_a, scan_request.pk) == "cancelled"


def test_another_offices_request_answers_404_and_changes_nothing(office_a, office_b):
    scan_request = _open_request(office_a)
    with in_office(office_b):  # office B has its own row with that id, or none
        ScanRequest.objects.filter(pk=scan_request.pk).delete()
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/mail/scan-requests/{scan_request.pk}/cancel/",
        unchanged=lambda: ScanRequest.objects.get(pk=scan_request.pk).status == "new",
    )
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/mail/scan-requests/{scan_request.pk}/add-scan/",
        data={"additional_cost": "1", "scans": upload()},
        unchanged=lambda: ScanRequest.objects.get(pk=scan_request.pk).status == "new",
    )


def test_list_shows_date_client_item_sender_status_waiting(office_a, staff_a):
    with in_office(office_a):
        allow(target_hours=24)
        client = ClientFactory(name="Zielony Las sp. z o.o.")
        late = requested(item=waiting_item(client=client, sender="Urząd Skarbowy"))
        fresh = requested(sender="PKO Bank Polski")
        ScanRequest.objects.filter(pk=late.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=26, minutes=5)
        )
    web = OfficeClient(office_a, user=staff_a)
    page = web.get("/mail/scan-requests/").content.decode()
    late_row = page[page.index(f'data-number="{late.item.number}"') :]
    late_row = late_row[: late_row.index("</tr>")]
    assert 'data-overdue="1"' in late_row
    assert "Zielony Las sp. z o.o." in late_row and "Urząd Skarbowy" in late_row
    assert ">New<" in late_row and "1 d 2 h" in late_row
    fresh_row = page[page.index(f'data-number="{fresh.item.number}"') :]
    fresh_row = fresh_row[: fresh_row.index("</tr>")]
    assert "data-overdue" not in fresh_row and "0 min" in fresh_row
    # the oldest open request comes first
    assert page.index(late.item.number) < page.index(fresh.item.number)
    overdue = web.get("/mail/scan-requests/", {"status": "new", "overdue": "1"}).content.decode()
    assert late.item.number in overdue and fresh.item.number not in overdue
    by_client = web.get("/mail/scan-requests/", {"client": client.pk}).content.decode()
    assert late.item.number in by_client and fresh.item.number not in by_client
    assert (
        web.get("/mail/scan-requests/", {"status": "completed"})
        .content.decode()
        .count('data-testid="request-row"')
        == 0
    )


def test_list_filters_by_status_and_date(office_a, staff_a):
    with in_office(office_a):
        allow()
        old = requested()
        new = requested()
        ScanRequest.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - dt.timedelta(days=10)
        )
        from modules.scanrequests.services import scan_request_cancel

        scan_request_cancel(scan_request=new, actor=staff_a)
    web = OfficeClient(office_a, user=staff_a)
    cancelled = web.get("/mail/scan-requests/", {"status": "cancelled"}).content.decode()
    assert new.item.number in cancelled and old.item.number not in cancelled
    recent = web.get(
        "/mail/scan-requests/",
        {"status": "all", "date_from": (timezone.localdate() - dt.timedelta(days=2)).isoformat()},
    ).content.decode()
    assert new.item.number in recent and old.item.number not in recent


def test_list_query_count_does_not_grow_with_rows(office_a, staff_a, django_assert_num_queries):
    with in_office(office_a):
        allow()
        for _ in range(3):
            requested()
    web = OfficeClient(office_a, user=staff_a)
    web.get("/mail/scan-requests/")  # warm the session and membership caches
    # routing (3), the person with their memberships, settings, the rows, the client filter
    with django_assert_num_queries(7):
        assert web.get("/mail/scan-requests/").status_code == 200
    with in_office(office_a):
        for _ in range(5):
            requested()
    with django_assert_num_queries(7):
        page = web.get("/mail/scan-requests/").content.decode()
    assert page.count('data-testid="request-row"') == 8


def test_list_rows_escape_what_people_typed(office_a, staff_a):
    with in_office(office_a):
        allow()
        client = ClientFactory(name="<b>Zielony</b> & Syn")
        scan_request = requested(client=client, sender='<script>x</script> "Urząd"')
    page = OfficeClient(office_a, user=staff_a).get("/mail/scan-requests/").content.decode()
    assert "&lt;b&gt;Zielony&lt;/b&gt; &amp; Syn" in page
    assert "&lt;script&gt;x&lt;/script&gt; &quot;Urząd&quot;" in page
    assert "<b>Zielony" not in page and "<script>x" not in page
    assert f'action="/mail/scan-requests/{scan_request.pk}/cancel/"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 2  # the row's cancel form has one


def test_plus_prefills_the_default_cost_and_completes(office_a, staff_a):
    with in_office(office_a):
        allow(default_cost=Decimal("6.00"))
        client = ClientFactory()
        email_recipient(client_id=client.pk, language="en")
        scan_request = requested(item=waiting_item(client=client))
    web = OfficeClient(office_a, user=staff_a)
    form = web.get(f"/mail/scan-requests/{scan_request.pk}/add-scan/").content.decode()
    assert 'name="additional_cost" value="6.00"' in form
    response = web.post(
        f"/mail/scan-requests/{scan_request.pk}/add-scan/",
        {"scans": upload("skan.pdf"), "additional_info": "Pilne", "additional_cost": "6.00"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        item = MailItem.objects.get(pk=scan_request.item_id)
        assert (item.scan_count, item.additional_cost, item.additional_info) == (
            1,
            Decimal("6.00"),
            "Pilne",
        )
        assert ScanRequest.objects.get(pk=scan_request.pk).status == "completed"


def test_plus_with_a_bad_file_keeps_the_request_open(office_a, staff_a):
    scan_request = _open_request(office_a)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        f"/mail/scan-requests/{scan_request.pk}/add-scan/",
        {"scans": upload("skan.pdf", b"not a pdf"), "additional_cost": "1"},
    )
    assert response.status_code == 400
    assert "skan.pdf: " in response.content.decode()
    assert _status(office_a, scan_request.pk) == "new"


def test_settings_save_and_client_override_by_code(office_a, admin_a):
    with in_office(office_a):
        client = ClientFactory(code="ZL-777")
    web = OfficeClient(office_a, user=admin_a)
    response = web.post(
        "/administration/scan-requests/",
        {
            "enabled": "on",
            "confirmation_text": "Skan kosztuje 5 zł.",
            "default_cost": "5.00",
            "target_hours": "8",
        },
    )
    assert response.status_code == 302
    assert (
        web.post(
            "/administration/scan-requests/clients/", {"client": "zl-777", "allowed": "0"}
        ).status_code
        == 302
    )
    assert (
        web.post(
            "/administration/scan-requests/clients/", {"client": "nobody", "allowed": "0"}
        ).status_code
        == 400
    )
    with in_office(office_a):
        row = ScanRequestSettings.objects.get(pk=1)
        assert (row.enabled, row.confirmation_text, row.default_cost, row.target_hours) == (
            True,
            "Skan kosztuje 5 zł.",
            Decimal("5.00"),
            8,
        )
        assert ClientScanAccess.objects.get(client=client).allowed is False
    page = web.get("/administration/scan-requests/").content.decode()
    assert "ZL-777" in page
    assert (
        web.post(f"/administration/scan-requests/clients/{client.pk}/", {"allowed": ""}).status_code
        == 302
    )
    with in_office(office_a):
        assert not ClientScanAccess.objects.filter(client=client).exists()


# The client panel ----------------------------------------------------------------------------


def _client_user(office, client):
    user = member(office, Role.CLIENT, client_id=client.pk, client_name=client.name)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_plus_shows_only_for_items_to_pick_up_without_a_scan(office_a, staff_a):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        waiting = waiting_item(client=client, sender="Czeka")
        scanned = waiting_item(client=client, scans=["a.pdf"], sender="Ze skanem")
        picked = mail_update(
            item=waiting_item(client=client, sender="Odebrana"),
            actor=staff_a,
            data={"status": status("picked_up")},
        )
        pending = requested(item=waiting_item(client=client, sender="Zgłoszona"))
    web = OfficeClient(office_a, user=_client_user(office_a, client))
    page = web.get("/portal/mail/").content.decode()

    def row(item):
        start = page.index(f'data-number="{item.number}"')
        return page[start : page.index("</tr>", start)]

    assert f'href="/portal/mail/{waiting.pk}/request-scan/"' in row(waiting)
    assert 'data-testid="request-scan"' not in row(scanned)
    assert 'data-testid="request-scan"' not in row(picked)
    assert 'data-testid="scan-requested"' in row(pending.item)
    assert 'data-testid="request-scan"' not in row(pending.item)
    # The badge's title: when it was asked for, in the office's time, as Django writes it.
    with translation.override("en"), timezone.override(office_a.time_zone):
        asked = date_format(timezone.localtime(pending.created_at), "SHORT_DATETIME_FORMAT")
    assert f'data-testid="scan-requested" title="{asked}"' in row(pending.item)
    detail = web.get(f"/portal/mail/{waiting.pk}/").content.decode()
    assert 'data-testid="request-scan"' in detail


def test_no_plus_for_clients_that_may_not_ask(office_a, admin_a):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        item = waiting_item(client=client)
        client_access_set(client=client, allowed=False, actor=admin_a)
    web = OfficeClient(office_a, user=_client_user(office_a, client))
    assert 'data-testid="request-scan"' not in web.get("/portal/mail/").content.decode()
    assert web.post(f"/portal/mail/{item.pk}/request-scan/").status_code == 302
    with in_office(office_a):
        assert ScanRequest.objects.count() == 0


def test_client_asks_from_the_panel_after_a_confirmation(office_a):
    with in_office(office_a):
        allow(confirmation_text="Skanowanie może być płatne.")
        client = ClientFactory()
        item = waiting_item(client=client)
    user = _client_user(office_a, client)
    web = OfficeClient(office_a, user=user)
    confirm = web.get(f"/portal/mail/{item.pk}/request-scan/").content.decode()
    assert "Skanowanie może być płatne." in confirm and 'data-testid="confirm"' in confirm
    with in_office(office_a):
        assert ScanRequest.objects.count() == 0
    response = web.post(f"/portal/mail/{item.pk}/request-scan/", follow=True)
    assert "The office has been asked for a scan of" in response.content.decode()
    again = web.post(f"/portal/mail/{item.pk}/request-scan/", follow=True).content.decode()
    assert "A scan of this item was already requested on " in again
    with in_office(office_a):
        scan_request = ScanRequest.objects.get()
        assert (scan_request.source, scan_request.requested_by_user_id) == ("portal", user.pk)


def test_portal_request_permission_matrix(office_a, office_b):
    with in_office(office_a):
        allow()
        item = waiting_item(client=ClientFactory())
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/mail/{item.pk}/request-scan/",
        # the matrix's client user acts for another company: the item is not theirs
        expect={
            "anonymous": 302,
            "client": 404,
            "staff": 403,
            "admin": 403,
            "owner": 403,
            "other_office": 403,
        },
        unchanged=lambda: not ScanRequest.objects.exists(),
    )


def test_a_client_cannot_request_a_scan_of_another_companys_item(office_a):
    with in_office(office_a):
        allow()
        mine, theirs = ClientFactory(), ClientFactory()
        other = waiting_item(client=theirs, sender="Cudzy nadawca")
    web = OfficeClient(office_a, user=_client_user(office_a, mine))
    assert web.get(f"/portal/mail/{other.pk}/request-scan/").status_code == 404
    assert web.post(f"/portal/mail/{other.pk}/request-scan/").status_code == 404
    assert web.post(f"/portal/mail/{other.pk + 100000}/request-scan/").status_code == 404
    with in_office(office_a):
        assert ScanRequest.objects.count() == 0


def test_client_card_tab_shows_the_setting_and_requests(office_a, admin_a):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        scan_request = requested(item=waiting_item(client=client, sender="Sąd"))
    web = OfficeClient(office_a, user=admin_a)
    page = web.get(f"/clients/{client.pk}/scanrequests/").content.decode()
    assert scan_request.item.number in page and "Sąd" in page
    response = web.post(
        f"/administration/scan-requests/clients/{client.pk}/", {"allowed": "0", "next": "client"}
    )
    assert response["Location"] == f"/clients/{client.pk}/scanrequests/"
    with in_office(office_a):
        assert ClientScanAccess.objects.get(client=client).allowed is False


def test_screens_speak_polish_and_slovak(office_a):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        item = waiting_item(client=client)
        requested(item=waiting_item(client=client))
    for language, heading, status_label, badge in (
        ("pl", "Prośby o skan", "Nowa", "Poproszono o skan"),
        ("sk", "Žiadosti o sken", "Nová", "Požiadané o sken"),
    ):
        staff = member(office_a, Role.STAFF)
        staff.language = language
        staff.save(update_fields=["language"])
        page = OfficeClient(office_a, user=staff).get("/mail/scan-requests/").content.decode()
        assert f'<h1 class="h3 mb-0">{heading}</h1>' in page
        assert f">{status_label}</span>" in page
        user = _client_user(office_a, client)
        user.language = language
        user.save(update_fields=["language"])
        portal = OfficeClient(office_a, user=user).get("/portal/mail/").content.decode()
        assert badge in portal
        confirm = OfficeClient(office_a, user=user).get(f"/portal/mail/{item.pk}/request-scan/")
        assert ("Potwierdź prośbę" if language == "pl" else "Potvrdiť žiadosť") in (
            confirm.content.decode()
        )


def test_the_mail_items_history_reads_a_scan_request_in_the_readers_language(office_a):
    # The item's page reads its history as every history screen does (common.audit): the
    # scan request's words and its status in Polish, not "Requested by" and "new".
    scan_request = _open_request(office_a)
    browser = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    page = browser.get(f"/mail/{scan_request.item_id}/").content.decode()
    history = page[page.index('data-testid="item-history"') :]
    with translation.override("pl"):
        requested_by = translation.gettext("Requested by")
        new = translation.pgettext("scan request", "New")
    assert (requested_by, new) == ("Zgłaszający", "Nowa")
    assert f">{requested_by}</dt>" in history and f"— → {new}</dd>" in history
    assert "Requested by" not in history and "→ new<" not in history


def test_the_panel_promises_the_scan_by_e_mail_only_to_an_address_that_receives_it(office_a):
    with in_office(office_a):
        allow()
        client = ClientFactory()
        first, second = waiting_item(client=client), waiting_item(client=client)
    user = _client_user(office_a, client)
    web = OfficeClient(office_a, user=user)
    page = web.post(f"/portal/mail/{first.pk}/request-scan/", follow=True).content.decode()
    assert "it is not e-mailed to you: your address does not receive" in page
    assert "you will receive it by e-mail" not in page
    with in_office(office_a):
        email_recipient(client_id=client.pk, address=user.email.upper(), language="en")
    page = web.post(f"/portal/mail/{second.pk}/request-scan/", follow=True).content.decode()
    assert f"a scan of {second.number}; you will receive it by e-mail." in page


def test_the_items_own_page_has_a_request_a_scan_button_by_the_same_rule(office_a, staff_a):
    """The panel's mail detail (/portal/mail/<id>/): a button that says so, not only the
    list's "+"; the same rule (to pick up, no scan, none asked) and the same confirmation."""
    with in_office(office_a):
        allow()
        client = ClientFactory()
        waiting = waiting_item(client=client, sender="Czeka")
        scanned = waiting_item(client=client, scans=["a.pdf"], sender="Ze skanem")
        pending = requested(item=waiting_item(client=client, sender="Zgłoszona"))
    user = _client_user(office_a, client)
    user.language = "pl"
    user.save(update_fields=["language"])
    web = OfficeClient(office_a, user=user)
    detail = web.get(f"/portal/mail/{waiting.pk}/").content.decode()
    assert (
        f'<a class="btn btn-sm btn-primary" href="/portal/mail/{waiting.pk}/request-scan/" '
        'data-testid="request-scan"><i class="bi bi-plus-lg"></i> Poproś o skan</a>'
    ) in detail
    assert (
        'data-testid="request-scan"' not in web.get(f"/portal/mail/{scanned.pk}/").content.decode()
    )
    asked = web.get(f"/portal/mail/{pending.item.pk}/").content.decode()
    assert 'data-testid="scan-requested"' in asked and 'data-testid="request-scan"' not in asked
    # The list keeps its compact "+".
    assert "> Poproś o skan</a>" not in web.get("/portal/mail/").content.decode()


def test_the_tabs_name_the_requests_in_the_plural(office_a, staff_a):
    """Audit: the list's tabs read "Nowa | Zrealizowana | Anulowana | Wszystko" (the badge
    of one request); a tab holds the requests: "Nowe | Zrealizowane | Anulowane | Wszystkie"
    ("Nové | Vybavené | Zrušené | Všetky"). The badge of a request stays "Nowa"."""
    import re

    _open_request(office_a)
    web = OfficeClient(office_a, user=staff_a)
    for language, tabs, badge in (
        ("pl", ["Nowe", "Zrealizowane", "Anulowane", "Wszystkie"], "Nowa"),
        ("sk", ["Nové", "Vybavené", "Zrušené", "Všetky"], "Nová"),
    ):
        staff_a.language = language
        staff_a.save(update_fields=["language"])
        page = web.get("/mail/scan-requests/").content.decode()
        nav = re.search(r'data-testid="status-tabs">(.*?)</ul>', page, re.S).group(1)
        assert re.findall(r'href="\?status=\w+">([^<]+)</a>', nav) == tabs
        assert f'<span class="badge text-bg-primary">{badge}</span>' in page
