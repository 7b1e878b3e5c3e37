import datetime as dt
import re
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import signing
from django.utils import timezone, translation

from common.exceptions import ApplicationError
from modules.helpdesk.links import APPROVAL, QUOTE, link_token
from modules.helpdesk.models import Access, Category, Change, Quote, Reply, Request
from modules.helpdesk.services import (
    access_set,
    quote_create,
    quote_decide,
    request_transition,
    requests_auto_accept,
    settings_update,
)
from modules.notifications.models import Delivery
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.factories import email_recipient

LINK = re.compile(r"(https?://\S+/helpdesk/link/[^/\s]+/)")
EVENTS = [
    "helpdesk.reply",
    "helpdesk.status",
    "helpdesk.approval_needed",
    "helpdesk.quote_sent",
    "helpdesk.resolved",
]
LINE = {
    "description": "Courier to Berlin",
    "quantity": Decimal("2"),
    "unit_price": Decimal("50"),
    "vat_rate": Decimal("23"),
}


def _anonymous(office) -> OfficeClient:
    web = OfficeClient(office)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return web


def _approval_setup(office):
    with in_office(office):
        client = ClientFactory(name="Zielony Las")
        recipient = email_recipient(
            client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS
        )
        category = Category.objects.create(name_pl="Company registration", requires_approval=True)
        req = raised(client=client, category=category)
    return client, recipient, req


def _link(office, req) -> str:
    with in_office(office):
        body = (
            Delivery.objects.filter(
                notification__event="helpdesk.approval_needed", address="anna@las.pl"
            )
            .latest("pk")
            .body
        )
    return LINK.search(body).group(1).removeprefix(office.url)


def _state(office, pk):
    with in_office(office):
        return Request.objects.get(pk=pk).status


def test_category_needing_approval_waits_and_emails_a_personal_link(office_a):
    _client, _recipient, req = _approval_setup(office_a)
    assert req.status == "waiting_approval"
    path = _link(office_a, req)
    assert path.startswith("/helpdesk/link/")


def test_email_approval_get_changes_nothing_post_approves_once(office_a):
    _client, _recipient, req = _approval_setup(office_a)
    path = _link(office_a, req)
    web = _anonymous(office_a)
    for _ in range(3):  # a link scanner, the person, a preview
        response = web.get(path)
        assert response.status_code == 200
        assert 'data-testid="approve"' in response.content.decode()
    assert _state(office_a, req.pk) == "waiting_approval"
    response = web.post(path, {"decision": "approve", "comment": "Go ahead"})
    assert response.status_code == 200
    assert _state(office_a, req.pk) == "approved"
    with in_office(office_a):
        change = Change.objects.filter(request_id=req.pk, field="status").latest("pk")
        assert (change.old, change.new, change.actor_label) == (
            "waiting_approval",
            "approved",
            "anna@las.pl",
        )
        assert Reply.objects.get(request_id=req.pk).body == "Go ahead"
    again = web.post(path, {"decision": "reject"})
    assert again.status_code == 409
    assert _state(office_a, req.pk) == "approved"


def test_tampered_expired_and_foreign_links_are_refused(office_a, office_b, monkeypatch):
    _client, recipient, req = _approval_setup(office_a)
    path = _link(office_a, req)
    token = path.split("/")[3]
    web = _anonymous(office_a)
    for bad in (token[:-3] + "abc", "garbage", token.replace(":", "")):
        assert web.post(f"/helpdesk/link/{bad}/", {"decision": "approve"}).status_code == 400
    forged = signing.dumps(
        {"o": office_a.pk, "k": APPROVAL, "r": req.pk, "p": recipient.pk, "q": None}, salt="x"
    )
    assert web.post(f"/helpdesk/link/{forged}/", {"decision": "approve"}).status_code == 400
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 15 * 24 * 3600)
    old = link_token(office=office_a, kind=APPROVAL, request_id=req.pk, recipient_id=recipient.pk)
    monkeypatch.setattr(time, "time", real)
    assert web.post(f"/helpdesk/link/{old}/", {"decision": "approve"}).status_code == 410
    other = link_token(office=office_b, kind=APPROVAL, request_id=req.pk, recipient_id=recipient.pk)
    assert web.post(f"/helpdesk/link/{other}/", {"decision": "approve"}).status_code == 404
    assert _state(office_a, req.pk) == "waiting_approval"


