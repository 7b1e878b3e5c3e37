"""The list's *Issue selected drafts* asks on a page that says exactly what will happen: how
many drafts are issued (a count-aware plural in Polish, Slovak and English), which selected
ones are not and why, and, in a Polish office that sends to KSeF, that they go to KSeF and
are e-mailed once KSeF answers. Asking writes nothing; the page's button issues the drafts
that passed."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import override

from accounts.models import Role
from modules.invoices import services
from modules.invoices.models import Invoice
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.invoices.factories import (
    SK_LINES,
    SK_SELLER,
    buyer,
    draft,
    issued,
    office_details,
    sk_buyer,
)
from tests.modules.notifications.factories import email_recipient


def _today(language: str) -> str:
    with override(language):
        return date_format(services.office_today(), "SHORT_DATE_FORMAT")


def _reached(client):
    email_recipient(client_id=client.pk, address=f"k{client.pk}@example.com", language="pl")
    return client


def _statuses(ids):
    return list(Invoice.objects.filter(pk__in=ids).order_by("pk").values_list("status", flat=True))


def test_a_polish_office_sending_to_ksef_is_told_how_many_which_not_and_why(office_a):
    with in_office(office_a):
        office_details()
        services.settings_update(actor=None, data={"ksef_enabled": True})
        good = [draft(_reached(buyer(name=f"Lipa {n}"))).pk for n in (1, 2)]
        late = draft(_reached(buyer(name="Dąb")))
        Invoice.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 1, 10))
        done = issued(_reached(buyer(name="Jesion")))
    ids = [*good, late.pk, done.pk]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))

    page = web.post("/invoices/issue/", {"ids": ids}).content.decode()

    with in_office(office_a):
        assert _statuses(ids) == ["draft", "draft", "draft", "issued"]  # asking writes nothing
    today = _today("pl")
    assert '<h1 class="h3">Wystaw 2 szkice</h1>' in page
    assert (
        f"Zostaną wystawione 2 szkice: każdy otrzyma numer i dzisiejszą datę wystawienia"
        f" ({today}) i zostanie wysłany do KSeF; każdy klient otrzyma swoją fakturę e-mailem,"
        " gdy KSeF odpowie. Wystawionych faktur nie można już zmienić ani usunąć, tylko"
        " skorygować."
    ) in page
    assert "2 zaznaczone szkice nie zostaną wystawione:" in page
    skipped = page[page.index('data-testid="issue-skipped"') :]
    assert f"Termin płatności 10.01.2026 jest wcześniejszy niż data wystawienia {today}" in skipped
    assert "Dąb</a>" in skipped and "Jesion</a>" in skipped
    assert "To już nie jest szkic: w międzyczasie został wystawiony." in skipped
    # the button issues the two that pass, nothing else
    assert '<button class="btn btn-primary" type="submit">Wystaw 2 szkice</button>' in page
    hidden = [f'<input type="hidden" name="ids" value="{pk}">' for pk in (*good, late.pk)]
    assert [h in page for h in hidden] == [True, True, False]

    web.post("/invoices/issue/", {"ids": good, "confirm": "1"})
    with in_office(office_a):
        assert _statuses(ids) == ["issued", "issued", "draft", "issued"]


def test_the_count_picks_the_plural_form(office_a):
    with in_office(office_a):
        office_details()
        services.settings_update(actor=None, data={"ksef_enabled": False})
        ids = [draft(_reached(buyer(name=f"Lipa {n}"))).pk for n in range(5)]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    today = _today("pl")

    five = web.post("/invoices/issue/", {"ids": ids}).content.decode()
    one = web.post("/invoices/issue/", {"ids": ids[:1]}).content.decode()

    assert (
        f"Zostanie wystawionych 5 szkiców: każdy otrzyma numer i dzisiejszą datę wystawienia"
        f" ({today}) i zostanie wysłany e-mailem do swojego klienta."
    ) in five
    assert "Wystaw 5 szkiców</button>" in five
    assert "KSeF" not in five  # the office does not send to KSeF
    assert (
        f"Zostanie wystawiony 1 szkic: otrzyma numer i dzisiejszą datę wystawienia ({today})"
        " i zostanie wysłany e-mailem do klienta."
    ) in one
    assert "Wystaw 1 szkic</button>" in one
    assert "nie zostan" not in one  # nothing skipped, nothing said about it


def test_a_slovak_office_is_told_in_slovak_and_never_of_ksef(office_b):
    with in_office(office_b):
        office_details(**SK_SELLER)
        ids = [draft(_reached(sk_buyer(name=f"Tatra {n}")), SK_LINES).pk for n in (1, 2, 3)]
        nobody = draft(sk_buyer(name="Váh s.r.o."), SK_LINES)  # no e-mail recipient
    web = OfficeClient(office_b, user=member(office_b, Role.STAFF, language="sk"))

    page = web.post("/invoices/issue/", {"ids": [*ids, nobody.pk]}).content.decode()

    # four takes the 2-4 form ("Vystavia sa 4 koncepty"), not the 5+ one ("Vystaví sa ...")
    assert "Vystaví sa" not in page
    assert (
        f"Vystavia sa 4 koncepty: každý dostane číslo a dnešný dátum vystavenia"
        f" ({_today('sk')}) a odošle sa e-mailom svojmu klientovi."
    ) in page
    assert "KSeF" not in page
    assert "Bez odoslania e-mailom: nikto v Váh s.r.o. nedostáva faktúry" in page
    assert "Vystaviť 4 koncepty</button>" in page


def test_english_words_and_nothing_selected(office_a):
    with in_office(office_a):
        office_details()
        services.settings_update(actor=None, data={"ksef_enabled": True})
        made = draft(_reached(buyer(name="Lipa")))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="en"))

    page = web.post("/invoices/issue/", {"ids": [made.pk]}).content.decode()
    nothing = web.post("/invoices/issue/", {}, follow=True).content.decode()

    assert (
        f"1 draft will be issued: it gets its number and today's issue date ({_today('en')})"
        " and is sent to KSeF; the client is e-mailed the invoice once KSeF has answered."
    ) in page.replace("&#x27;", "'")
    assert "Issue 1 draft</button>" in page
    assert "Select the drafts to issue first." in nothing
    with in_office(office_a):
        assert _statuses([made.pk]) == ["draft"]


def test_a_client_already_invoiced_for_the_period_is_named_before_issuing(office_a):
    """The audit: Kriváň Média s.r.o. had FV/5/12/2026 for November (made by hand) and the
    month's draft for November was issued beside it without a word. The confirmation names
    the invoice already issued for the same service period."""
    with in_office(office_a):
        office_details()
        twice, once = _reached(buyer(name="Kriváň Média s.r.o.")), _reached(buyer())
        earlier = issued(twice)  # March, as the drafts
        drafts = [draft(twice), draft(once)]
        other_month = draft(once, sale_from=dt.date(2026, 4, 1), sale_to=dt.date(2026, 4, 30))
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="pl"))
    ids = [d.pk for d in drafts] + [other_month.pk]
    page = web.post("/invoices/issue/", {"ids": ids}).content.decode()
    warning = page.split('data-testid="issue-same-period">')[1].split("</div>")[0]
    assert "Ci klienci mają już fakturę za ten sam okres usługi" in warning
    assert f'Kriváň Média s.r.o.: <a href="/invoices/{earlier.pk}/">{earlier.number}</a>' in (
        warning
    )
    assert "(01.03.2026 – 31.03.2026)" in warning
    assert warning.count("<li>") == 1  # the other client's March and April drafts: nothing
    with in_office(office_a):
        assert _statuses(ids) == ["draft", "draft", "draft"]


def test_two_clients_of_one_name_are_told_apart_by_their_code(office_a):
    """The audit: the Slovak office's confirmation listed "Orava Stavby s.r.o. · 148,83 €"
    and "Orava Stavby s.r.o. · 6,15 €", two clients of one name."""
    with in_office(office_a):
        office_details()
        first = _reached(buyer(name="Orava Stavby s.r.o.", code="OS-001"))
        second = _reached(buyer(name="Orava Stavby s.r.o.", code="OS-002"))
        ids = [draft(first).pk, draft(second).pk]
    web = OfficeClient(office_a, user=member(office_a, Role.STAFF, language="sk"))
    page = web.post("/invoices/issue/", {"ids": ids}).content.decode()
    listed = page.split('data-testid="issue-drafts">')[1].split("</ul>")[0]
    assert "Orava Stavby s.r.o.</a> <code>OS-001</code>" in listed
    assert "Orava Stavby s.r.o.</a> <code>OS-002</code>" in listed
