import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail as outbox
from django.utils import timezone

from accounts.models import Role
from modules.helpdesk.models import Access, Attachment, Quote, Reply, Request
from modules.helpdesk.services import (
    access_set,
    quote_create,
    reply_create,
    request_transition,
)
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.mail.factories import BROKEN_PDF, item_register, upload

STAFF_PAGE = {
    "anonymous": 302,
    "client": 403,
    "staff": 200,
    "admin": 200,
    "owner": 200,
    "other_office": 403,
}
REFUSED = {k: v for k, v in STAFF_PAGE.items() if v != 200}


def _request(office, **data):
    with in_office(office):
        return raised(**data)


def _status(office, pk) -> str:
    with in_office(office):
        return Request.objects.get(pk=pk).status


def test_staff_screens_permission_matrix(office_a, office_b):
    req = _request(office_a)
    for url in ("/helpdesk/", "/helpdesk/new/", f"/helpdesk/{req.pk}/"):
        check_permission_matrix(office_a, office_b, "get", url, expect=STAFF_PAGE)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/status/",
        data={"action": "close"},
        expect=REFUSED,
        unchanged=lambda: Request.objects.get(pk=req.pk).status == "new",
    )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/reply/",
        data={"body": "hi", "internal": "on"},
        expect=REFUSED,
        unchanged=lambda: not Reply.objects.filter(request_id=req.pk).exists(),
    )
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/administration/helpdesk/",
        expect={**STAFF_PAGE, "staff": 403},
    )


def test_client_panel_permission_matrix(office_a, office_b):
    expect = {
        "anonymous": 302,
        "client": 200,
        "staff": 403,
        "admin": 403,
        "owner": 403,
        "other_office": 403,
    }
    for url in ("/portal/helpdesk/", "/portal/helpdesk/new/"):
        check_permission_matrix(office_a, office_b, "get", url, expect=expect)


def test_another_offices_request_answers_404_and_changes_nothing(office_a, office_b):
    req = _request(office_a)
    check_cross_office(office_a, office_b, "get", f"/helpdesk/{req.pk}/")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/helpdesk/{req.pk}/status/",
        data={"action": "close"},
        unchanged=lambda: Request.objects.get(pk=req.pk).status == "new",
    )


def test_staff_creates_a_request_for_a_client_with_an_attachment(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        "/helpdesk/new/",
        {
            "subject": "Register my company",
            "client": client.pk,
            "priority": "high",
            "description": "Phone call",
            "attachments": [upload("contract.pdf")],
        },
    )
    assert response.status_code == 302
    with in_office(office_a):
        req = Request.objects.get()
        assert (req.subject, req.client_id, req.priority, req.source) == (
            "Register my company",
            client.pk,
            "high",
            "staff",
        )
        assert req.number == f"HD-{timezone.localdate().year}-00001"
        assert list(Attachment.objects.values_list("original_name", flat=True)) == ["contract.pdf"]
    assert response.url == f"/helpdesk/{req.pk}/"


def test_attachment_of_another_type_is_refused(office_a, staff_a):
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        "/helpdesk/new/",
        {"subject": "x", "priority": "normal", "attachments": [upload("evil.pdf", b"MZ\x90")]},
    )
    assert response.status_code == 400
    with in_office(office_a):
        assert not Request.objects.exists()


