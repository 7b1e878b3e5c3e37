import uuid

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.clients.models import Client
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.mail.factories import pdf_bytes


def test_register_an_item_with_a_scan_and_see_it_in_the_client_panel(
    page, browser, session_offices, committed, tmp_path
):
    office_a, _office_b = session_offices
    code = f"BR-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office_a):
        company = Client.objects.create(name=f"Przeglądarka {code} sp. z o.o.", code=code)
        from modules.clients.services.search import client_search_refresh

        client_search_refresh(client_ids=[company.pk])
    staff = UserFactory(email=unique_email("mail-staff"), language="en")
    membership_create(user=staff, office=office_a, role=Role.STAFF)
    client_user = UserFactory(email=unique_email("mail-client"), language="en")
    membership_create(
        user=client_user,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    scan = tmp_path / "skan-zus.pdf"
    scan.write_bytes(pdf_bytes(2))

    sign_in(page, office_a, staff.email, PASSWORD)
    page.goto(office_url(office_a, "/mail/register/"))
    page.get_by_test_id("client-query").fill(code)
    page.get_by_test_id("client-options").locator("[data-picker-option]").first.click()
    # The sender is asked of incoming mail only: hidden while "Outgoing" is chosen.
    sender = page.get_by_test_id("sender")
    expect(sender).to_be_visible()
    page.locator("input[name=direction][value=out]").check()
    expect(sender).to_be_hidden()
    expect(page.locator("#id_recipient")).to_be_visible()
    page.locator("input[name=direction][value=in]").check()
    sender.fill("ZUS Oddział Warszawa")
    page.get_by_test_id("scan-input").set_input_files(str(scan))
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("item-number")).to_contain_text("/")
    number = page.get_by_test_id("item-number").inner_text().split()[0]
    expect(page.get_by_test_id("scans")).to_contain_text("skan-zus.pdf")

    other = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    panel = other.new_page()
    sign_in(panel, office_a, client_user.email, PASSWORD)
    panel.goto(office_url(office_a, "/portal/mail/"))
    row = panel.locator(f"[data-testid=portal-row][data-number='{number}']")
    expect(row).to_contain_text("ZUS Oddział Warszawa")
    expect(row.get_by_test_id("portal-scan")).to_have_text("skan-zus.pdf")
    with panel.expect_download() as download:
        row.get_by_test_id("portal-scan").click()
    assert download.value.suggested_filename == "skan-zus.pdf"
    other.close()
