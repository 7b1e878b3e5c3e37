from django.contrib.staticfiles import finders

from tests.helpers.offices import OfficeClient


def test_every_page_has_the_favicon_from_our_own_static_files(office_a, staff_a):
    page = OfficeClient(office_a, user=staff_a).get("/dashboard/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    login = OfficeClient(office_a).get("/accounts/login/").content.decode()
    assert 'href="/static/favicon.svg"' in login
    with open(finders.find("favicon.svg")) as handle:
        assert handle.read().startswith("<svg")


def test_favicon_ico_answers_on_every_host(office_a):
    # A PDF opened on its own (a hand-over protocol) makes the browser ask for /favicon.ico.
    from django.test import Client

    for web in (OfficeClient(office_a), Client(HTTP_HOST="localhost")):
        response = web.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
        assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # ICO header
