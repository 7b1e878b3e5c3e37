import uuid

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.clients.models import Client
from modules.clients.services.clients import contact_person_save
from modules.clients.services.search import client_search_refresh
from modules.mail.services import client_notify_default_set
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


def _pick(page, code):
    page.get_by_test_id("client-query").fill(code)
    page.get_by_test_id("client-options").locator(f"[data-label^='{code} ']").click()


def test_registration_warns_as_soon_as_an_unnotified_client_is_picked(
    page, session_offices, committed
):
    office_a, _office_b = session_offices
    tag = uuid.uuid4().hex[:6].upper()
    staff = UserFactory(email=unique_email("notify-warning"), language="en")
    membership_create(user=staff, office=office_a, role=Role.STAFF)
    with in_office(office_a):
        silent = Client.objects.create(name=f"Cicha {tag} sp. z o.o.", code=f"CI-{tag}")
        heard = Client.objects.create(name=f"Słyszana {tag} sp. z o.o.", code=f"SL-{tag}")
        contact_person_save(
            client=heard,
            actor=staff,
            data={
                "last_name": "Nowak",
                "emails": ["nowak@example.com"],
                "receives_notifications": True,
            },
        )
        client_notify_default_set(client=heard, notify_default="email_sms", actor=staff)
        client_search_refresh(client_ids=[silent.pk, heard.pk])

    sign_in(page, office_a, staff.email, PASSWORD)
    page.goto(office_url(office_a, "/mail/register/"))
    warning = page.get_by_test_id("notify-warning")
    expect(warning).to_be_hidden()
    page.locator("input[name=notify_choice][value=email]").check()
    _pick(page, f"CI-{tag}")
    expect(warning).to_be_visible()
    expect(warning).to_have_text(
        "This client will not be notified: no contact person receives notifications."
    )
    page.locator("input[name=notify_choice][value=none]").check()
    expect(warning).to_be_hidden()

    # The client's own default replaces the choice; only its SMS side reaches nobody.
    _pick(page, f"SL-{tag}")
    expect(page.locator("input[name=notify_choice][value=email_sms]")).to_be_checked()
    expect(warning).to_have_text(
        "This client will not be notified by SMS: nobody receives it by SMS."
    )
    page.locator("input[name=notify_choice][value=email]").check()
    expect(warning).to_be_hidden()
    # Typing again forgets the client, and the warning with it.
    _pick(page, f"CI-{tag}")
    expect(warning).to_be_visible()
    page.get_by_test_id("client-query").fill("x")
    expect(warning).to_be_hidden()
