import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Membership, User
from modules.audit.models import AuditEntry
from signup.models import SignupRequest
from subscriptions.models import Subscription
from tenants.models import Office
from tenants.services import office_pool_add
from tests.helpers.offices import handoff_follow, in_office

pytestmark = pytest.mark.django_db

FORM = {
    "office_name": "Biuro Centrum",
    "slug": "biuro-centrum",
    "full_name": "Anna Nowak",
    "email": "anna@example.com",
    "password": "Zielone-okno-42",
    "country": "PL",
    "accept_terms": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_mail_on_commit(clean_cache, django_capture_on_commit_callbacks):
    """The verification e-mail leaves on commit; tests roll back, so every signup POST runs
    its on-commit callbacks right away."""
    global _on_commit
    _on_commit = django_capture_on_commit_callbacks
    SignupRequest.objects.all().delete()  # browser tests commit theirs; rolled back after
    yield


_on_commit = None


class _RootClient(Client):
    def post(self, *args, **kwargs):
        with _on_commit(execute=True):
            return super().post(*args, **kwargs)


def _root(**extra) -> Client:
    return _RootClient(HTTP_HOST="localhost", **extra)


def _verify_link() -> str:
    (message,) = mail.outbox
    return re.search(r"http://localhost:\d+(/signup/verify/[^/\s]+/)", message.body).group(1)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("admin", "is reserved"),
        ("console", "is reserved"),
        ("office-a", "already taken"),
        ("Bad_Name", "lower-case letters"),
        ("a--b", "Two hyphens"),
        ("biuro-wolne", "biuro-wolne.localhost is available"),
    ],
)
def test_the_live_subdomain_check(session_offices, slug, expected):
    response = _root().get("/signup/check/", {"slug": slug}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_signup_sends_a_verification_link_and_provisions_nothing(session_offices):
    offices = Office.objects.count()
    web = _root()
    response = web.post("/signup/", FORM)
    assert (response.status_code, response["Location"]) == (302, "/signup/sent/")
    sent = web.get("/signup/sent/")
    assert sent.status_code == 200
    assert 'data-testid="signup-sent"' in sent.content.decode()
    signup = SignupRequest.objects.get()
    assert (signup.slug, signup.email, signup.completed_at) == (
        "biuro-centrum",
        "anna@example.com",
        None,
    )
    assert signup.password_hash and FORM["password"] not in signup.password_hash
    assert mail.outbox[0].to == ["anna@example.com"]
    assert _verify_link().startswith("/signup/verify/")
    assert Office.objects.count() == offices
    assert not User.objects.filter(email="anna@example.com").exists()


@pytest.mark.parametrize(
    ("change", "field_error"),
    [
        ({"slug": "office-a"}, "already taken"),
        ({"slug": "www"}, "is reserved"),
        ({"accept_terms": ""}, "This field is required"),
        ({"password": "short"}, "at least 10"),
    ],
)
def test_signup_refuses_bad_input(session_offices, change, field_error):
    response = _root().post("/signup/", {**FORM, **change})
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not SignupRequest.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_looks_like_success_but_does_nothing(session_offices):
    web = _root()
    response = web.post("/signup/", {**FORM, "website": "http://spam.example"})
    assert (response.status_code, response["Location"]) == (302, "/signup/sent/")
    assert "anna@example.com" in web.get("/signup/sent/").content.decode()
    assert not SignupRequest.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_email_and_per_ip(session_offices, settings):
    settings.SIGNUP_RATE_LIMITS = {"ip": (5, 3600), "email": (2, 3600)}
    for i in range(2):
        assert _root().post("/signup/", {**FORM, "slug": f"biuro-{i}"}).status_code == 302
    assert _root().post("/signup/", {**FORM, "slug": "biuro-x"}).status_code == 429
    for i in range(2):
        other = {**FORM, "email": f"p{i}@example.com", "slug": f"inne-{i}"}
        assert _root().post("/signup/", other).status_code == 302
    blocked = _root().post("/signup/", {**FORM, "email": "p9@example.com", "slug": "inne-9"})
    assert blocked.status_code == 429
    assert "Too many signups" in blocked.content.decode()
    assert SignupRequest.objects.count() == 4


def test_forms_with_errors_do_not_count_against_the_limits(session_offices, settings):
    settings.SIGNUP_RATE_LIMITS = {"ip": (10, 3600), "email": (3, 3600)}
    mistakes = [{"slug": "office-a"}, {"slug": "www"}, {"password": "short"}, {"slug": "www"}]
    for change in mistakes * 3:  # 12 tries: over both the e-mail and the IP limit
        response = _root().post("/signup/", {**FORM, **change})
        assert response.status_code == 400
        assert "Too many signups" not in response.content.decode()
    corrected = _root().post("/signup/", FORM)
    assert corrected.status_code == 302
    assert SignupRequest.objects.get().slug == "biuro-centrum"
    assert len(mail.outbox) == 1


def test_honeypot_hits_count_against_the_limits(session_offices, settings):
    settings.SIGNUP_RATE_LIMITS = {"ip": (10, 3600), "email": (2, 3600)}
    for _i in range(2):
        bot = _root().post("/signup/", {**FORM, "website": "http://spam.example"})
        assert bot.status_code == 302
    blocked = _root().post("/signup/", FORM)
    assert blocked.status_code == 429
    assert "Too many signups" in blocked.content.decode()
    assert not SignupRequest.objects.exists()
    assert mail.outbox == []


def test_the_check_your_inbox_page_is_a_get_that_reloads_without_sending_again(
    session_offices,
):
    """The "Check your inbox" page was the POST's own answer, so reloading it posted the
    form again; the POST now redirects, and the page (reloaded as often as one likes) names
    the address from the session."""
    web = _root()
    assert web.post("/signup/", FORM).status_code == 302
    for _reload in range(2):
        page = web.get("/signup/sent/")
        assert page.status_code == 200
        assert "We sent a confirmation link to anna@example.com." in page.content.decode()
    assert SignupRequest.objects.count() == 1 and len(mail.outbox) == 1
    # Opened without a signup behind it: the form.
    elsewhere = _root().get("/signup/sent/")
    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/signup/")


def _signed_up_and_verified(client=None):
    _root().post("/signup/", FORM)
    return (client or _root()).post(_verify_link())


def test_verification_creates_the_office_owner_and_trial_and_signs_the_owner_in(
    session_offices,
):
    response = _signed_up_and_verified()
    office = Office.objects.get(slug="biuro-centrum")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{office.url}/accounts/handoff/?t=")
    assert "next=%2Fwelcome%2F" in response["Location"]
    owner = User.objects.get(email="anna@example.com")
    assert owner.check_password(FORM["password"])
    assert Membership.objects.get(office=office).role == "owner"
    assert (office.language, office.currency, office.time_zone) == ("pl", "PLN", "Europe/Warsaw")
    subscription = Subscription.objects.get(office=office)
    assert (subscription.status, subscription.plan.code) == ("trialing", "business")
    signup = SignupRequest.objects.get()
    assert (signup.office_id, signup.from_pool, signup.password_hash) == (office.pk, False, "")
    # The hand-off on the office's host signs the owner in and lands on the checklist.
    office_client = Client(HTTP_HOST=office.host)
    path = response["Location"].split(office.url, 1)[1]
    landed = handoff_follow(office_client, path)
    assert (landed.status_code, landed["Location"]) == (302, "/welcome/")
    welcome = office_client.get("/welcome/")
    assert welcome.status_code == 200
    page = welcome.content.decode()
    assert 'data-testid="onboarding-checklist"' in page
    assert (
        'href="/administration/team/"' in page and 'href="/administration/notifications/"' in page
    )
    assert 'href="/clients/import/"' in page and 'href="/mail/register/"' in page
    assert 'href="/administration/general/"' in page  # office details
    assert "Coming soon" not in page and page.count('class="badge text-bg-light"') == 0
    with in_office(office):
        assert AuditEntry.objects.get(action="office.created").actor_id == owner.pk


@pytest.mark.parametrize(("page_language", "expected"), [("en", "en"), ("sk", "sk"), ("pl", "pl")])
def test_the_owner_keeps_the_language_they_signed_up_in(session_offices, page_language, expected):
    _root(HTTP_ACCEPT_LANGUAGE=page_language).post("/signup/", FORM)  # a Polish office
    assert SignupRequest.objects.get().language == page_language
    _root().post(_verify_link())
    assert User.objects.get(email="anna@example.com").language == expected
    assert Office.objects.get(slug="biuro-centrum").language == "pl"


def test_a_signup_language_we_do_not_offer_falls_back_to_the_countrys(session_offices):
    from signup.services import signup_complete

    _root().post("/signup/", {**FORM, "country": "SK"})
    signup = SignupRequest.objects.get()
    SignupRequest.objects.filter(pk=signup.pk).update(language="de")
    _office, owner = signup_complete(signup=signup)
    assert owner.language == "sk"


def test_verification_claims_a_pooled_office_when_one_is_ready(session_offices):
    pooled = office_pool_add()
    _signed_up_and_verified()
    office = Office.objects.get(slug="biuro-centrum")
    assert office.pk == pooled.pk
    assert SignupRequest.objects.get().from_pool is True


def test_a_second_click_on_the_link_creates_nothing_more(session_offices):
    _signed_up_and_verified()
    again = _root().get(_verify_link())
    assert again.status_code == 200
    assert "biuro-centrum.localhost" in again.content.decode()
    assert Office.objects.filter(slug="biuro-centrum").count() == 1


def test_a_forged_link_is_refused(session_offices):
    assert _root().get("/signup/verify/forged-token/").status_code == 400


def test_a_subdomain_taken_before_verification_is_reported(session_offices):
    from tenants.services import office_provision

    _root().post("/signup/", FORM)
    office_provision(name="Szybszy", slug="biuro-centrum", country="PL")
    response = _root().post(_verify_link())
    assert response.status_code == 409
    assert "already taken" in response.content.decode()
    assert not User.objects.filter(email="anna@example.com").exists()


def test_the_plan_chosen_on_the_pricing_page_is_the_trials_plan(session_offices):
    pricing = _root().get("/pricing/").content.decode()
    assert 'href="/signup/?plan=start"' in pricing
    form = _root().get("/signup/?plan=start").content.decode()
    assert re.search(r'<option value="start"[^>]*selected', form)
    _root().post("/signup/", {**FORM, "plan": "start"})
    assert SignupRequest.objects.get().plan.code == "start"
    _root().post(_verify_link())
    subscription = Subscription.objects.get(office__slug="biuro-centrum")
    assert (subscription.status, subscription.plan.code) == ("trialing", "start")


def test_an_unknown_plan_in_the_link_falls_back_to_the_default(session_offices):
    form = _root().get("/signup/?plan=nonsense").content.decode()
    assert re.search(r'<option value="business"[^>]*selected', form)
    refused = _root().post("/signup/", {**FORM, "plan": "nonsense"})
    assert refused.status_code == 400 and not SignupRequest.objects.exists()


@pytest.mark.parametrize(
    ("language", "office", "lines"),
    [
        (
            "pl",
            "Biuro Wirtualne Żółć Sp. z o.o.",
            [
                "potwierdź swój adres e-mail, aby utworzyć „Biuro Wirtualne Żółć Sp. z o.o.” "
                "w Vireo:",
                "Link jest ważny 48 godzin. Jeśli ta rejestracja nie pochodzi od Ciebie, "
                "zignoruj tę wiadomość.",
                "Utwórz „Biuro Wirtualne Żółć Sp. z o.o.” dla anna@example.com i zaloguj się.",
                "Potwierdź e-mail, aby utworzyć „Biuro Wirtualne Żółć Sp. z o.o.” w Vireo",
            ],
        ),
        (
            "sk",
            "Virtuálna kancelária Žilina s.r.o.",
            [
                "potvrďte, prosím, svoju e-mailovú adresu, aby ste vytvorili kanceláriu "
                "„Virtuálna kancelária Žilina s.r.o.“ vo Vireo:",
                "Odkaz platí 48 hodín. Ak ste sa neregistrovali, túto správu ignorujte.",
                "Vytvorte kanceláriu „Virtuálna kancelária Žilina s.r.o.“ pre anna@example.com "
                "a prihláste sa.",
                # The subject read "... a vytvorte Virtuálna kancelária Žilina s.r.o. vo Vireo"
                # (the name in the nominative where Slovak needs the accusative).
                "Potvrďte e-mail a vytvorte kanceláriu „Virtuálna kancelária Žilina s.r.o.“ "
                "vo Vireo",
            ],
        ),
    ],
)
def test_the_verification_words_the_office_name_as_a_name(session_offices, language, office, lines):
    _root(HTTP_ACCEPT_LANGUAGE=language).post("/signup/", {**FORM, "office_name": office})
    (message,) = mail.outbox
    body = message.body
    assert lines[0] in body and lines[1] in body
    assert message.subject == lines[3]
    page = _root(HTTP_ACCEPT_LANGUAGE=language).get(_verify_link()).content.decode()
    assert re.findall(r'data-testid="verify-what">([^<]*)<', page) == [lines[2]]
