import uuid

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.clients.models import Client
from modules.documents.models import Document, DocumentTemplate
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office


def test_admin_writes_a_template_staff_generate_and_share_client_downloads_on_a_phone(
    page, browser, session_offices, committed
):
    office_a, _office_b = session_offices
    code = f"DOC-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office_a):
        company = Client.objects.create(name=f"Dokumenty {code} sp. z o.o.", code=code)
    admin = UserFactory(email=unique_email("doc-admin"), language="en")
    membership_create(user=admin, office=office_a, role=Role.ADMIN)
    client_user = UserFactory(email=unique_email("doc-client"), language="en")
    membership_create(
        user=client_user,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    name = f"Agreement {code}"

    # The admin writes a template in the editor, with a variable picked from the list.
    sign_in(page, office_a, admin.email, PASSWORD)
    page.goto(office_url(office_a, "/administration/documents/new/"))
    page.fill("input[name=name]", name)
    page.select_option("select[name=language]", "en")
    page.fill("textarea[name=fields]", "place: Place of signing")
    editor = page.locator(".ql-editor")
    editor.click()
    page.keyboard.type("Agreement with ")
    page.locator("[data-insert-variable=client_name]").click()
    page.keyboard.type(" signed in {{ place }}.")
    page.get_by_test_id("template-preview").click()
    expect(page.get_by_test_id("preview-body")).to_contain_text(
        "Agreement with Alfa Consulting sp. z o.o. signed in [Place of signing]."
    )
    page.get_by_test_id("template-save").click()
    expect(page.locator(".alert-success")).to_contain_text("Template saved.")
    with in_office(office_a):
        template = DocumentTemplate.objects.get(name=name)
        assert template.body == "<p>Agreement with {{ client_name }} signed in {{ place }}.</p>"

    # From the client's card: generate it, then share it.
    page.goto(office_url(office_a, f"/clients/{company.pk}/documents/"))
    page.get_by_test_id("generate-menu").click()
    page.get_by_role("link", name=name).click()
    page.fill("input[name=field_place]", "Kraków")
    page.get_by_test_id("generate-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("generated")
    expect(page.get_by_test_id("document-state")).to_contain_text("not shared")
    page.get_by_test_id("document-share").click()
    expect(page.get_by_test_id("document-state")).to_contain_text("The client sees it")
    with in_office(office_a):
        document = Document.objects.get(client=company)
        assert (document.template_id, document.shared, document.field_values) == (
            template.pk,
            True,
            {"place": "Kraków"},
        )

    # The client, on a phone, finds it in the panel's Documents and downloads it.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    mobile = phone.new_page()
    mobile.set_default_timeout(15_000)
    try:
        sign_in(mobile, office_a, client_user.email, PASSWORD)
        mobile.goto(office_url(office_a, "/portal/documents/"))
        row = mobile.locator(f"[data-testid=portal-document][data-number='{document.number}']")
        expect(row).to_contain_text(name)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        with mobile.expect_download() as download:
            row.get_by_test_id("portal-document-download").click()
        assert download.value.suggested_filename == f"{document.number.replace('/', '-')}.pdf"
        with open(download.value.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    finally:
        phone.close()
