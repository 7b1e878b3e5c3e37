import datetime as dt
import re

from django.utils import timezone

from accounts.models import Role
from modules.handover.services import handover_record
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.handover.factories import waiting
from tests.modules.mail.factories import item_register, status
from tests.modules.scanrequests.factories import allow, requested


def _english_client(office, company):
    person = member(office, Role.CLIENT, client_id=company.pk, client_name=company.name)
    person.language = "en"
    person.save(update_fields=["language"])
    return person


def _tile(html: str, key: str) -> str:
    start = html.rindex("<a ", 0, html.index(f'data-tile="{key}"'))
    return html[start : html.index("</a>", start)]


def _company_with_everything(office, staff):
    with in_office(office):
        mine, theirs = ClientFactory(name="Moja Firma"), ClientFactory(name="Obca Firma")
        old = timezone.now() - dt.timedelta(days=20)
        waiting(client=mine, count=2, received_at=old)
        item_register(client=mine, scans=["skan.pdf"], status=status("scanned"))
        allow()
        requested(item=item_register(client=mine, status=status("to_pick_up")))
        picked = waiting(client=mine, received_at=old)
        handover_record(
            actor=staff, item_ids=[picked[0].pk], method="confirmed", person_name="Anna Nowak"
        )
        # Another company's mail counts nowhere on this panel.
        waiting(client=theirs, count=5)
        item_register(client=theirs, scans=["obcy.pdf"], status=status("scanned"))
        requested(item=item_register(client=theirs, status=status("to_pick_up")))
    return mine, theirs


def test_panel_home_tiles_count_only_the_companys_own(office_a, staff_a):
    mine, _theirs = _company_with_everything(office_a, staff_a)
    person = _english_client(office_a, mine)
    html = OfficeClient(office_a, user=person).get("/portal/").content.decode()
    assert '<div class="display-6">2</div>' in _tile(html, "mail.client_new")
    waiting_tile = _tile(html, "mail.client_waiting")
    assert '<div class="display-6">3</div>' in waiting_tile
    to_pick_up = status_pk(office_a, "to_pick_up")
    assert f'href="/portal/mail/?status={to_pick_up}"' in waiting_tile
    assert '<div class="display-6">1</div>' in _tile(html, "mail.client_scans")
    assert '<div class="display-6">1</div>' in _tile(html, "scanrequests.client_open")
    assert '<div class="display-6">1</div>' in _tile(html, "handover.client_recent")
    summary = html[html.index('data-testid="panel-summary"') :].split("</p>")[0]
    assert "Received in the last 7 days:" in summary and ">2 letters</a>." in summary
    assert "3 letters to pick up" in summary
    assert summary.index("3 letters to pick up") < summary.index("Received in the last 7 days")
    assert "1 scan ready" in summary and "1 scan being prepared" in summary
    assert f'href="/portal/mail/?status={to_pick_up}"' in summary


def status_pk(office, code):
    with in_office(office):
        return status(code).pk


def test_panel_home_of_a_new_company_says_nothing_is_new(office_a):
    with in_office(office_a):
        company = ClientFactory()
    person = _english_client(office_a, company)
    html = OfficeClient(office_a, user=person).get("/portal/").content.decode()
    assert "Nothing new this week." in html
    assert '<div class="display-6">0</div>' in _tile(html, "mail.client_new")
    assert 'data-tile="scanrequests.client_open"' not in html
    assert 'data-tile="handover.client_recent"' not in html


def test_panel_home_costs_one_query_per_tile(office_a, staff_a, django_assert_num_queries):
    from common.dashboard import dashboard_tiles
    from common.navigation import CLIENT_AREA

    mine, _theirs = _company_with_everything(office_a, staff_a)
    person = member(office_a, Role.CLIENT, client_id=mine.pk, client_name=mine.name)
    membership = person.memberships.get()

    class Request:
        pass

    request = Request()
    request.membership, request.user = membership, person
    # The office's search_path, then one query per module (mail's three tiles share one; the
    # helpdesk's, the invoices', the messages' and the documents' stay hidden here: no open
    # request, nothing to pay, nothing unread, nothing shared), the helpdesk two: the person's
    # access level decides which of the company's requests they see
    # (selectors.client_awaiting), then the figures.
    with in_office(office_a), django_assert_num_queries(10):
        tiles = dashboard_tiles(request=request, area=CLIENT_AREA)
    assert [t["key"] for t in tiles] == [
        "mail.client_new",
        "mail.client_waiting",
        "mail.client_scans",
        "scanrequests.client_open",
        "handover.client_recent",
        "rooms.upcoming",
    ]


def test_staff_dashboard_shows_no_client_tiles(office_a, staff_a):
    html = OfficeClient(office_a, user=staff_a).get("/").content.decode()
    assert "mail.client_new" not in html and "handover.client_recent" not in html