def test_approval_from_the_panel_only_by_a_manager(office_a):
    _client, _recipient, req = _approval_setup(office_a)
    with in_office(office_a):
        client = Request.objects.get(pk=req.pk).client
    requester = client_user(office_a, client)
    manager = client_user(office_a, client)
    with in_office(office_a):
        access_set(actor=None, user_id=manager.pk, client=client, level=Access.Level.MANAGER)
    path = f"/portal/helpdesk/{req.pk}/status/"
    # the requester sees the company's request (nobody of them raised it) but may not approve
    assert (
        OfficeClient(office_a, user=requester).post(path, {"action": "approve"}).status_code == 403
    )
    assert _state(office_a, req.pk) == "waiting_approval"
    page = OfficeClient(office_a, user=manager).get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert 'data-testid="approval-box"' in page
    response = OfficeClient(office_a, user=manager).post(
        path, {"action": "reject", "comment": "No"}
    )
    assert response.status_code == 302
    assert _state(office_a, req.pk) == "rejected"


def test_staff_cannot_approve_a_clients_request(office_a, staff_a):
    _client, _recipient, req = _approval_setup(office_a)
    response = OfficeClient(office_a, user=staff_a).post(
        f"/helpdesk/{req.pk}/status/", {"action": "approve"}
    )
    assert response.status_code == 403
    assert _state(office_a, req.pk) == "waiting_approval"


def _quoted(office, *, days=5):
    with in_office(office):
        client = ClientFactory()
        email_recipient(client_id=client.pk, address="jan@las.pl", language="en", events=EVENTS)
        req = raised(client=client)
        quote = quote_create(
            request=req,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=days),
            lines=[LINE],
        )
        body = (
            Delivery.objects.filter(notification__event="helpdesk.quote_sent", address="jan@las.pl")
            .latest("pk")
            .body
        )
    return client, req, quote, LINK.search(body).group(1).removeprefix(office.url)


def test_quote_from_the_email_link(office_a):
    _client, req, quote, path = _quoted(office_a)
    web = _anonymous(office_a)
    page = web.get(path).content.decode()
    assert "123.00" in page
    assert _state(office_a, req.pk) == "waiting_quote"
    assert web.post(path, {"decision": "accept"}).status_code == 200
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "accepted"
    assert _state(office_a, req.pk) == "in_progress"
    assert web.post(path, {"decision": "decline"}).status_code == 409
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "accepted"


