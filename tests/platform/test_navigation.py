from accounts.models import Role, User
from tests.helpers.offices import OfficeClient, member


def _menu(page: str) -> str:
    start = page.index('data-testid="main-nav"')
    return page[start : page.index("</ul>", start)]


def test_menu_shows_the_areas_entries_marks_the_current_one_and_follows_the_language(office_a):
    staff, admin = member(office_a, Role.STAFF), member(office_a, Role.ADMIN)
    client_user = member(office_a, Role.CLIENT)
    User.objects.filter(pk__in=[staff.pk, admin.pk, client_user.pk]).update(language="en")

    staff_menu = _menu(OfficeClient(office_a, user=staff).get("/mail/").content.decode())
    assert '<a class="nav-link active fw-semibold" href="/mail/">' in staff_menu
    assert 'href="/mail/register/"><i class="bi bi-plus-square"></i> Register mail' in staff_menu
    assert 'href="/portal/' not in staff_menu
    assert 'href="/administration/"' not in staff_menu  # administrators only

    admin_web = OfficeClient(office_a, user=admin)
    assert 'href="/administration/"' in _menu(admin_web.get("/mail/").content.decode())
    on_register = _menu(admin_web.get("/mail/register/").content.decode())
    assert '<a class="nav-link active fw-semibold" href="/mail/register/">' in on_register
    assert '<a class="nav-link" href="/mail/">' in on_register  # one current entry
    User.objects.filter(pk=admin.pk).update(language="pl")
    polish = _menu(admin_web.get("/mail/register/").content.decode())
    assert "Zarejestruj pocztę" in polish and "Register mail" not in polish

    client_menu = _menu(OfficeClient(office_a, user=client_user).get("/portal/").content.decode())
    assert 'href="/portal/mail/"' in client_menu and 'href="/mail/"' not in client_menu
