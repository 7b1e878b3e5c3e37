import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.handoff import handoff_token_create, handoff_token_use
from accounts.models import Invitation, Membership, Role, User
from accounts.services import invitation_create, membership_deactivate
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from tenants.models import Office
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import OfficeClient, handoff_follow, in_office, member


def test_login_is_by_email_case_insensitively(office_a, staff_a):
    client = OfficeClient(office_a)
    response = client.post(
        "/accounts/login/", {"username": staff_a.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_reshows_the_form_with_the_email(office_a, staff_a):
    response = OfficeClient(office_a).post(
        "/accounts/login/", {"username": staff_a.email, "password": "nope"}
    )
    assert response.status_code == 200
    assert "Nieprawidłowy e-mail lub hasło." in response.content.decode()
    assert f'value="{staff_a.email}"' in response.content.decode()


def test_passwords_are_hashed_not_stored(staff_a):
    stored = User.objects.get(pk=staff_a.pk).password
    assert PASSWORD not in stored
    assert staff_a.check_password(PASSWORD)


def test_logout_requires_post_and_ends_the_session(office_a, staff_a):
    client = OfficeClient(office_a, user=staff_a)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_password_reset_sends_a_link_to_the_office_host(
    office_a, staff_a, django_capture_on_commit_callbacks
):
    client = OfficeClient(office_a)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        response = client.post("/accounts/password-reset/", {"email": staff_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://office-a\.localhost\S*/accounts/password-reset/\S+/\S+/", body)
    assert link, body
    path = link.group(0).split("localhost", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    new_password = "a-brand-new-passphrase"
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password(new_password)


def test_password_reset_for_unknown_email_reveals_nothing(office_a):
    response = OfficeClient(office_a).post(
        "/accounts/password-reset/", {"email": "nobody@example.com"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_staff_invitation_end_to_end(office_a, admin_a, django_capture_on_commit_callbacks):
    admin = OfficeClient(office_a, user=admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/administration/team/", {"email": "New.Person@Example.com", "role": "staff"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.com"]
    assert message.subject == "Zaproszenie: Biuro A (Vireo)"  # the office's language
    invitation = Invitation.objects.get(email="new.person@example.com")
    assert "http://office-a.localhost" in message.body
    assert f"/accounts/invitation/{invitation.token}/" in message.body

    newcomer = OfficeClient(office_a)
    form = newcomer.post(
        f"/accounts/invitation/{invitation.token}/",
        {"full_name": "Nowa Osoba", "password": "123"},
    )
    assert form.status_code == 200  # too short: re-shown with the name kept
    assert 'value="Nowa Osoba"' in form.content.decode()
    assert not User.objects.filter(email="new.person@example.com").exists()

    accepted = newcomer.post(
        f"/accounts/invitation/{invitation.token}/",
        {"full_name": "Nowa Osoba", "password": "a-long-enough-passphrase"},
    )
    assert accepted.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert Membership.objects.get(user=user, office=office_a).role == Role.STAFF
    assert newcomer.get("/dashboard/").status_code == 200
    # Used once only.
    again = OfficeClient(office_a).get(f"/accounts/invitation/{invitation.token}/")
    assert again.status_code == 410
    with in_office(office_a):
        actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["invitation.created", "invitation.accepted"]


def test_invitation_of_another_office_is_not_found_here(office_a, office_b, staff_b):
    invitation = invitation_create(
        office=office_b, email="x@example.com", role=Role.STAFF, invited_by=staff_b
    )
    connection.set_schema_to_public()
    response = OfficeClient(office_a).get(f"/accounts/invitation/{invitation.token}/")
    assert response.status_code == 404


def test_existing_user_accepts_while_signed_in(office_a, admin_a, staff_b):
    invitation = invitation_create(
        office=office_a, email=staff_b.email, role=Role.STAFF, invited_by=admin_a
    )
    connection.set_schema_to_public()
    client = OfficeClient(office_a, user=staff_b)
    response = client.post(f"/accounts/invitation/{invitation.token}/")
    assert response.status_code == 302
    assert Membership.objects.filter(user=staff_b, office=office_a, role=Role.STAFF).exists()


def test_last_owner_cannot_be_removed(office_a, admin_a):
    owner = member(office_a, Role.OWNER)
    membership = Membership.objects.get(user=owner, office=office_a)
    with pytest.raises(ApplicationError):
        membership_deactivate(membership=membership, actor=admin_a)
    membership.refresh_from_db()
    assert membership.is_active


def test_staff_removal_is_audited_and_takes_effect(office_a, admin_a, staff_a):
    membership = Membership.objects.get(user=staff_a, office=office_a)
    response = OfficeClient(office_a, user=admin_a).post(
        f"/administration/team/{membership.pk}/remove/"
    )
    assert response.status_code == 302
    assert OfficeClient(office_a, user=staff_a).get("/dashboard/").status_code == 403
    with in_office(office_a):
        entry = AuditEntry.objects.get(action="membership.deactivated")
    assert entry.actor_id == admin_a.pk
    assert entry.ip == "127.0.0.1"


def test_removing_a_member_of_another_office_is_404(office_a, office_b, admin_a, staff_b):
    membership = Membership.objects.get(user=staff_b, office=office_b)
    response = OfficeClient(office_a, user=admin_a).post(
        f"/administration/team/{membership.pk}/remove/"
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_handoff_token_is_single_use_and_bound_to_host(office_a, office_b, staff_a, clean_cache):
    browser = RequestFactory().get("/")
    token = handoff_token_create(user=staff_a, host=office_b.host, request=browser)
    assert handoff_token_use(token=token, host=office_a.host, request=browser) is None
    assert handoff_token_use(token=token, host=office_b.host, request=browser) == staff_a
    assert handoff_token_use(token=token, host=office_b.host, request=browser) is None
    forged = token[:-2] + "xx"
    assert handoff_token_use(token=forged, host=office_b.host, request=browser) is None


def test_switcher_signs_in_on_the_other_office_host(office_a, office_b, clean_cache):
    user = member(office_a, Role.STAFF)
    membership_b = Membership.objects.create(user=user, office=office_b, role=Role.STAFF)
    on_a = OfficeClient(office_a, user=user)
    response = on_a.post(f"/accounts/switch/{membership_b.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("http://office-b.localhost")
    target = urlsplit(response.url)
    on_b = Client(HTTP_HOST=office_b.host)  # a fresh browser profile on B's host
    landed = handoff_follow(on_b, f"{target.path}?{target.query}")
    assert landed.status_code == 302 and landed.url == "/"
    assert on_b.get("/dashboard/").status_code == 200


def test_switcher_refuses_memberships_of_someone_else(office_a, office_b, staff_a, staff_b):
    other = Membership.objects.get(user=staff_b, office=office_b)
    response = OfficeClient(office_a, user=staff_a).post(f"/accounts/switch/{other.pk}/")
    assert response.status_code == 404


def _two_companies(office):
    """A client user of two companies of `office`: Alfa (first by name) and Beta."""
    user = UserFactory()
    first = Membership.objects.create(
        user=user, office=office, role=Role.CLIENT, client_id=1, client_name="Alfa sp. z o.o."
    )
    second = Membership.objects.create(
        user=user, office=office, role=Role.CLIENT, client_id=2, client_name="Beta s.r.o."
    )
    return user, first, second


def test_client_user_with_two_companies_switches_profile(office_a):
    user, first, second = _two_companies(office_a)
    client = OfficeClient(office_a, user=user)
    assert "Alfa sp. z o.o." in client.get("/portal/").content.decode()
    client.post(f"/accounts/switch/{second.pk}/", follow=True)
    page = client.get("/portal/").content.decode()
    assert "Beta s.r.o." in page
    assert first.client_name not in page.split('data-testid="company-name"')[1][:80]


def test_a_link_or_a_get_never_switches_the_profile(office_a):
    # The switcher's items are buttons of a POST form: a prefetch, a mail scanner or another
    # site's <img src> following /accounts/switch/ or the hand-off link changes nothing.
    user, _first, second = _two_companies(office_a)
    client = OfficeClient(office_a, user=user)

    def company() -> str:
        return client.get("/portal/").content.decode().split('data-testid="company-name"')[1][:80]

    assert client.get(f"/accounts/switch/{second.pk}/").status_code == 405
    page = client.get(f"/accounts/handoff/?client={second.pk}")
    assert page.status_code == 200 and 'method="post" data-autosubmit' in page.content.decode()
    assert "Alfa sp. z o.o." in company()
    # Its page's own POST (sent by js/vireo.js at once) switches.
    landed = client.post("/accounts/handoff/", {"client": second.pk})
    assert (landed.status_code, landed["Location"]) == (302, "/")
    assert "Beta s.r.o." in company()
    # The switcher offers buttons of one POST form, no links.
    menu = client.get("/portal/").content.decode().split('data-testid="switcher"')[1]
    assert f'formaction="/accounts/switch/{second.pk}/"' in menu
    assert 'id="switch-form"' in menu and 'href="/accounts/switch/' not in menu


def test_the_company_chosen_last_opens_at_the_next_sign_in(office_a):
    user, _first, second = _two_companies(office_a)
    OfficeClient(office_a, user=user).post(f"/accounts/switch/{second.pk}/", follow=True)
    again = OfficeClient(office_a, user=user)  # a new session: signed out and in again
    page = again.get("/portal/").content.decode()
    assert "Beta s.r.o." in page.split('data-testid="company-name"')[1][:80]
    second.refresh_from_db()
    assert second.last_chosen_at is not None


def test_language_choice_is_kept_on_the_person(office_a, staff_a):
    client = OfficeClient(office_a, user=staff_a)
    response = client.post("/accounts/language/", {"language": "sk", "next": "/dashboard/"})
    assert response.status_code == 302 and response.url == "/dashboard/"
    staff_a.refresh_from_db()
    assert staff_a.language == "sk"
    assert "Nástenka" in client.get("/dashboard/").content.decode()


def test_language_switch_refuses_foreign_redirects(office_a):
    response = OfficeClient(office_a).post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example.com/"}
    )
    assert response.url == "/"


@pytest.mark.django_db
def test_root_domain_home_lists_the_persons_offices(office_a, office_b, staff_a):
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff_a)
    page = client.get("/accounts/home/").content.decode()
    assert office_a.name in page
    assert office_b.name not in page


def test_switcher_lists_open_offices_from_the_requests_one_membership_query(office_a, office_b):
    user = member(office_a, Role.STAFF)
    in_b = Membership.objects.create(user=user, office=office_b, role=Role.ADMIN)
    Membership.objects.create(
        user=user,
        office=office_a,
        role=Role.CLIENT,
        client_id=7,
        client_name="Stara Firma",
        is_active=False,
    )
    web = OfficeClient(office_a, user=user)
    web.get("/dashboard/")
    with CaptureQueriesContext(connection) as captured:
        page = web.get("/dashboard/").content.decode()
    # The person's memberships, read with the person (the dashboard also counts the team).
    of_person = re.compile(
        rf'(accounts_user"?\."?id|accounts_membership"?\."?user_id)"? = {user.pk}\b'
    )
    reads = [
        q for q in captured if "accounts_membership" in q["sql"] and of_person.search(q["sql"])
    ]
    assert len(reads) == 1
    switcher = page.split('data-testid="switcher"')[1]
    assert f'formaction="/accounts/switch/{in_b.pk}/"' in switcher
    assert office_b.name in switcher and "Stara Firma" not in switcher

    Office.objects.filter(pk=office_b.pk).update(state=Office.State.SUSPENDED)
    switcher = web.get("/dashboard/").content.decode().split('data-testid="switcher"')[1]
    assert f'formaction="/accounts/switch/{in_b.pk}/"' not in switcher


def test_a_session_ends_when_its_person_is_deactivated_or_deleted(office_a):
    user = member(office_a, Role.STAFF)
    web = OfficeClient(office_a, user=user)
    assert web.get("/dashboard/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)
    response = web.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    User.objects.filter(pk=user.pk).update(is_active=True)
    assert web.get("/dashboard/").status_code == 200
    user.delete()
    assert web.get("/dashboard/").status_code == 302


def test_the_cached_menus_follow_names_language_and_the_page(office_a, office_b):
    """{% account_menus %} renders the two menus once per variant: a rename, another
    language or another person is a new variant; the page's own address and a working CSRF
    token are put in on every request."""
    user = member(office_a, Role.STAFF)
    other = member(office_a, Role.STAFF)
    Membership.objects.create(user=user, office=office_b, role=Role.ADMIN)
    web = OfficeClient(office_a, user=user, enforce_csrf_checks=True)

    def menus(path="/dashboard/") -> str:
        page = web.get(path).content.decode()
        return page[page.index('data-testid="language-switcher"') :].split("</header>")[0]

    first = menus()
    assert office_b.name in first and user.get_full_name() in first
    assert '<input type="hidden" name="next" value="/dashboard/">' in first
    assert other.get_full_name() not in first
    assert (
        other.get_full_name()
        in OfficeClient(office_a, user=other).get("/dashboard/").content.decode()
    )

    Office.objects.filter(pk=office_b.pk).update(name="Biuro B Nowe")
    renamed = menus('/mail/?q=a&b="<x>"')
    assert "Biuro B Nowe" in renamed
    assert '<input type="hidden" name="next" value="/mail/?q=a&amp;b=%22%3Cx%3E%22">' in renamed

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', renamed).group(1)
    response = web.post(
        "/accounts/language/",
        {"language": "sk", "next": "/dashboard/", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Odhlásiť sa" in menus()  # "Sign out" in the new language


def test_the_switcher_names_the_company_first_for_a_client_user(office_a):
    """Audit: the header said "Biuro Wirtualne Dem…" for a person acting for a company: the
    line is cut at 12rem and the company came after the office's name, so a person of two
    companies could not see whose mail they were looking at. The company comes first now
    (the office's name is in the brand), the whole line in its title."""
    user, _first, second = _two_companies(office_a)
    client = OfficeClient(office_a, user=user)
    client.post(f"/accounts/switch/{second.pk}/", follow=True)
    page = client.get("/portal/mail/").content.decode()
    current = re.search(r'data-testid="switcher-current" title="([^"]*)">([^<]*)<', page)
    assert current.group(2) == f"Beta s.r.o. · {office_a.name}"
    assert current.group(1) == current.group(2)
    # Staff see their office, as before.
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    page = staff.get("/dashboard/").content.decode()
    current = re.search(r'data-testid="switcher-current" title="([^"]*)">([^<]*)<', page)
    assert current.group(2) == office_a.name
