"""Every page an owner and a client user reach by links, in Polish and in Slovak, after
every app's demo has run: no English text that has a translation in the page's language (a
string shown untranslated, or a code or English word stored and shown as it was: a client's
History once read "billing.usage_recorded" and "unit_price"). Pages are read through the
test client, their visible text and the attributes a person sees (placeholder, title,
aria-label)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from accounts.models import Role, User
from modules.clients.models import Client
from tests.helpers.catalogues import catalogues
from tests.helpers.offices import OfficeClient, in_office, member
from tests.platform.test_audit_words import _seed_every_demo

# Links not followed: downloads, sign-out and switches, and the English editor of a
# notification template (English there is right).
SKIP = re.compile(
    r"/accounts/|/i18n/|switch|logout|/download|\.pdf|\.xlsx|\.ics|\.xml|/export|/file|/feed"
    r"|/media/|/static/|/api/|/delete|/print|/ubl|/templates/[^/]+/en/"
)
# English msgids a page may show as they are: a language's own name in the menu, and "List",
# which is also the Polish word for a letter (a mail type, in the Polish demo's data).
ALLOWED = {"English", "List"}
PAGES = 260


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("placeholder", "title", "aria-label"):
            if attrs.get(name):
                self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def _english_translated(into: str) -> set[str]:
    found = set()
    for (_name, language), entries in catalogues().items():
        if language == into:
            for (_context, msgid), translation in entries.items():
                if translation and translation[0] and translation[0] != msgid and len(msgid) > 3:
                    found.add(msgid)
    return found - ALLOWED


def _crawl(web, start: str, english: set[str]) -> tuple[int, dict[str, set[str]]]:
    queue, seen, shapes, found = [start], set(), set(), {}
    while queue and len(seen) < PAGES:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        if url in seen or shape in shapes:
            continue
        seen.add(url)
        shapes.add(shape)
        response = web.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        for text in parser.texts:
            text = " ".join(text.split())
            for piece in {text, text.rstrip(":").strip(), text.rstrip(".")}:
                if piece in english:
                    found.setdefault(piece, set()).add(shape)
        for href in parser.links:
            href = href.split("#")[0].split("?")[0]
            if href.startswith("/") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return len(seen), found


@pytest.mark.parametrize(("which", "language"), [("office_a", "pl"), ("office_b", "sk")])
def test_no_english_on_the_pages_of_a_demo_office(request, which, language):
    """A Polish office in Polish, a Slovak one in Slovak: each seeded in its language (as
    `seed_demo`), so the demo's own words are checked too."""
    office = request.getfixturevalue(which)
    assert office.language == language
    _seed_every_demo(office)
    english = _english_translated(language)
    owner = member(office, Role.OWNER)
    with in_office(office):
        first = Client.objects.order_by("pk").first()
    client = member(office, Role.CLIENT, client_id=first.pk, client_name=first.name)
    User.objects.filter(pk__in=[owner.pk, client.pk]).update(language=language)

    staff_pages, staff_found = _crawl(OfficeClient(office, user=owner), "/dashboard/", english)
    panel_pages, panel_found = _crawl(OfficeClient(office, user=client), "/portal/", english)

    assert staff_pages > 150 and panel_pages > 10, (staff_pages, panel_pages)
    assert staff_found == {} and panel_found == {}, (staff_found, panel_found)