def test_the_new_letters_count_is_what_its_link_lists(office_a):
    """One rule (mail.selectors.client_new_filters): incoming items of the last seven days
    of the office's calendar, today included. The count was "since this hour seven days
    ago" and the link "since the start of that day": 3 on the tile, 4 in the list."""
    with in_office(office_a):
        company = ClientFactory()
        first_day = timezone.localdate() - dt.timedelta(days=6)
        start = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
        for at in (
            start + dt.timedelta(minutes=1),  # the first of the seven days: new
            start - dt.timedelta(minutes=1),  # the evening before: not new
            start - dt.timedelta(hours=23, minutes=59),  # the morning before: not new
        ):
            item_register(client=company, received_at=at)
    person = _english_client(office_a, company)
    panel = OfficeClient(office_a, user=person)
    tile = _tile(panel.get("/portal/").content.decode(), "mail.client_new")
    assert '<div class="display-6">1</div>' in tile
    link = tile.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert link == f"/portal/mail/?direction=in&date_from={first_day.isoformat()}"
    assert panel.get(link).content.decode().count('data-testid="portal-row"') == 1


def test_letters_handed_over_this_week_are_said_received_not_waiting(office_a, staff_a):
    with in_office(office_a):
        company = ClientFactory()
        items = waiting(client=company, count=2)
        handover_record(
            actor=staff_a,
            item_ids=[item.pk for item in items],
            method="confirmed",
            person_name="Anna Nowak",
        )
    person = member(office_a, Role.CLIENT, client_id=company.pk, client_name=company.name)
    html = OfficeClient(office_a, user=person).get("/portal/").content.decode()  # Polish
    summary = html[html.index('data-testid="panel-summary"') :].split("</p>")[0]
    assert "Czeka na Ciebie" not in summary
    text = " ".join(re.sub(r"<[^>]+>", "", summary.split(">", 1)[1]).split())
    assert text == "Otrzymane w ostatnich 7 dniach: 2 listy."
    assert '<div class="display-6">0</div>' in _tile(html, "mail.client_waiting")


def _summary(html: str) -> str:
    return html[html.index('data-testid="panel-summary"') :].split("</p>")[0]


def test_panel_home_says_what_waits_from_the_helpdesk_and_the_invoices(office_a):
    """A request waiting for the client's answer and unpaid invoices stood in their tiles
    while the sentence above them said "Nothing new this week."; they are in it now."""
    from modules.helpdesk.services import request_transition
    from tests.modules.helpdesk.factories import raised
    from tests.modules.invoices.factories import buyer, issued, office_details

    with in_office(office_a):
        office_details()
        mine, theirs = buyer(), buyer()
        person = _english_client(office_a, mine)
        asked = raised(actor=person, client=mine)
        request_transition(request=asked, action="start", actor=None)
        request_transition(request=asked, action="ask_client", actor=None)
        raised(actor=person, client=mine)  # open, nothing asked of the client
        issued(mine)  # 334.11
        issued(mine)
        issued(theirs)  # another company's counts nowhere
        other = raised(client=theirs)
        request_transition(request=other, action="start", actor=None)
        request_transition(request=other, action="ask_client", actor=None)
    summary = _summary(OfficeClient(office_a, user=person).get("/portal/").content.decode())
    assert "Nothing new this week." not in summary
    assert summary.endswith(
        'Waiting for you: <a href="/portal/helpdesk/" data-summary="helpdesk.awaiting">'
        "1 request</a>, "
        '<a href="/portal/invoices/" data-summary="invoices.client_due">'
        "2 invoices to pay (PLN\xa0668.22)</a>."
    )


def test_panel_home_counts_documents_shared_this_week_in_a_tile_and_the_sentence(office_a, staff_a):
    """A document newly shared with the company had no tile and the sentence said "Nothing
    new this week."; the documents tile counts those shared in the last 7 days (hidden while
    nothing is shared), and the sentence lists them as received."""
    from modules.documents.models import Document
    from modules.documents.services import document_share
    from tests.modules.documents.factories import document_made, template_made

    with in_office(office_a):
        mine, theirs = ClientFactory(name="Moja Firma"), ClientFactory(name="Obca Firma")
    person = _english_client(office_a, mine)
    web = OfficeClient(office_a, user=person)
    assert 'data-tile="documents.client_new"' not in web.get("/portal/").content.decode()
    with in_office(office_a):
        template = template_made(actor=staff_a)
        fresh = document_made(client=mine, template=template, actor=staff_a)
        older = document_made(client=mine, template=template, actor=staff_a)
        document_made(client=mine, template=template, actor=staff_a)  # not shared
        for document in (fresh, older):
            document_share(document=document, actor=staff_a, shared=True)
        Document.objects.filter(pk=older.pk).update(shared_at=timezone.now() - dt.timedelta(days=8))
        document_share(
            document=document_made(client=theirs, template=template, actor=staff_a),
            actor=staff_a,
            shared=True,
        )
    html = web.get("/portal/").content.decode()
    tile = _tile(html, "documents.client_new")
    assert 'href="/portal/documents/"' in tile
    assert '<div class="display-6">1</div>' in tile and "2 shared in total" in tile
    summary = _summary(html)
    assert "Nothing new this week." not in summary
    assert summary.endswith(
        'Received in the last 7 days: <a href="/portal/documents/" '
        'data-summary="documents.client_new">1 document</a>.'
    )
    with in_office(office_a):
        Document.objects.filter(pk=fresh.pk).update(shared_at=timezone.now() - dt.timedelta(days=8))
    html = web.get("/portal/").content.decode()
    assert '<div class="display-6">0</div>' in _tile(html, "documents.client_new")
    assert 'data-summary="documents.client_new"' not in _summary(html)
