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
    for name in ("Start", "Business", "Pro"):
        assert name in pricing
    landing = client.get("/").content.decode()
    assert 'href="/signup/"' in landing and 'href="/accounts/login/"' in landing
    assert 'href="/terms/"' in landing and 'href="/privacy/"' in landing


def test_a_hidden_plan_is_not_on_the_pricing_page(session_offices):
    from subscriptions.models import Plan

    Plan.objects.filter(code="pro").update(is_public=False)
    page = Client(HTTP_HOST="localhost").get("/pricing/").content.decode()
    assert "Business" in page and ">Pro<" not in page


@pytest.mark.parametrize(
    ("language", "query", "prices"),
    [
        ("pl", "", ["79,00\xa0zł", "199,00\xa0zł", "lub 1\xa0990,00\xa0zł rocznie"]),
        ("sk", "", ["19,00\xa0€", "49,00\xa0€", "99,00\xa0€", "alebo 490,00\xa0€ ročne"]),
        ("en", "", ["€19.00", "€49.00", "€99.00", "or €490.00 a year"]),
        ("pl", "?currency=eur", ["19,00\xa0€", "49,00\xa0€"]),
        ("sk", "?currency=PLN", ["199,00\xa0PLN"]),  # Slovak writes the code
        ("pl", "?currency=USD", ["199,00\xa0zł"]),  # not one we price in: the language's
    ],
)
def test_prices_are_in_the_visitors_currency_with_its_symbol(
    session_offices, language, query, prices
):
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)
    page = client.get(f"/pricing/{query}").content.decode()
    for price in prices:
        assert price in page, price
    assert 'href="?currency=PLN"' in page and 'href="?currency=EUR"' in page


def test_the_landing_page_lists_what_the_installed_modules_do(session_offices):
    from common.features import public_features

    page = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    keys = [feature.key for feature in public_features()]
    assert keys[:3] == ["mail", "handover", "portal"]
    for key in keys:
        assert f'data-feature="{key}"' in page
    assert page.count("data-feature=") == len(keys)
    assert "Packages and settlements" in page and "invoices with reminders" not in page