def test_an_attachment_that_does_not_open_is_refused_and_the_good_one_kept(office_a, staff_a):
    # The audit's 193-byte PDF was accepted as an attachment (only mail's scans opened it).
    web = OfficeClient(office_a, user=staff_a)
    files = [upload("umowa.pdf", BROKEN_PDF), upload("contract.pdf")]
    response = web.post(
        "/helpdesk/new/", {"subject": "x", "priority": "normal", "attachments": files}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "umowa.pdf: The file is damaged and cannot be opened." in page
    assert 'name="attachments_kept"' in page and "contract.pdf" in page  # kept as today
    with in_office(office_a):
        assert not Request.objects.exists()


FILE_AGAIN = "The file you chose was not kept: choose it again."


def test_a_request_form_shown_again_keeps_the_file_it_was_sent(office_a, staff_a):
    # Bad input loses nothing: the file is kept (test_kept_files.py), not asked again.
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    staff_web = OfficeClient(office_a, user=staff_a)
    staff_web.cookies["django_language"] = "en"
    client_web = OfficeClient(office_a, user=user)
    for web, path in ((staff_web, "/helpdesk/new/"), (client_web, "/portal/helpdesk/new/")):
        bad = {"subject": "", "priority": "normal", "description": "Please"}
        response = web.post(path, {**bad, "attachments": [upload("contract.pdf")]})
        assert response.status_code == 400
        page = response.content.decode()
        assert FILE_AGAIN not in page
        assert 'name="attachments_kept"' in page and "contract.pdf" in page
        assert "Please</textarea>" in page  # what was typed comes back
        assert 'name="attachments_kept"' not in web.post(path, bad).content.decode()
        assert 'name="attachments_kept"' not in web.get(path).content.decode()
    with in_office(office_a):
        assert not Request.objects.exists()


def test_client_raises_and_sees_only_own_requests(office_a):
    with in_office(office_a):
        client = ClientFactory()
        other = ClientFactory()
    user = client_user(office_a, client)
    colleague = client_user(office_a, client)
    web = OfficeClient(office_a, user=user)
    response = web.post(
        "/portal/helpdesk/new/",
        {"subject": "Book a courier", "priority": "normal", "description": "Tomorrow 9:00"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        mine = Request.objects.get()
        assert (mine.client_id, mine.requester_id, mine.source) == (client.pk, user.pk, "portal")
        theirs = raised(client=client, actor=colleague)
        foreign = raised(client=other)
    listing = web.get("/portal/helpdesk/").content.decode()
    assert mine.number in listing
    assert theirs.number not in listing
    assert web.get(f"/portal/helpdesk/{theirs.pk}/").status_code == 404
    assert web.get(f"/portal/helpdesk/{foreign.pk}/").status_code == 404
    with in_office(office_a):
        access_set(actor=None, user_id=user.pk, client=client, level=Access.Level.MANAGER)
    listing = web.get("/portal/helpdesk/").content.decode()
    assert mine.number in listing and theirs.number in listing
    assert foreign.number not in listing
    assert web.get(f"/portal/helpdesk/{foreign.pk}/").status_code == 404


def test_internal_notes_never_reach_the_client(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
        reply_create(
            request=req, actor=staff_a, body="SECRET-NOTE the client is late", internal=True
        )
        reply_create(request=req, actor=staff_a, body="We are on it")
    page = OfficeClient(office_a, user=user).get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert "We are on it" in page
    assert "SECRET-NOTE" not in page
    assert all("SECRET-NOTE" not in m.body for m in outbox.outbox)
    staff_page = OfficeClient(office_a, user=staff_a).get(f"/helpdesk/{req.pk}/").content.decode()
    assert "SECRET-NOTE" in staff_page
    assert 'data-testid="internal-note"' in staff_page


def test_client_cannot_post_an_internal_note(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
    web = OfficeClient(office_a, user=user)
    response = web.post(f"/portal/helpdesk/{req.pk}/reply/", {"body": "hello", "internal": "on"})
    assert response.status_code == 302
    with in_office(office_a):
        assert list(Reply.objects.values_list("body", "internal")) == [("hello", False)]


def test_client_may_not_take_staff_transitions(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
    response = OfficeClient(office_a, user=user).post(
        f"/portal/helpdesk/{req.pk}/status/", {"action": "close"}
    )
    assert response.status_code == 403
    assert _status(office_a, req.pk) == "new"


def test_read_only_staff_cannot_change_anything(office_a):
    viewer = member(office_a, Role.STAFF)
    with in_office(office_a):
        req = raised()
        access_set(actor=None, user_id=viewer.pk, level=Access.Level.READ_ONLY)
    web = OfficeClient(office_a, user=viewer)
    assert web.get(f"/helpdesk/{req.pk}/").status_code == 200
    assert web.post(f"/helpdesk/{req.pk}/status/", {"action": "start"}).status_code == 403
    assert web.post(f"/helpdesk/{req.pk}/reply/", {"body": "x"}).status_code == 403
    assert _status(office_a, req.pk) == "new"


def test_agent_sees_own_and_unassigned_supervisor_all(office_a):
    agent = member(office_a, Role.STAFF)
    colleague = member(office_a, Role.STAFF)
    supervisor = member(office_a, Role.ADMIN)
    with in_office(office_a):
        theirs = raised(assignee_id=colleague.pk)
        free = raised()
    web = OfficeClient(office_a, user=agent)
    assert web.get(f"/helpdesk/{theirs.pk}/").status_code == 404
    assert web.get(f"/helpdesk/{free.pk}/").status_code == 200
    assert OfficeClient(office_a, user=supervisor).get(f"/helpdesk/{theirs.pk}/").status_code == 200


def test_queue_saved_filters(office_a, staff_a, django_assert_num_queries):
    with in_office(office_a):
        mine = raised(assignee_id=staff_a.pk, subject="Mine one")
        free = raised(subject="Free one")
        late = raised(subject="Late one", due_date=timezone.localdate() - dt.timedelta(days=2))
    web = OfficeClient(office_a, user=staff_a)
    web.get("/helpdesk/")  # warm the session and caches

    def numbers(saved):
        html = web.get(f"/helpdesk/?saved={saved}").content.decode()
        return {r.number for r in (mine, free, late) if r.number in html}

    assert numbers("mine") == {mine.number}
    assert numbers("unassigned") == {free.number, late.number}
    assert numbers("overdue") == {late.number}
    with django_assert_num_queries(10):
        web.get("/helpdesk/?saved=open")


def test_two_operators_one_request_second_change_refused(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a)
    first = OfficeClient(office_a, user=staff_a)
    second_user = member(office_a, Role.ADMIN)
    second_user.language = "en"
    second_user.save(update_fields=["language"])
    second = OfficeClient(office_a, user=second_user)
    form = {"subject": "New subject", "priority": "high", "version": "1"}
    assert first.post(f"/helpdesk/{req.pk}/", form).status_code == 302
    response = second.post(f"/helpdesk/{req.pk}/", {**form, "subject": "Other"})
    assert response.status_code == 400
    assert "Someone else changed this request" in response.content.decode()
    with in_office(office_a):
        assert Request.objects.get(pk=req.pk).subject == "New subject"


def test_history_records_every_field(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a)
        created = req.changes.latest("pk").pk
    web = OfficeClient(office_a, user=staff_a)
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    web.post(
        f"/helpdesk/{req.pk}/",
        {
            "subject": "Changed",
            "priority": "urgent",
            "assignee": staff_a.pk,
            "due_date": due,
            "version": "1",
        },
    )
    with in_office(office_a):
        fields = {c.field: [c.old, c.new] for c in req.changes.filter(pk__gt=created)}
        assert fields == {
            "subject": ["Forward my mail abroad", "Changed"],
            "priority": ["normal", "urgent"],
            "assignee_id": [None, staff_a.pk],
            "due_date": [None, due],
        }
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert 'data-field="priority"' in page


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "pl",
            ["Priorytet: Normalny → Pilny", "Utworzono zgłoszenie: Numer: HD-", "; Status: Nowe;"],
        ),
        ("sk", ["Priorita: Normálna → Naliehavá", "Požiadavka vytvorená: ", "; Stav: Nová;"]),
        ("en", ["Priority: Normal → Urgent", "Request created: Number: HD-", "; Subject: "]),
    ],
)
def test_history_reads_in_words_not_codes(office_a, staff_a, language, words):
    from accounts.models import User

    User.objects.filter(pk=staff_a.pk).update(language=language)
    with in_office(office_a):
        req = raised(actor=staff_a)
    web = OfficeClient(office_a, user=staff_a)
    due = timezone.localdate() + dt.timedelta(days=3)
    web.post(
        f"/helpdesk/{req.pk}/",
        {
            "subject": req.subject,
            "priority": "urgent",
            "assignee": staff_a.pk,
            "due_date": due.isoformat(),
            "version": "1",
        },
    )
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    history = page[page.index('data-testid="timeline"') :]
    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history[: history.index("</ul>")]))
    for word in words:
        assert word in history, (word, history)
    name = staff_a.full_name or staff_a.email
    assert f"— → {name}" in history
    for code in ("urgent", "normal", "assignee_id", "due_date", due.isoformat(), "<code>"):
        assert code not in history, code


def test_quote_internal_cost_is_hidden_from_the_client(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
        quote_create(
            request=req,
            actor=staff_a,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            internal_cost=Decimal("987.65"),
            lines=[
                {
                    "description": "Courier",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("100"),
                    "vat_rate": Decimal("23"),
                }
            ],
        )
    page = OfficeClient(office_a, user=user).get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert "123.00" in page
    assert "987.65" not in page
    assert (
        "987.65"
        in OfficeClient(office_a, user=staff_a).get(f"/helpdesk/{req.pk}/").content.decode()
    )
    with in_office(office_a):
        assert Quote.objects.get().status == "sent"
        assert Request.objects.get(pk=req.pk).status == "waiting_quote"


def test_transition_refused_shows_allowed_ones(office_a, staff_a):
    with in_office(office_a):
        req = raised(actor=staff_a)
        request_transition(request=req, action="close", actor=staff_a)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(f"/helpdesk/{req.pk}/status/", {"action": "start"}, follow=True)
    assert "“Start work” is not possible while the request is closed. Possible now: Reopen." in (
        response.content.decode()
    )


def test_request_from_a_mail_item_is_linked_both_ways(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        item = item_register(client=client, sender="ZUS")
    web = OfficeClient(office_a, user=staff_a)
    mail_page = web.get(f"/mail/{item.pk}/").content.decode()
    assert f'href="/helpdesk/new/?mail={item.pk}"' in mail_page
    form = web.get(f"/helpdesk/new/?mail={item.pk}").content.decode()
    assert f"Mail {item.number} from ZUS" in form
    response = web.post(
        "/helpdesk/new/",
        {"mail": item.pk, "subject": "Forward it", "client": client.pk, "priority": "normal"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        req = Request.objects.get()
        assert (req.mail_item_id, req.source, req.client_id) == (item.pk, "mail", client.pk)
    detail = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f'href="/mail/{item.pk}/"' in detail
    mail_page = web.get(f"/mail/{item.pk}/").content.decode()
    assert f'href="/helpdesk/{req.pk}/" data-testid="linked-request"' in mail_page


def test_request_from_an_unknown_mail_item_is_404(office_a, staff_a):
    web = OfficeClient(office_a, user=staff_a)
    assert web.get("/helpdesk/new/?mail=987654").status_code == 404
    response = web.post("/helpdesk/new/", {"mail": 987654, "subject": "x", "priority": "normal"})
    assert response.status_code == 404
    with in_office(office_a):
        assert not Request.objects.exists()


def test_admin_sets_access_levels_only_for_members(office_a, office_b):
    admin = member(office_a, Role.ADMIN)
    agent = member(office_a, Role.STAFF)
    stranger = member(office_b, Role.STAFF)
    with in_office(office_a):
        client = ClientFactory()
    requester = client_user(office_a, client)
    web = OfficeClient(office_a, user=admin)
    url = "/administration/helpdesk/access/"
    assert web.post(url, {"email": agent.email, "level": "read_only"}).status_code == 302
    assert (
        web.post(url, {"email": requester.email, "client": client.pk, "level": "manager"})
    ).status_code == 302
    assert web.post(url, {"email": stranger.email, "level": "supervisor"}).status_code == 400
    assert web.post(url, {"email": agent.email, "level": "manager"}).status_code == 400
    with in_office(office_a):
        assert sorted(Access.objects.values_list("user_id", "client_id", "level")) == sorted(
            [(agent.pk, None, "read_only"), (requester.pk, client.pk, "manager")]
        )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        url,
        data={"email": agent.email, "level": "supervisor"},
        expect={**REFUSED, "staff": 403},
        unchanged=lambda: Access.objects.get(user_id=agent.pk).level == "read_only",
    )


def test_bulk_assign_and_close_only_visible_requests(office_a, office_b, staff_a):
    colleague = member(office_a, Role.STAFF)
    with in_office(office_a):
        one, two = raised(), raised()
        hidden = raised(assignee_id=colleague.pk)
        request_transition(request=two, action="close", actor=None)
    web = OfficeClient(office_a, user=staff_a)
    response = web.post(
        "/helpdesk/bulk/",
        {"action": "assign", "assignee": staff_a.pk, "ids": [one.pk, hidden.pk]},
    )
    assert response.status_code == 302
    web.post(
        "/helpdesk/bulk/",
        {"action": "close", "confirmed": "1", "ids": [one.pk, two.pk, hidden.pk]},
    )
    with in_office(office_a):
        assert Request.objects.get(pk=one.pk).assignee_id == staff_a.pk
        assert Request.objects.get(pk=one.pk).status == "closed"
        assert (
            Request.objects.get(pk=hidden.pk).assignee_id,
            Request.objects.get(pk=hidden.pk).status,
        ) == (
            colleague.pk,
            "new",
        )
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        "/helpdesk/bulk/",
        data={"action": "close", "ids": [hidden.pk]},
        expect={"anonymous": 302, "client": 403, "other_office": 403},
        unchanged=lambda: Request.objects.get(pk=hidden.pk).status == "new",
    )
    # Nothing ticked: told so rather than coming back as if it were done.
    nothing = web.post("/helpdesk/bulk/", {"action": "close"}, follow=True)
    assert "Tick the requests to change, then choose what to do." in nothing.content.decode()


def test_canned_reply_is_offered_on_the_request_page(office_a, staff_a):
    admin = member(office_a, Role.ADMIN)
    web = OfficeClient(office_a, user=admin)
    response = web.post(
        "/administration/helpdesk/canned/", {"title": "Thanks", "body": "Thank you, done."}
    )
    assert response.status_code == 302
    with in_office(office_a):
        req = raised()
    page = OfficeClient(office_a, user=staff_a).get(f"/helpdesk/{req.pk}/").content.decode()
    assert 'data-body="Thank you, done."' in page
    refused = OfficeClient(office_a, user=staff_a).post(
        "/administration/helpdesk/canned/", {"title": "x", "body": "y"}
    )
    assert refused.status_code == 403


def test_the_panel_home_tile_counts_only_the_persons_own_requests_awaiting_them(office_a, office_b):
    import re

    from modules.helpdesk.models import Access

    with in_office(office_a):
        client, neighbour = ClientFactory(), ClientFactory()
        marek, ola = client_user(office_a, client), client_user(office_a, client)
        stranger = client_user(office_a, neighbour)
        mine = raised(actor=marek, client=client)
        request_transition(request=mine, action="start", actor=None)
        request_transition(request=mine, action="ask_client", actor=None)
        raised(actor=marek, client=client)  # open, nothing asked of him
        theirs = raised(actor=ola, client=client)
        request_transition(request=theirs, action="start", actor=None)
        request_transition(request=theirs, action="resolve", actor=None)
        other = raised(actor=stranger, client=neighbour)
        request_transition(request=other, action="start", actor=None)
        request_transition(request=other, action="resolve", actor=None)

    def tile(user):
        html = OfficeClient(office_a, user=user).get("/portal/").content.decode()
        found = re.search(
            r'data-tile="helpdesk.awaiting".*?<div class="display-6">(\d+)<', html, re.S
        )
        return found.group(1) if found else None

    assert tile(marek) == "1"
    assert tile(ola) == "1"
    with in_office(office_a):
        Access.objects.create(user=ola, client=client, level="manager")
    assert tile(ola) == "2"
    with in_office(office_a):
        nobody = client_user(office_a, ClientFactory())
    assert tile(nobody) is None


def test_the_request_page_loads_its_forms_on_demand_for_those_who_work(office_a, office_b):
    req = _request(office_a)
    for part in ("fields", "quote", "work"):
        check_permission_matrix(
            office_a,
            office_b,
            "get",
            f"/helpdesk/{req.pk}/{part}/",
            expect={**STAFF_PAGE, "client": 403},
        )
        check_cross_office(office_a, office_b, "get", f"/helpdesk/{req.pk}/{part}/")
    admin = OfficeClient(office_a, user=member(office_a, Role.ADMIN))
    page = admin.get(f"/helpdesk/{req.pk}/").content.decode()
    assert f'hx-get="/helpdesk/{req.pk}/fields/"' in page
    assert 'data-testid="edit-form"' not in page
    form = admin.get(f"/helpdesk/{req.pk}/fields/").content.decode()
    assert f'action="/helpdesk/{req.pk}/"' in form
    assert 'name="version" value="1"' in form


def test_a_new_requests_history_starts_with_one_created_line(office_a, staff_a):
    """Audit 2026-12-07: five "— → value" lines ("Number: — → HD-...", "Subject: — → ...")."""
    with in_office(office_a):
        req = raised(actor=staff_a, subject="Parcel")
    web = OfficeClient(office_a, user=staff_a)
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    history = page[
        page.index('data-testid="timeline"') : page.index(
            "</ul>", page.index('data-testid="timeline"')
        )
    ]
    items = re.findall(r"<li .*?</li>", history)
    assert len(items) == 1
    assert 'data-field="created"' in items[0]
    text = re.sub(r"<[^>]+>", "", items[0])
    assert f"Request created: Number: {req.number}; Subject: Parcel; Status: New; " in text
    assert "— →" not in text


def test_the_bulk_action_is_not_marked_required_and_still_needs_a_choice(office_a, staff_a):
    """Audit 2026-12-07: "With the chosen requests*" carried a required asterisk."""
    with in_office(office_a):
        one = raised()
    web = OfficeClient(office_a, user=staff_a)
    page = web.get("/helpdesk/").content.decode()
    label = re.search(r'<label[^>]*for="id_action"[^>]*>(.*?)</label>', page, re.S).group(1)
    assert " ".join(label.split()) == "With the chosen requests"
    nothing = web.post("/helpdesk/bulk/", {"ids": [one.pk]}, follow=True)
    assert "Tick the requests to change, then choose what to do." in nothing.content.decode()
    assert _status(office_a, one.pk) == "new"


def test_the_requester_reads_one_way_from_e_mail_and_from_the_panel(office_a):
    """From e-mail the page read "Marek Zieliński <marek@firma.pl>", from the panel "Marek
    Zieliński": both now read the name, the address on hover."""
    with in_office(office_a):
        company = ClientFactory(name="Zielony Las")
    marek = client_user(office_a, company)
    marek.full_name, marek.email = "Marek Zieliński", "marek@zielonylas.pl"
    marek.save(update_fields=["full_name", "email"])
    with in_office(office_a):
        panel = raised(
            actor=marek, client=company, source=Request.Source.PORTAL, subject="Z panelu"
        )
        emailed = raised(
            actor=None,
            client=company,
            source=Request.Source.EMAIL,
            subject="Z e-maila",
            requester_label="Marek Zieliński <marek@zielonylas.pl>",
        )
        bare = raised(
            actor=None,
            client=company,
            source=Request.Source.EMAIL,
            subject="Bez nazwy",
            requester_label="nowy@example.com",
        )
    shown = '<span data-testid="requester" title="marek@zielonylas.pl">Marek Zieliński</span>'
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    client = OfficeClient(office_a, user=marek)
    for request in (panel, emailed):
        page = staff.get(f"/helpdesk/{request.pk}/").content.decode()
        assert shown in page
        assert "&lt;marek@zielonylas.pl&gt;" not in page
        assert shown in client.get(f"/portal/helpdesk/{request.pk}/").content.decode()
    page = staff.get(f"/helpdesk/{bare.pk}/").content.decode()
    assert '<span data-testid="requester">nowy@example.com</span>' in page


def test_a_request_whose_requester_account_is_gone_still_opens(office_a):
    """The requester is a reference without a constraint (accounts live in the public
    schema): once the account is gone the page showed a 500, not the name."""
    with in_office(office_a):
        company = ClientFactory(name="Zielony Las")
        request = raised(client=company, subject="Stare zgłoszenie")
        Request.objects.filter(pk=request.pk).update(
            requester_id=987654321, requester_label="Marek Zieliński"
        )
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = staff.get(f"/helpdesk/{request.pk}/")
    assert page.status_code == 200
    assert '<span data-testid="requester">Marek Zieliński</span>' in page.content.decode()
