"""Real pages in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A live server thread serves the test database on LIVE_SERVER_PORT (chosen in
tests/conftest.py, so that links to offices carry it). Browser tests cannot run inside a
rolled-back transaction (the server thread has its own connection), so their data is
committed: fixtures here create it idempotently with unique names.
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server_url(session_offices, django_db_blocker):
    port = settings.LIVE_SERVER_PORT
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=port)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://localhost:{port}"
        thread.terminate()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    page = context.new_page()
    # Actions and assertions wait as long as each other: a sign-and-confirm that renders a
    # PDF took longer than an assertion's default 5 s on a machine shared with other suites.
    page.set_default_timeout(15_000)
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield page
    context.close()


@pytest.fixture
def committed(django_db_blocker):
    """Run setup code whose rows the live server must see (committed, public schema).

    People created during the test are deleted afterwards (memberships go with them); rows a
    test commits inside an office schema stay, so browser tests use unique names.
    """
    from accounts.models import User

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        last_user = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        yield
        connection.set_schema_to_public()
        User.objects.filter(pk__gt=last_user).delete()


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def office_url(office, path: str = "/") -> str:
    return f"{office.url}{path}"


def sign_in(page, office, email: str, password: str) -> None:
    page.goto(office_url(office, "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form.login-form button[type=submit]")
    # Until the answer has arrived: a page.goto() right after would cancel a slow sign-in
    # (argon2 under load) and land on the login page.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state()


# Horizontal overflow of the page as a phone user meets it: the page wider than the window,
# a visible element reaching past its right edge, or an element that scrolls sideways (a
# .table-responsive whose table is too wide counts: nothing may need sideways scrolling),
# except inside a container marked data-scroll-x: a grid meant to be scrolled sideways on a
# phone (the dispatcher's week board, a report's table of figures).
# Used by the client panel's and the staff menu's page-by-page checks (test_panel.py,
# test_staff_pages.py): `page.evaluate(OVERFLOW)` -> {page, width, wide: [...], scrolls: [...],
# cut: [...]} (cut: selects too narrow for the choice they show, dates and times too narrow
# for their value).
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const visible = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && getComputedStyle(el).visibility !== "hidden"
            && !el.closest(".offcanvas:not(.show), .dropdown-menu, .collapse:not(.show)");
    };
    const all = [...document.querySelectorAll("body *")].filter(
        (el) => visible(el) && !el.closest("[data-scroll-x]"));
    // Text cut off inside a box that hides its overflow (.text-truncate) is not wider than
    // the window: the box is what shows.
    const clipped = (el) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
            const overflow = getComputedStyle(box).overflowX;
            if ((overflow === "hidden" || overflow === "clip")
                && box.getBoundingClientRect().right <= width + 1) return true;
        }
        return false;
    };
    const wide = all.filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
    const scrolls = all.filter((el) => {
        const overflow = getComputedStyle(el).overflowX;
        const scrolling = overflow === "auto" || overflow === "scroll";
        return scrolling && el.scrollWidth > el.clientWidth + 1;
    });
    const name = (el) => el.tagName + "." + el.className
        + (el.dataset.testid ? "#" + el.dataset.testid : "");
    // A choice cut by its own box ("Wszystk…"): the chosen option's text against the room
    // the select leaves it between its paddings (the arrow's).
    const ruler = document.createElement("span");
    ruler.style.cssText = "position:absolute;visibility:hidden;white-space:pre";
    document.body.appendChild(ruler);
    const cut = [...document.querySelectorAll("select")].filter((el) => {
        const option = el.options[el.selectedIndex];
        if (!visible(el) || !option) return false;
        const style = getComputedStyle(el);
        ruler.style.font = style.font;
        ruler.textContent = option.text;
        const room = el.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        return ruler.getBoundingClientRect().width > room + 1;
    }).map((el) => (el.name || el.id) + ": " + el.options[el.selectedIndex].text);
    // A date or time cut by its own box ("12/06/2026, 12:2"): the longest value the test
    // browser's clock shows (English, 12-hour) beside the picker's icon (16 px).
    const SAMPLES = {"datetime-local": "12/28/2026, 12:28 PM", date: "12/28/2026",
                     time: "12:28 PM", month: "September 2026"};
    cut.push(...[...document.querySelectorAll("input")].filter((el) => {
        if (!SAMPLES[el.type] || !visible(el)) return false;
        const style = getComputedStyle(el);
        ruler.style.font = style.font;
        ruler.textContent = SAMPLES[el.type];
        const room = el.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight) - 16;
        return ruler.getBoundingClientRect().width > room + 1;
    }).map((el) => (el.name || el.id) + ": " + el.type));
    ruler.remove();
    return {page: document.documentElement.scrollWidth, width,
            wide: wide.slice(0, 5).map(name), scrolls: scrolls.slice(0, 5).map(name),
            cut: cut.slice(0, 5)};
}"""


def overflowing(result: dict) -> bool:
    return (
        result["page"] > result["width"]
        or bool(result["wide"])
        or bool(result["scrolls"])
        or bool(result["cut"])
    )


# Elements a page may hold wider than the window: closed menus, and (for pages that allow a
# table to scroll sideways) .table-responsive. Billing's pages allow no table to scroll.
FITS_SKIP = ".table-responsive, .offcanvas:not(.show), .dropdown-menu"


def assert_fits(page, name: str, width: int, *, skip: str = FITS_SKIP) -> None:
    """At `width` px, nothing on the page is wider than the window. With SCREENSHOT_DIR set,
    the page is saved there as <name>-<width>.png."""
    import os

    page.set_viewport_size({"width": width, "height": 860})
    page.wait_for_load_state("networkidle")
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    overflow = page.evaluate(
        """(skip) => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("body *")].filter((el) => {
                const box = el.getBoundingClientRect();
                if (!box.width || getComputedStyle(el).visibility === "hidden") return false;
                if (el.closest(skip)) return false;
                return box.right > width + 1;
            });
            return [document.documentElement.scrollWidth, width,
                    wide.slice(0, 5).map((el) => el.tagName + "." + el.className)];
        }""",
        skip,
    )
    scroll_width, client_width, wide = overflow
    assert scroll_width <= client_width and wide == [], (name, width, overflow)
