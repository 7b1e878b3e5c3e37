import json

from accounts.models import Role, User
from modules.scanrequests.models import ScanRequest
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.handover.factories import waiting


def _sidebar(page: str) -> str:
    start = page.index('data-testid="main-nav"')
    return page[start : page.index("</nav>", start)]


def test_menu_shows_the_areas_entries_marks_the_current_one_and_follows_the_language(office_a):
    staff, admin = member(office_a, Role.STAFF), member(office_a, Role.ADMIN)
    client_user = member(office_a, Role.CLIENT)
    User.objects.filter(pk__in=[staff.pk, admin.pk, client_user.pk]).update(language="en")

    staff_menu = _sidebar(OfficeClient(office_a, user=staff).get("/mail/").content.decode())
    assert (
        '<a class="nav-link active fw-semibold" href="/mail/" aria-current="page" '
        'data-shortcut="g m" title="Archive">' in staff_menu
    )
    assert (
        'href="/mail/register/" data-shortcut="g r" title="Register mail"><i class="bi '
        'bi-plus-square"></i> <span class="nav-label">Register mail</span>' in staff_menu
    )
    assert 'href="/portal/' not in staff_menu
    assert 'href="/administration/"' not in staff_menu  # administrators only

    admin_web = OfficeClient(office_a, user=admin)
    assert 'href="/administration/"' in _sidebar(admin_web.get("/mail/").content.decode())
    on_register = _sidebar(admin_web.get("/mail/register/").content.decode())
    assert '<a class="nav-link active fw-semibold" href="/mail/register/"' in on_register
    assert '<a class="nav-link" href="/mail/" data-shortcut="g m"' in on_register  # one current
    User.objects.filter(pk=admin.pk).update(language="pl")
    polish = _sidebar(admin_web.get("/mail/register/").content.decode())
    assert "Zarejestruj pocztę" in polish and "Register mail" not in polish

    client_page = OfficeClient(office_a, user=client_user).get("/portal/").content.decode()
    client_menu = client_page[client_page.index('data-testid="main-nav"') :]
    client_menu = client_menu[: client_menu.index("</ul>")]
    assert 'href="/portal/mail/"' in client_menu and 'href="/mail/"' not in client_menu
    assert 'data-testid="topbar"' not in client_page


def test_staff_menu_is_grouped_as_operators_work(office_a):
    admin = member(office_a, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language="en")
    menu = _sidebar(OfficeClient(office_a, user=admin).get("/").content.decode())
    mail = menu[menu.index('data-nav-group="mail"') : menu.index('data-nav-group="clients"')]
    order = ["/mail/", "/mail/register/", "/mail/hand-over/", "/mail/scan-requests/"]
    order.append("/mail/inbox/")
    positions = [mail.index(f'href="{url}"') for url in order]
    assert positions == sorted(positions)
    assert 'data-nav-count="handover.waiting"' in mail
    assert 'data-nav-count="scanrequests.new"' in mail
    clients = menu[menu.index('data-nav-group="clients"') :]
    assert 'href="/clients/"' in clients and 'href="/notifications/"' in clients
    assert menu.index('href="/dashboard/"') < menu.index('data-nav-group="mail"')
    assert menu.rindex('href="/administration/"') > menu.index('data-nav-group="clients"')
    shortcuts = [s.split('"')[0] for s in menu.split('data-shortcut="')[1:]]
    assert len(shortcuts) == len(set(shortcuts))


def test_the_counts_say_what_waits_staff_and_client_their_own(office_a, office_b):
    staff = member(office_a, Role.STAFF)
    with in_office(office_a):
        items = waiting(count=3)
        ScanRequest.objects.create(item=items[0], source="portal")
    web = OfficeClient(office_a, user=staff)
    response = web.get("/navigation/counts/")
    assert json.loads(response.content) == {
        "handover.waiting": 3,
        "messaging.unread": 0,
        "scanrequests.new": 1,
    }
    assert response["Cache-Control"] == "private, no-store"
    # A client user gets the client panel's counts only (their company's).
    assert OfficeClient(office_a, user=member(office_a, Role.CLIENT)).get(
        "/navigation/counts/"
    ).json() == {"messaging.client_unread": 0}
    assert OfficeClient(office_a).get("/navigation/counts/").status_code == 302
    assert OfficeClient(office_b, user=member(office_b, Role.STAFF)).get(
        "/navigation/counts/"
    ).json() == {"handover.waiting": 0, "messaging.unread": 0, "scanrequests.new": 0}


def test_an_entry_with_a_visible_predicate_shows_per_request_and_caches_per_variant(office_a):
    from django.test import RequestFactory

    from common import navigation
    from common.navigation import CLIENT_AREA, NavItem, nav_html, nav_items, nav_register

    client_user = member(office_a, Role.CLIENT)
    membership = client_user.memberships.get()
    entry = NavItem(
        CLIENT_AREA,
        "Only when asked",
        "portal:home",
        "star",
        99,
        level="client",
        visible=lambda request: request.GET.get("show") == "1",
    )
    nav_register(entry)
    try:
        shown = RequestFactory().get("/portal/", {"show": "1"})
        hidden = RequestFactory().get("/portal/")

        def urls(request):
            items = nav_items(
                area=CLIENT_AREA, membership=membership, current_path="/x/", request=request
            )
            return [i["label"] for i in items if i["order"] == 99]

        with in_office(office_a):
            assert urls(shown) == ["Only when asked"]
            assert urls(hidden) == []
            assert urls(None) == ["Only when asked"]  # no request: the registry's entries
            on = nav_html(
                area=CLIENT_AREA, membership=membership, current_path="/x/", request=shown
            )
            off = nav_html(
                area=CLIENT_AREA, membership=membership, current_path="/x/", request=hidden
            )
            again = nav_html(
                area=CLIENT_AREA, membership=membership, current_path="/x/", request=hidden
            )
        assert "Only when asked" in on and "Only when asked" not in off
        assert again is off  # the hidden variant is cached under its own key
    finally:
        navigation._registry.remove(entry)
        navigation._resolved.clear()
        navigation._rendered.clear()