def test_expired_quote_cannot_be_accepted(office_a):
    _client, req, quote, path = _quoted(office_a)
    with in_office(office_a):
        Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - dt.timedelta(1))
    response = _anonymous(office_a).post(path, {"decision": "accept"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "This quote expired on" in page
    # In the page language's date format, not ISO ("2026-12-05").
    yesterday = timezone.localdate() - dt.timedelta(1)
    assert yesterday.isoformat() not in page
    assert f"{yesterday:%d/%m/%Y}" in page  # English here
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "sent"
    assert _state(office_a, req.pk) == "waiting_quote"


def test_quote_from_the_panel(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
        quote = quote_create(
            request=req,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=3),
            lines=[LINE],
        )
    web = OfficeClient(office_a, user=user)
    response = web.post(f"/portal/helpdesk/quotes/{quote.pk}/", {"decision": "decline"})
    assert response.status_code == 302
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "declined"
    assert _state(office_a, req.pk) == "in_progress"


def test_quote_amounts_carry_the_offices_currency_in_the_panel_and_for_staff(office_a, staff_a):
    from common.money import money

    client, req, _quote, _path = _quoted(office_a)
    user = client_user(office_a, client)
    with in_office(office_a):
        Request.objects.filter(pk=req.pk).update(requester=user)
        Quote.objects.filter(request_id=req.pk).update(internal_cost=Decimal("40"))
    total = money(Decimal("123.00"), office_a.currency, language="en")
    assert total.startswith("PLN") or "zł" in total
    panel = OfficeClient(office_a, user=user).get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert f'data-testid="quote-total">{total}</td>' in panel
    assert money(Decimal("50.00"), office_a.currency, language="en") in panel  # unit price
    assert "internal-cost" not in panel
    staff_web = OfficeClient(office_a, user=staff_a)
    staff_web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = staff_web.get(f"/helpdesk/{req.pk}/").content.decode()
    cost = money(Decimal("40.00"), office_a.currency, language="en")
    assert f'data-testid="quote-total">{total}</td>' in page
    assert f"Internal cost (staff only): {cost}" in page
    with in_office(office_a):  # the e-mail too, in the recipient's language
        body = Delivery.objects.get(notification__event="helpdesk.quote_sent").body
    assert f"We added a quote of {total} (gross)" in body


def test_another_company_cannot_decide_a_quote(office_a):
    _client, _req, quote, _path = _quoted(office_a)
    with in_office(office_a):
        stranger = client_user(office_a, ClientFactory())
    response = OfficeClient(office_a, user=stranger).post(
        f"/portal/helpdesk/quotes/{quote.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 404
    with in_office(office_a):
        assert Quote.objects.get(pk=quote.pk).status == "sent"


def _resolved(office, user, client):
    with in_office(office):
        req = raised(client=client, actor=user)
        request_transition(request=req, action="start", actor=None)
        return request_transition(request=req, action="resolve", actor=None)


def test_client_accepts_with_a_rating(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    req = _resolved(office_a, user, client)
    web = OfficeClient(office_a, user=user)
    assert 'data-testid="acceptance-box"' in web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    response = web.post(
        f"/portal/helpdesk/{req.pk}/status/",
        {"action": "accept", "rating": "4", "comment": "Quick, thanks"},
    )
    assert response.status_code == 302
    with in_office(office_a):
        row = Request.objects.get(pk=req.pk)
        assert (row.status, row.rating, row.rating_comment) == ("accepted", 4, "Quick, thanks")
        assert row.accepted_at is not None


def test_the_acceptance_form_preselects_no_rating_and_accepting_needs_one(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    req = _resolved(office_a, user, client)
    web = OfficeClient(office_a, user=user)
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    select = re.search(r'<select id="p-rating".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"( selected)?>', select) == [
        ("", " selected"),
        *((str(i), "") for i in (5, 4, 3, 2, 1)),
    ]
    assert " required" in select
    labels = re.findall(r'<option value="[1-5]">([^<]*)</option>', select)
    assert labels == ["5 – very good", "4 – good", "3 – average", "2 – poor", "1 – very poor"]
    with in_office(office_a):
        user.language = "pl"
        user.save(update_fields=["language"])
    polish = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert '<option value="5">5 – bardzo dobrze</option>' in polish
    assert '<option value="1">1 – bardzo źle</option>' in polish
    with in_office(office_a):
        user.language = "en"
        user.save(update_fields=["language"])
    response = web.post(
        f"/portal/helpdesk/{req.pk}/status/",
        {"action": "accept", "rating": "", "comment": "Fine"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<div class="invalid-feedback" id="p-rating-error" data-testid="rating-error">'
        "Choose a rating of the operator (1-5).</div>"
    ) in page
    assert 'name="comment" value="Fine"' in page
    with in_office(office_a):
        row = Request.objects.get(pk=req.pk)
        assert (row.status, row.rating, row.accepted_at) == ("resolved", None, None)
        with pytest.raises(ApplicationError) as exc:
            request_transition(request=row, action="accept", actor=user)
        assert exc.value.code == "rating_required"


def test_client_reopens_with_a_reason(office_a):
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    req = _resolved(office_a, user, client)
    web = OfficeClient(office_a, user=user)
    web.post(f"/portal/helpdesk/{req.pk}/status/", {"action": "reopen"})
    assert _state(office_a, req.pk) == "resolved"
    web.post(f"/portal/helpdesk/{req.pk}/status/", {"action": "reopen", "comment": "Not arrived"})
    assert _state(office_a, req.pk) == "reopened"
    with in_office(office_a):
        assert Reply.objects.filter(request_id=req.pk).latest("pk").body == "Not arrived"


def test_rating_out_of_range_is_refused(in_office_a):
    req = raised()
    request_transition(request=req, action="start", actor=None)
    request_transition(request=req, action="resolve", actor=None)
    with pytest.raises(Exception):  # noqa: B017 - full_clean's ValidationError
        request_transition(request=req, action="accept", actor=None, rating=6)
    assert Request.objects.get(pk=req.pk).status == "resolved"


def test_unanswered_resolutions_auto_accept_without_rating(in_office_a):
    settings_update(actor=None, data={"auto_accept_days": 3})
    old, fresh = raised(), raised()
    for req in (old, fresh):
        request_transition(request=req, action="start", actor=None)
        request_transition(request=req, action="resolve", actor=None)
    Request.objects.filter(pk=old.pk).update(resolved_at=timezone.now() - dt.timedelta(days=4))
    assert requests_auto_accept() == 1
    assert requests_auto_accept() == 0
    assert Request.objects.get(pk=old.pk).status == "accepted"
    assert Request.objects.get(pk=old.pk).rating is None
    assert Request.objects.get(pk=fresh.pk).status == "resolved"


def test_quote_decided_twice_is_refused(in_office_a):
    req = raised()
    quote = quote_create(request=req, actor=None, valid_until=timezone.localdate(), lines=[LINE])
    quote_decide(quote=quote, actor=None, accept=True, label="x")
    with pytest.raises(ApplicationError) as exc:
        quote_decide(quote=quote, actor=None, accept=False, label="x")
    assert exc.value.code == "quote_decided"


def test_quote_link_kind_without_quote_is_invalid(office_a):
    _client, recipient, req = _approval_setup(office_a)
    token = link_token(office=office_a, kind=QUOTE, request_id=req.pk, recipient_id=recipient.pk)
    assert _anonymous(office_a).get(f"/helpdesk/link/{token}/").status_code == 400


def test_asking_for_approval_where_nobody_can_approve_is_refused(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Nikt Nie Zatwierdza")
        req = raised(client=client, actor=staff_a)
        with pytest.raises(ApplicationError) as exc:
            request_transition(request=req, action="submit_for_approval", actor=staff_a)
        assert exc.value.code == "no_approver"
        assert Request.objects.get(pk=req.pk).status == "new"
        # a recipient of the company's other e-mails only is no approver either
        email_recipient(client_id=client.pk, address="x@las.pl", events=["helpdesk.reply"])
    web = OfficeClient(office_a, user=staff_a)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = web.post(
        f"/helpdesk/{req.pk}/status/", {"action": "submit_for_approval"}, follow=True
    )
    page = response.content.decode()
    assert "Nobody at Nikt Nie Zatwierdza can approve requests" in page
    assert _state(office_a, req.pk) == "new"
    manager = client_user(office_a, client)
    with in_office(office_a):
        access_set(actor=None, user_id=manager.pk, client=client, level=Access.Level.MANAGER)
        done = request_transition(request=req, action="submit_for_approval", actor=staff_a)
        assert done.status == "waiting_approval"


def test_staff_are_warned_when_a_request_waits_for_an_approval_nobody_can_give(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Bez Zatwierdzania")
        category = Category.objects.create(name_pl="Registration", requires_approval=True)
        req = raised(client=client, category=category, actor=staff_a)
        assert req.status == "waiting_approval"  # raised needing approval: not refused
    web = OfficeClient(office_a, user=staff_a)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = web.get(f"/helpdesk/{req.pk}/").content.decode()
    assert "Nobody at Bez Zatwierdzania can approve this request" in page
    manager = client_user(office_a, client)
    with in_office(office_a):
        access_set(actor=None, user_id=manager.pk, client=client, level=Access.Level.MANAGER)
    assert 'data-testid="no-approver"' not in web.get(f"/helpdesk/{req.pk}/").content.decode()


def test_the_approval_email_alone_makes_an_approver(in_office_a, staff_a):
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", events=EVENTS)
    req = raised(client=client, actor=staff_a)
    done = request_transition(request=req, action="submit_for_approval", actor=staff_a)
    assert done.status == "waiting_approval"


def test_approval_and_quote_emails_keep_their_links_as_buttons(in_office_a, office_a, staff_a):
    from modules.notifications.services import template_save

    for event in ("helpdesk.approval_needed", "helpdesk.quote_sent"):
        template_save(
            event=event,
            language="en",
            subject="Hi",
            body="Please look.",
            sms="Look.",
            actor=staff_a,
        )
    client = ClientFactory()
    email_recipient(client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS)
    req = raised(client=client, actor=staff_a)
    request_transition(request=req, action="submit_for_approval", actor=staff_a)
    approval = Delivery.objects.get(notification__event="helpdesk.approval_needed")
    # The panel's links name the company (a person may act for several).
    portal_request = f"{office_a.url}/portal/helpdesk/{req.pk}/?client={client.pk}"
    assert approval.body == f"Company: {client.name}\n\nPlease look."
    assert [a["label"] for a in approval.actions] == [
        "Approve or reject",
        "Open the request",
        "Open in the client panel",
    ]
    assert LINK.fullmatch(approval.actions[0]["url"])
    assert approval.actions[1]["url"] == portal_request
    request_transition(request=req, action="approve", actor=None, actor_label="anna@las.pl")
    quote_create(
        request=req,
        actor=staff_a,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        lines=[LINE],
    )
    quote = Delivery.objects.get(notification__event="helpdesk.quote_sent")
    assert [a["label"] for a in quote.actions][:2] == [
        "Accept or decline the quote",
        "Open the request",
    ]
    assert LINK.fullmatch(quote.actions[0]["url"])


def test_a_status_email_names_the_status_in_each_recipients_language(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        email_recipient(client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS)
        email_recipient(client_id=client.pk, address="jana@las.sk", language="sk", events=EVENTS)
        req = raised(client=client)
        with translation.override("pl"):
            request_transition(request=req, action="start", actor=staff_a)
        bodies = dict(
            Delivery.objects.filter(event="helpdesk.status").values_list("address", "body")
        )
    assert "In progress" in bodies["anna@las.pl"]
    assert "W realizacji" not in bodies["anna@las.pl"]
    assert "V riešení" in bodies["jana@las.sk"]


def test_a_quote_email_writes_its_validity_in_each_recipients_language(office_a, staff_a):
    with in_office(office_a):
        client = ClientFactory(name="Zielony Las")
        email_recipient(client_id=client.pk, address="anna@las.pl", language="en", events=EVENTS)
        email_recipient(client_id=client.pk, address="jana@las.sk", language="sk", events=EVENTS)
        req = raised(client=client)
        with translation.override("pl"):
            quote_create(request=req, actor=staff_a, valid_until=dt.date(2099, 3, 31), lines=[LINE])
        bodies = dict(
            Delivery.objects.filter(event="helpdesk.quote_sent").values_list("address", "body")
        )
    assert "valid until 31/03/2099." in bodies["anna@las.pl"]
    assert "platnú do 31.03.2099." in bodies["jana@las.sk"]
    assert "2099-03-31" not in bodies["anna@las.pl"] + bodies["jana@las.sk"]


def test_a_quotes_comment_is_written_in_a_textarea_and_shown_once(office_a):
    """Audit 2026-12-07: the panel's comment was a one-line input (the e-mail link's page a
    textarea) and an accepted quote's comment showed under the quote and again in the
    discussion."""
    with in_office(office_a):
        client = ClientFactory()
    user = client_user(office_a, client)
    with in_office(office_a):
        req = raised(client=client, actor=user)
        quote = quote_create(
            request=req,
            actor=None,
            valid_until=timezone.localdate() + dt.timedelta(days=3),
            lines=[LINE],
        )
    web = OfficeClient(office_a, user=user)
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert re.search(r'<textarea [^>]*name="comment"[^>]*data-testid="quote-comment"', page)
    response = web.post(
        f"/portal/helpdesk/quotes/{quote.pk}/",
        {"decision": "accept", "comment": "Please send it on Monday."},
    )
    assert response.status_code == 302
    with in_office(office_a):
        assert not Reply.objects.filter(request=req, body__contains="Monday").exists()
    page = web.get(f"/portal/helpdesk/{req.pk}/").content.decode()
    assert page.count("Please send it on Monday.") == 1
