from accounts.models import Role
from modules.mail.models import MailItem, MailStatus
from modules.mail.services import status_save
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, status

CLIENT_PAGE = {
    "anonymous": 302,
    "client": 200,
    "staff": 403,
    "admin": 403,
    "owner": 403,
    "other_office": 403,
}


def _two_companies(office):
    with in_office(office):
        mine, theirs = ClientFactory(), ClientFactory()
        own = item_register(client=mine, scans=["own.pdf"], sender="Mój nadawca")
        other = item_register(client=theirs, scans=["other.pdf"], sender="Cudzy nadawca")
        return mine, own, own.scans.get(), other, other.scans.get()


def test_client_panel_permission_matrix(office_a, office_b):
    check_permission_matrix(office_a, office_b, "get", "/portal/mail/", expect=CLIENT_PAGE)


def test_client_sees_only_their_company_and_nothing_else_by_id(office_a):
    mine, own, own_scan, other, other_scan = _two_companies(office_a)
    web = OfficeClient(
        office_a, user=member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    )
    page = web.get("/portal/mail/").content.decode()
    assert own.number in page and "Mój nadawca" in page
    assert other.number not in page and "Cudzy nadawca" not in page
    assert web.get(f"/portal/mail/{own.pk}/").status_code == 200
    assert web.get(f"/mail/scans/{own_scan.pk}/").status_code == 200
    assert web.get(f"/mail/scans/{own_scan.pk}/thumbnail/").status_code == 200
    for url in (
        f"/portal/mail/{other.pk}/",
        f"/mail/scans/{other_scan.pk}/",
        f"/mail/scans/{other_scan.pk}/thumbnail/",
        f"/api/v1/mail/{other.pk}/",
        f"/api/v1/mail/scans/{other_scan.pk}/",
        f"/api/v1/mail/{other.pk}/scans/",
        f"/api/v1/mail/scans/{other_scan.pk}/download/",
        f"/portal/mail/{other.pk + 100000}/",
    ):
        assert web.get(url).status_code == 404, url
    # Staff screens stay closed to a client user.
    assert web.get(f"/mail/{own.pk}/").status_code == 403
    api = web.get("/api/v1/mail/").json()
    assert [row["number"] for row in api["results"]] == [own.number]
    assert "notes" not in api["results"][0]
    scans = web.get("/api/v1/mail/scans/").json()
    assert [row["id"] for row in scans["results"]] == [own_scan.pk]


def test_statuses_hidden_from_clients_hide_the_item_and_its_scans(office_a, admin_a):
    mine, own, own_scan, _other, _other_scan = _two_companies(office_a)
    with in_office(office_a):
        hidden = status_save(actor=admin_a, data={"name": "Wewnętrzny", "visible_to_client": False})
        MailItem.objects.filter(pk=own.pk).update(status=hidden)
    web = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=mine.pk))
    assert own.number not in web.get("/portal/mail/").content.decode()
    assert web.get(f"/portal/mail/{own.pk}/").status_code == 404
    assert web.get(f"/mail/scans/{own_scan.pk}/").status_code == 404


def statuses_of(office):
    with in_office(office):
        return list(MailStatus.objects.all())


def test_client_panel_filters(office_a):
    with in_office(office_a):
        mine = ClientFactory()
        incoming = item_register(client=mine, sender="Urząd")
        outgoing = item_register(client=mine, direction="out", sender="", recipient="Sąd")
        picked = status("picked_up")
    web = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=mine.pk))
    page = web.get("/portal/mail/", {"direction": "out"}).content.decode()
    assert outgoing.number in page and incoming.number not in page
    assert '<option value="out" selected>' in page  # the filter bar keeps what was chosen
    page = web.get("/portal/mail/", {"status": picked.pk}).content.decode()
    assert outgoing.number not in page and incoming.number not in page
    assert f'<option value="{picked.pk}" selected>' in page
    hidden_from_clients = page.split('name="status"')[1].split("</select>")[0]
    assert hidden_from_clients.count("<option") == 1 + sum(
        1 for s in statuses_of(office_a) if s.is_active and s.visible_to_client
    )
    page = web.get("/portal/mail/", {"q": "urzad"}).content.decode()
    assert incoming.number in page and outgoing.number not in page


