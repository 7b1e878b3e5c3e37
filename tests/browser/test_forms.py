"""Browser: a field's own check before sending speaks the page's language, not the browser's.

Chromium's bubbles ("Please fill out this field.") come in its own language (en-GB here);
static/js/vireo.js puts Django's form messages in the page's language in their place."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Role
from accounts.services import membership_create
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory

CHECK = """(selector) => {
    const field = document.querySelector(selector);
    field.form.reportValidity();
    return field.validationMessage;
}"""


def test_validation_bubbles_in_the_page_language(page, session_offices, committed):
    office = session_offices[0]
    # Signed out: the sign-in page in the office's language (Polish), an e-mail field.
    page.goto(office_url(office, "/accounts/login/"))
    assert page.evaluate("document.documentElement.lang") == "pl"
    assert page.evaluate(CHECK, "input[name=username]") == "To pole jest wymagane."
    page.fill("input[name=username]", "nie-adres")
    # The words the form says once sent (our catalogue's, where it words Django's anew).
    with translation.override("pl"):
        invalid = gettext("Enter a valid email address.")
    assert invalid == "Podaj poprawny adres e-mail."
    assert page.evaluate(CHECK, "input[name=username]") == invalid
    page.fill("input[name=username]", "ktos@example.com")  # typed afresh: valid again
    assert page.evaluate("document.querySelector('input[name=username]').validity.valid")

    # Signed in as a person who reads Slovak: a required field of a staff form.
    user = UserFactory(email=unique_email("bubbles"), language="sk")
    membership_create(user=user, office=office, role=Role.STAFF)
    sign_in(page, office, user.email, PASSWORD)
    page.goto(office_url(office, "/clients/new/"))
    assert page.evaluate(CHECK, "input[name=name]") == "Toto pole je povinné."
    page.fill("input[name=name]", "Nová firma s.r.o.")
    assert page.evaluate("document.querySelector('input[name=name]').validationMessage") == ""

    # A number off its step: a whole number of pieces, a cost to two decimal places.
    page.goto(office_url(office, "/mail/register/"))
    page.fill("input[name=pieces]", "2.5")
    assert page.evaluate(CHECK, "input[name=pieces]") == "Zadajte celé číslo."
    page.fill("input[name=pieces]", "2")  # the first field wrong is the one reported
    page.fill("input[name=additional_cost]", "1.234")
    assert page.evaluate(CHECK, "input[name=additional_cost]") == (
        "Uistite sa, že nie sú zadané viac ako 2 desatinné miesta."
    )


def test_a_too_short_value_is_told_with_the_right_plural(browser, live_server_url):
    # The sign-up form's password takes at least 10 characters: "10 znaków", "10 znakov".
    for locale, expected in (
        ("pl-PL", "Upewnij się, że ta wartość ma przynajmniej 10 znaków (obecnie ma 3)."),
        ("sk-SK", "Uistite sa, že zadaná hodnota má najmenej 10 znakov (má 3)."),
        ("en-GB", "Ensure this value has at least 10 characters (it has 3)."),
    ):
        context = browser.new_context(locale=locale)
        page = context.new_page()
        try:
            page.goto(f"{live_server_url}/signup/")
            page.fill("input[name=password]", "abc")  # typed: the browser checks its length
            page.press("input[name=password]", "Tab")  # as before a click on the button
            assert page.evaluate(CHECK, "input[name=password]") == expected
        finally:
            context.close()


def test_a_second_press_while_a_form_is_on_its_way_sends_nothing(page, session_offices, committed):
    """static/js/vireo.js: a second submit of a POST form on its way is dropped (a double
    click under a reminder's confirmation sent the client two e-mails). The answer here is
    held back as on a slow line: a 204 keeps the page, so the second press meets the same
    form."""
    import uuid

    from modules.clients.models import Client
    from modules.messaging.models import Message
    from modules.messaging.services import message_send
    from tests.helpers.offices import in_office

    office = session_offices[0]
    code = f"DC-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office):
        company = Client.objects.create(name=f"Double {code}", code=code)
        conversation = message_send(
            actor=None, client=company, subject=f"Twice {code}", body="First"
        ).conversation
    user = UserFactory(email=unique_email("double"), language="en")
    membership_create(user=user, office=office, role=Role.STAFF)
    sign_in(page, office, user.email, PASSWORD)
    page.goto(office_url(office, f"/messages/{conversation.pk}/"))
    posts = []

    def slow_line(route):
        posts.append(route.request.method)
        route.fulfill(status=204)

    page.route("**/reply/", slow_line)
    form = page.get_by_test_id("reply-form")
    form.locator("textarea[name=body]").fill("Only once, please.")
    button = form.locator("button[type=submit]")
    button.click()
    page.wait_for_timeout(300)
    button.click()
    page.wait_for_timeout(300)
    assert posts == ["POST"]  # the second press sent nothing
    page.wait_for_timeout(5200)  # the mark lifts (a download leaves the page as it is)
    button.click()
    page.wait_for_timeout(300)
    assert posts == ["POST", "POST"]
    page.unroute("**/reply/")
    page.reload()  # a fresh page, a fresh form: the real answer, the reply in the thread
    page.get_by_test_id("reply-form").locator("textarea[name=body]").fill("Only once.")
    with page.expect_navigation():
        page.get_by_test_id("reply-form").locator("button[type=submit]").click()
    with in_office(office):
        assert Message.objects.filter(conversation=conversation).count() == 2
