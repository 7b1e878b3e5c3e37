"""One definition of who sees which mail under which filters: the staff archive (SQL compiled
from the definition), the client panel, the Excel export and the API (ORM) list the same items
in the same order for every filter, through the window of newest items and through the index."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Membership, Role
from modules.mail import api, selectors
from modules.mail.exports import mail_export_write
from modules.mail.forms import mail_filters_from
from modules.mail.models import MailType
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.mail.factories import item_register, letter, status

ROW = re.compile(r'data-testid="(?:mail|portal)-row" data-number="([^"]+)"')


@pytest.fixture
def archive(office_a):
    """Eighteen items a day apart over two clients, both directions, two types, a status
    hidden from clients; every third from the courier."""
    with in_office(office_a):
        mine, other = ClientFactory(), ClientFactory()
        hidden = status("shredded")
        hidden.visible_to_client = False
        hidden.save(update_fields=["visible_to_client"])
        parcel = MailType.objects.get(code="parcel")
        statuses = [status("to_pick_up"), status("picked_up"), hidden]
        sent = status("sent")
        now = timezone.now()
        numbers = []
        for i in range(18):
            out = i % 4 == 0
            item = item_register(
                client=mine if i % 3 else other,
                direction="out" if out else "in",
                sender="" if out else ("Kurier Żółw" if i % 3 == 0 else "ZUS Oddział"),
                recipient="Kurier Żółw Bank" if out else "",
                mail_type=parcel if i % 2 else letter(),
                # Outgoing mail never waits for hand-over: "sent" stands for "to pick up".
                status=sent
                if out and statuses[i % 3 if i % 5 else 0] == statuses[0]
                else statuses[i % 3 if i % 5 else 0],
                received_at=now - dt.timedelta(days=i, hours=1),
            )
            numbers.append(item.number)
    staff = member(office_a, Role.STAFF)
    client_user = member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    today = timezone.localdate()
    variants = [
        {},
        {"status": str(statuses[0].pk)},
        {"status": "picked_up"},
        {"status": str(hidden.pk)},
        {"client": str(other.pk)},
        {"client": str(mine.pk), "direction": "in"},
        {"direction": "out"},
        {"type": str(parcel.pk)},
        {"type": str(parcel.pk), "status": str(statuses[0].pk)},
        {"date_from": (today - dt.timedelta(days=9)).isoformat()},
        {"date_to": (today - dt.timedelta(days=5)).isoformat()},
        {
            "date_from": (today - dt.timedelta(days=12)).isoformat(),
            "date_to": (today - dt.timedelta(days=3)).isoformat(),
        },
        {"q": "zolw"},
        {"q": "kurier bank"},
        {"q": "zus", "type": str(parcel.pk), "direction": "in"},
        {"q": "zolw", "status": str(statuses[0].pk), "client": str(mine.pk)},
        {"q": "nowhere"},
        {"direction": "sideways", "type": "x", "date_from": "soon"},
        {"type": "x", "client": str(mine.pk), "q": "zus"},
    ]
    return {
        "office": office_a,
        "numbers": numbers,
        "staff": staff,
        "client_user": client_user,
        "client_membership": Membership.objects.get(user=client_user),
        "variants": variants,
        "mine": mine,
    }


def _pages(web, url: str, params: dict, next_marker: str) -> list[str]:
    found, page = [], 1
    while True:
        html = web.get(url, {**params, "page": page}).content.decode()
        found += ROW.findall(html)
        if next_marker not in html:
            return found
        page += 1


def _api(web, params: dict) -> list[str]:
    found, response = [], web.get("/api/v1/mail/", params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        found += [row["number"] for row in body["results"]]
        if not body["next"]:
            return found
        response = web.get(body["next"])


def _export(membership, params: dict, office) -> list[str]:
    stream = io.BytesIO()
    with in_office(office):
        filters, _form = mail_filters_from(
            params, statuses=selectors.status_list(active_only=False)
        )
        mail_export_write(stream=stream, membership=membership, filters=filters)
    rows = list(load_workbook(io.BytesIO(stream.getvalue())).worksheets[0].values)
    return [row[0] for row in rows[1:]]


def _expected(office, membership, params: dict) -> list[str]:
    with in_office(office):
        filters, _form = mail_filters_from(
            params, statuses=selectors.status_list(active_only=False)
        )
        return list(
            selectors.mail_item_filtered(membership=membership, filters=filters).values_list(
                "number", flat=True
            )
        )


@pytest.fixture(params=[100, 3], ids=["window-holds-all", "window-then-index"])
def small_pages(request, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", request.param)
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)
    monkeypatch.setattr(api.NewestFirst, "page_size", 3)


def test_staff_archive_export_and_api_list_the_same_items_for_every_filter(archive, small_pages):
    office = archive["office"]
    web = OfficeClient(office, user=archive["staff"])
    with in_office(office):
        membership = Membership.objects.get(user=archive["staff"])
    for params in archive["variants"]:
        seen = _pages(web, "/mail/", params, 'data-testid="mail-next"')
        expected = _expected(office, membership, params)
        assert seen == expected, params
        response = web.get("/mail/export/", params)
        exported = [
            r[0] for r in list(load_workbook(io.BytesIO(response.content)).active.values)[1:]
        ]
        assert exported == seen, params
        assert _api(web, params) == seen, params
    assert _expected(office, membership, {}) == archive["numbers"]
    assert _expected(office, membership, {"q": "nowhere"}) == []
    one_bad_value = {"type": "x", "client": str(archive["mine"].pk)}
    assert _expected(office, membership, one_bad_value) == [
        number for i, number in enumerate(archive["numbers"]) if i % 3
    ]


def test_client_panel_export_and_api_list_the_same_items_for_every_filter(archive, small_pages):
    office = archive["office"]
    web = OfficeClient(office, user=archive["client_user"])
    membership = archive["client_membership"]
    numbers = archive["numbers"]
    for params in archive["variants"]:
        seen = _pages(web, "/portal/mail/", params, "&raquo;")
        assert seen == _expected(office, membership, params), params
        assert _export(membership, params, office) == seen, params
        assert _api(web, params) == seen, params
    # The client's own items (i % 3), in statuses visible to clients (not the hidden one).
    visible = [n for i, n in enumerate(numbers) if i % 3 and (i % 3 != 2 or i % 5 == 0)]
    assert _expected(office, membership, {}) == visible