def test_client_panel_mail_query_count_does_not_grow_with_rows(office_a, django_assert_num_queries):
    from tests.modules.scanrequests.factories import allow, requested

    with in_office(office_a):
        allow()
        company = ClientFactory()
        item_register(client=company, scans=["one.pdf"])
        requested(item=item_register(client=company))
        item_register(client=company)
    web = OfficeClient(
        office_a,
        user=member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name),
    )
    web.get("/portal/mail/")  # warm the session and membership caches
    # routing (3), the person, statuses and types (one round trip), the page's rows, its
    # scans, the "+" rule (settings, the client's own, package terms), open requests,
    # billing's menu setting
    with django_assert_num_queries(12) as few:
        page = web.get("/portal/mail/").content.decode()
    assert page.count('data-testid="portal-row"') == 3
    assert page.count('data-testid="portal-scan"') == 1
    assert page.count('data-testid="scan-requested"') == 1
    assert page.count('data-testid="request-scan"') == 1
    with in_office(office_a):
        for n in range(10):
            item_register(client=company, scans=[f"more-{n}.pdf"])
            requested(item=item_register(client=company))
            item_register(client=company)
    with django_assert_num_queries(len(few.captured_queries)):
        page = web.get("/portal/mail/").content.decode()
    assert page.count('data-testid="portal-row"') == 33
    assert page.count('data-testid="portal-scan"') == 11
    assert page.count('data-testid="scan-requested"') == 11
    assert page.count('data-testid="request-scan"') == 11


def test_client_panel_mail_rows_escape_what_people_typed(office_a):
    with in_office(office_a):
        company = ClientFactory()
        item_register(client=company, sender='<b>Urząd</b> & "Syn"', scans=["<i>skan</i>.pdf"])
    web = OfficeClient(
        office_a,
        user=member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name),
    )
    page = web.get("/portal/mail/").content.decode()
    assert "&lt;b&gt;Urząd&lt;/b&gt; &amp; &quot;Syn&quot;" in page
    assert "<b>Urząd" not in page and "<i>skan" not in page


def test_an_items_page_names_the_correspondent_its_direction_has(office_a):
    """Incoming: the sender (no empty "Recipient —" line); outgoing: the recipient."""
    with in_office(office_a):
        mine = ClientFactory()
        incoming = item_register(client=mine, sender="ZUS Oddział Warszawa")
        outgoing = item_register(
            client=mine, direction="out", sender="", recipient="Urząd Skarbowy Wola"
        )
    web = OfficeClient(
        office_a, user=member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    )
    page = web.get(f"/portal/mail/{incoming.pk}/").content.decode()
    assert "ZUS Oddział Warszawa" in page and "Odbiorca" not in page
    page = web.get(f"/portal/mail/{outgoing.pk}/").content.decode()
    assert "Urząd Skarbowy Wola" in page and "Nadawca" not in page


def test_an_empty_mail_tab_says_what_will_appear_and_a_filtered_one_offers_all(office_a):
    with in_office(office_a):
        empty, busy = ClientFactory(), ClientFactory()
        item_register(client=busy, sender="Urząd Skarbowy")
    fresh = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=empty.pk))
    page = fresh.get("/portal/mail/").content.decode()
    assert "Brak poczty." in page  # the office's language
    assert "Tutaj pojawią się listy i paczki, które biuro odbierze dla Twojej firmy" in page
    web = OfficeClient(office_a, user=member(office_a, Role.CLIENT, client_id=busy.pk))
    # An empty form submitted (every filter blank) is not a narrowing.
    page = web.get("/portal/mail/", {"q": "", "status": "", "direction": ""}).content.decode()
    assert "Urząd Skarbowy" in page and 'data-testid="portal-mail-empty"' not in page
    page = web.get("/portal/mail/", {"q": "nothing like it"}).content.decode()
    assert "Żadna przesyłka nie pasuje do tych filtrów." in page and "Brak poczty." not in page
    assert 'href="/portal/mail/">Pokaż całą pocztę</a>' in page
