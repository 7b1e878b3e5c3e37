"""Browser: the staff sidebar at 1366 px on every staff menu entry's page (the active
entry is bold): it keeps its 17rem, each shortcut chip ("g m") shows whole inside it and
each group's chevron shows. On /mail/register/ the bold entry widened the menu past the
sidebar and the chips were cut to "g", the chevrons gone.

With SCREENSHOT_DIR set, each page is saved there as sidebar-<name>-<language>.png."""

from __future__ import annotations

import os

import pytest

from accounts.models import User
from common.navigation import STAFF_AREA, nav_items
from tests.browser.conftest import office_url, sign_in
from tests.browser.test_staff_pages import screens  # noqa: F401  (fixture)
from tests.factories import PASSWORD

# What is cut off: a chip or chevron past the sidebar's inner edge, a chip narrower than
# its text, a chevron with no width; and the sidebar's width.
SIDEBAR = """() => {
  const bar = document.querySelector('#sidebar');
  const edge = bar.getBoundingClientRect().left + bar.clientWidth;
  const cut = [];
  for (const el of bar.querySelectorAll('.nav-kbd, .nav-chevron')) {
    const r = el.getBoundingClientRect();
    const what = el.classList.contains('nav-kbd') ? el.textContent : 'chevron';
    if (r.width === 0 || r.right > edge + 0.5 || el.scrollWidth > el.clientWidth + 1) {
      cut.push([what, Math.round(r.right), Math.round(edge), el.scrollWidth, el.clientWidth]);
    }
  }
  return {width: Math.round(bar.getBoundingClientRect().width), cut};
}"""


@pytest.mark.parametrize("language", ["pl", "sk"])
def test_the_sidebar_keeps_its_chips_and_chevrons_at_1366(
    page,
    screens,  # noqa: F811
    language,
    django_db_blocker,
):
    office, owner, membership = screens
    with django_db_blocker.unblock():
        User.objects.filter(pk=owner.pk).update(language=language)
    urls = [e["url"] for e in nav_items(area=STAFF_AREA, membership=membership, current_path="/")]
    assert "/mail/register/" in urls or "/mail/" in urls
    urls = list(dict.fromkeys(["/mail/register/", *urls]))
    folder = os.environ.get("SCREENSHOT_DIR")
    sign_in(page, office, owner.email, PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    failures = []
    for url in urls:
        response = page.goto(office_url(office, url))
        assert response.status == 200, (url, response.status)
        page.wait_for_load_state("networkidle")
        if folder:
            name = url.strip("/").replace("/", "-") or "home"
            page.screenshot(path=f"{folder}/sidebar-{name}-{language}.png")
        result = page.evaluate(SIDEBAR)
        if result["width"] != 272 or result["cut"]:  # 17rem from 1360 px
            failures.append((url, result))
    assert failures == [], "\n".join(map(str, failures))
