import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "pricing_title", "cta"),
    [
        ("en", "Pricing", "Start free trial"),
        ("pl", "Cennik", "Wypróbuj za darmo"),
        ("sk", "Cenník", "Vyskúšajte zadarmo"),
    ],
)
def test_public_pages_in_each_language_with_plans_from_the_database(
    session_offices, language, pricing_title, cta
):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)
    for path in ("/", "/pricing/", "/terms/", "/privacy/", "/signup/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Language"] == language
    pricing = client.get("/pricing/").content.decode()
    assert pricing_title in pricing and cta in pricing
    for name, price in (("Start", "19"), ("Business", "49"), ("Pro", "99")):
        assert name in pricing and price in pricing
    landing = client.get("/").content.decode()
    assert 'href="/signup/"' in landing and 'href="/accounts/login/"' in landing
    assert 'href="/terms/"' in landing and 'href="/privacy/"' in landing


def test_a_hidden_plan_is_not_on_the_pricing_page(session_offices):
    from subscriptions.models import Plan

    Plan.objects.filter(code="pro").update(is_public=False)
    page = Client(HTTP_HOST="localhost").get("/pricing/").content.decode()
    assert "Business" in page and ">Pro<" not in page
