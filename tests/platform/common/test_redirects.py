import pytest
from django.test import RequestFactory

from common.redirects import redirect_safe, safe_url
from tests.helpers.offices import OfficeClient


def _request(host: str = "office-a.localhost:8000", secure: bool = False):
    return RequestFactory().get("/", HTTP_HOST=host, secure=secure)


@pytest.mark.parametrize(
    "url",
    [
        "//evil.com",
        "//evil.com/mail/",
        "https://evil.com",
        "http://evil.com/office-a.localhost:8000/",
        "/\\evil.com",
        "\\\\evil.com",
        "\\/evil.com",
        "javascript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://office-a.localhost:8000@evil.com/",
        "",
        None,
    ],
)
def test_foreign_hosts_and_schemes_fall_back(url):
    assert safe_url(_request(), url) == "/"
    assert safe_url(_request(), url, fallback="accounts:login") == "/accounts/login/"
    assert redirect_safe(_request(), url, fallback="/mail/")["Location"] == "/mail/"


@pytest.mark.parametrize(
    "url",
    ["/mail/?status=2&page=3", "/", "mail/12/", "http://office-a.localhost:8000/clients/"],
)
def test_this_hosts_urls_are_followed(url):
    assert safe_url(_request(), url, fallback="/x/") == url


def test_a_secure_request_is_not_sent_to_plain_http():
    url = "http://office-a.localhost:8000/clients/"
    assert safe_url(_request(secure=True), url) == "/"
    assert safe_url(_request(secure=True), "https://office-a.localhost:8000/c/") == (
        "https://office-a.localhost:8000/c/"
    )


def test_platform_hosts_only_where_asked():
    other_office = "http://office-b.localhost:8000/mail/"
    assert safe_url(_request(), other_office) == "/"
    assert safe_url(_request(), other_office, platform_hosts=True) == other_office
    assert safe_url(_request(), "http://localhost:8000/", platform_hosts=True) == (
        "http://localhost:8000/"
    )
    for foreign in (
        "https://evil.com/",
        "https://localhost.evil.com/",
        "https://evil.com\\@office-b.localhost/",
        "https://evil.com@office-b.localhost/",
        "//evil.com",
        "javascript://office-b.localhost/%0aalert(1)",
    ):
        assert safe_url(_request(), foreign, platform_hosts=True) == "/", foreign


def test_the_language_menu_returns_only_to_the_platform(office_a, staff_a):
    web = OfficeClient(office_a, user=staff_a)
    for target, expected in (
        ("/mail/", "/mail/"),
        ("//evil.com/", "/"),
        ("https://evil.com/", "/"),
        ("/\\evil.com", "/"),
        (f"{office_a.url}/clients/", f"{office_a.url}/clients/"),
    ):
        response = web.post("/accounts/language/", {"language": "en", "next": target})
        assert (response.status_code, response["Location"]) == (302, expected), target


def test_the_handoff_follows_only_this_hosts_paths(office_a, staff_a):
    web = OfficeClient(office_a, user=staff_a)
    for target, expected in (
        ("/welcome/", "/welcome/"),
        ("//evil.com", "/"),
        ("https://evil.com/welcome/", "/"),
        ("/\\evil.com", "/"),
        ("javascript:alert(1)", "/"),
    ):
        response = web.get("/accounts/handoff/", {"next": target})
        assert (response.status_code, response["Location"]) == (302, expected), target
