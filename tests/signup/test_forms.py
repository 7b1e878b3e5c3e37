import pytest
from django.test import Client

from signup.models import SignupRequest
from tests.helpers.html import described_by, element

pytestmark = pytest.mark.django_db


def test_refused_signup_shows_what_was_typed_again_with_errors_linked(session_offices, clean_cache):
    web = Client(HTTP_HOST="localhost")
    web.cookies["vireo_language"] = "en"
    response = web.post(
        "/signup/",
        {
            "office_name": "Biuro Centrum",
            "slug": "www",
            "full_name": "Anna Nowak",
            "email": "anna@example.com",
            "password": "Zielone-okno-42",
            "country": "SK",
            "accept_terms": "on",
            "website": "",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    slug = element(html, "input", name="slug")
    assert (slug["attrs"]["value"], slug["attrs"]["aria-invalid"]) == ("www", "true")
    assert described_by(html, slug) == [
        "Letters, digits and hyphens; this becomes your office's web address.",
        "“www” is reserved. Please choose another address.",
    ]
    assert slug["attrs"]["hx-get"] == "/signup/check/"
    assert element(html, "input", name="office_name")["attrs"]["value"] == "Biuro Centrum"
    assert "value" not in element(html, "input", name="password")["attrs"]
    assert "selected" in element(html, "option", value="SK")["attrs"]
    terms = element(html, "input", name="accept_terms")
    assert "checked" in terms["attrs"]
    label = element(html, "label", **{"for": "id_accept_terms"})
    assert " ".join(label["text"].split()) == (
        "I accept the terms of service and the privacy policy*"
    )
    assert element(html, "a", href="/terms/", target="_blank")["text"] == "terms of service"
    assert element(html, "input", name="website")["attrs"]["tabindex"] == "-1"
    assert not SignupRequest.objects.exists()
