from django.contrib.staticfiles import finders

from tests.helpers.offices import OfficeClient


def test_every_page_has_the_favicon_from_our_own_static_files(office_a, staff_a):
    page = OfficeClient(office_a, user=staff_a).get("/dashboard/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    login = OfficeClient(office_a).get("/accounts/login/").content.decode()
    assert 'href="/static/favicon.svg"' in login
    with open(finders.find("favicon.svg")) as handle:
        assert handle.read().startswith("<svg")
