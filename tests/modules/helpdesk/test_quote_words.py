import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from common.audit import audit_entry_words
from modules.audit.models import AuditEntry
from modules.helpdesk.services import quote_create, quote_decide, request_transition
from tests.helpers.offices import OfficeClient, in_office
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import client_user, raised
from tests.modules.notifications.factories import email_recipient


def _line(quantity="1.5", rate="23"):
    return {
        "description": "Courier to Berlin",
        "quantity": Decimal(quantity),
        "unit_price": Decimal("50"),
        "vat_rate": Decimal(rate),
    }


def _quote(req, staff, **line):
    return quote_create(
        request=req,
        actor=staff,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
        lines=[_line(**line)],
    )


def _page(office, user, path) -> str:
    web = OfficeClient(office, user=user)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return web.get(path).content.decode()


def test_a_quote_shows_the_quantitys_own_decimals_and_the_rate_as_the_office_writes_it(
    office_a, staff_a
):
    with in_office(office_a):
        client = ClientFactory()
    marek = client_user(office_a, client)
    with in_office(office_a):
        req = raised(actor=marek, client=client)
        _quote(req, staff_a, quantity="2", rate="8")
    for user, path in ((marek, f"/portal/helpdesk/{req.pk}/"), (staff_a, f"/helpdesk/{req.pk}/")):
        page = _page(office_a, user, path)
        assert 'data-testid="quote-quantity">2</td>' in page
        assert 'data-testid="quote-vat">8%</td>' in page
        assert ">2.00<" not in page
        assert 'class="table table-sm mb-1 table-cards"' in page
    with in_office(office_a):
        _quote(req, staff_a, quantity="1.5")
    page = _page(office_a, marek, f"/portal/helpdesk/{req.pk}/")
    assert 'data-testid="quote-quantity">1.5</td>' in page


def test_the_history_names_a_quote_by_the_number_the_page_shows(office_a, staff_a):
    with in_office(office_a):
        other = raised(actor=staff_a, client=ClientFactory())
        _quote(other, staff_a)  # quote ids and numbers on a request differ from here on
        client = ClientFactory()
    marek = client_user(office_a, client)
    with in_office(office_a):
        req = raised(actor=marek, client=client)
        request_transition(request=req, action="start", actor=staff_a)
        first = _quote(req, staff_a)
        quote_decide(quote=first, actor=marek, accept=False)
        second = _quote(req, staff_a)
        quote_decide(quote=second, actor=marek, accept=True)
        assert second.pk != 2
    page = _page(office_a, staff_a, f"/helpdesk/{req.pk}/")
    assert page.count('data-testid="quote-number">Quote #1 ·') == 1
    assert page.count('data-testid="quote-number">Quote #2 ·') == 1
    assert f'data-field="quote {first.pk}"' in page
    assert "Quote #1: Sent → Declined" in page
    assert "Quote #2: Sent → Accepted" in page
    assert f"Quote {second.pk}:" not in page


def _words(entry) -> list[tuple[str, str]]:
    return [(str(label), str(words)) for label, words in audit_entry_words(entry)]


def test_the_audit_log_names_comments_and_quote_decisions_in_the_readers_language(
    office_a, staff_a
):
    with in_office(office_a):
        client = ClientFactory()
        email_recipient(
            client_id=client.pk, address="ja@firma.sk", events=["helpdesk.approval_needed"]
        )
        req = raised(actor=staff_a, client=client)
        request_transition(request=req, action="submit_for_approval", actor=staff_a)
        request_transition(
            request=req, action="approve", actor=None, comment="Schvaľujem", actor_label="ja"
        )
        quote = _quote(req, staff_a)
        quote_decide(quote=quote, actor=None, accept=True, label="ja")
        with translation.override("sk"):
            approve = _words(AuditEntry.objects.get(action="helpdesk.approve"))
            sent = _words(AuditEntry.objects.get(action="helpdesk.quote_sent"))
            decided = [
                _words(entry)
                for entry in AuditEntry.objects.filter(action="helpdesk.quote_accepted")
            ]
    assert ("Komentár", "— → Schvaľujem") in approve
    assert ("Stav", "Čaká na schválenie → Schválená") in approve
    assert [("Ponuka", "Odoslaná → Prijatá")] in decided
    assert ("Ponuka", "— → #1") in sent
