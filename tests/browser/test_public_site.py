"""Browser: the public site on a phone, in the three languages a visitor's browser asks for."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OVERFLOW


@pytest.mark.parametrize(
    ("locale", "sign_in"),
    [("pl-PL", "Zaloguj się"), ("sk-SK", "Prihlásiť sa"), ("en-GB", "Sign in")],
)
def test_public_pages_fit_a_phone_and_fold_their_menu(browser, live_server_url, locale, sign_in):
    # The bar of links was wider than a 390 px screen in Polish and Slovak: "Sign in" was cut.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    try:
        for path in ("/", "/pricing/", "/signup/", "/terms/", "/privacy/"):
            page.goto(f"{live_server_url}{path}")
            result = page.evaluate(OVERFLOW)
            assert result["page"] <= result["width"] and not result["wide"], (path, result)
        link = page.locator("#public-nav").get_by_role("link", name=sign_in)
        expect(link).to_be_hidden()
        page.get_by_test_id("public-menu-button").click()
        expect(link).to_be_visible()
    finally:
        context.close()
