"""403 and 404 answer a styled page in the person's layout, translated, with a way back;
500 a standalone page. Django's bare "403 Forbidden" was 980 px wide on a phone."""

from accounts.models import Role
from tests.helpers.offices import OfficeClient, member


def test_a_staff_member_without_the_right_gets_the_403_page_in_the_offices_layout(office_a):
    receptionist = member(office_a, Role.STAFF, language="pl")
    web = OfficeClient(office_a, user=receptionist)
    response = web.get("/helpdesk/reports/", HTTP_REFERER=f"http://{office_a.host}/mail/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'data-testid="topbar"' in html  # the staff layout: the menu, the bell, the switcher
    assert '<div class="py-2" data-testid="error-page" data-status="403">' in html
    assert "Nie możesz otworzyć tej strony" in html
    assert f'href="http://{office_a.host}/mail/" data-testid="error-back"' in html
    assert 'href="/" data-testid="error-home"' in html


def test_a_client_user_gets_the_404_page_in_the_panels_layout(office_a):
    web = OfficeClient(office_a, user=member(office_a, Role.CLIENT, language="sk"))
    missing = web.get("/portal/no-such-page/", HTTP_REFERER="https://elsewhere.example/x/")
    html = missing.content.decode()
    assert missing.status_code == 404
    assert 'data-testid="main-nav"' in html  # the client panel's menu
    assert "Stránka sa nenašla" in html
    assert 'data-testid="error-back"' not in html  # another site is no way back
    assert 'href="/" data-testid="error-home"' in html


def test_not_signed_in_the_404_page_is_the_plain_one(office_a):
    response = OfficeClient(office_a).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-status="404"' in html and "Nie znaleziono strony" in html  # the office's
    assert 'data-testid="topbar"' not in html


def test_when_the_layout_cannot_render_the_standalone_page_answers(office_a, monkeypatch):
    from common import views

    render = views.loader.render_to_string

    def layout_broken(name, context=None, request=None):
        if request is not None:  # the layout's menus read the database: say it is away
            raise RuntimeError("the database is away")
        return render(name, context)

    monkeypatch.setattr(views.loader, "render_to_string", layout_broken)
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))
    response = web.get("/helpdesk/reports/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-status="403"' in html and "You cannot open this page" in html
    assert 'data-testid="topbar"' not in html


def test_the_500_page_stands_alone(office_a):
    from django.template import loader

    html = loader.render_to_string("500.html")
    assert 'data-status="500"' in html and "Something went wrong on our side" in html
    assert 'href="/" data-testid="error-home"' in html
