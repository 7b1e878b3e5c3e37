import uuid

from playwright.sync_api import expect

from accounts.models import Role
from accounts.services import membership_create
from modules.clients.models import Client
from modules.mail.models import MailItem, MailType
from modules.mail.services import mail_register
from modules.scanrequests.models import ClientScanAccess
from tests.browser.conftest import office_url, sign_in, unique_email
from tests.factories import PASSWORD, UserFactory
from tests.helpers.offices import in_office
from tests.modules.mail.factories import pdf_bytes


def test_client_asks_in_the_panel_staff_adds_the_scan_client_sees_it(
    page, browser, session_offices, committed, tmp_path
):
    office_a, _office_b = session_offices
    code = f"SR-{uuid.uuid4().hex[:6].upper()}"
    with in_office(office_a):
        company = Client.objects.create(name=f"Skan {code} sp. z o.o.", code=code)
        # Only this company may ask: the office-wide switch stays as other tests expect it.
        ClientScanAccess.objects.create(client=company, allowed=True)
        item = mail_register(
            actor=None,
            data={
                "client": company,
                "sender": f"Urząd Skarbowy {code}",
                "mail_type": MailType.objects.get(code="letter"),
            },
        )
        assert item.status.code == "to_pick_up"
    staff = UserFactory(email=unique_email("scan-staff"), language="en")
    membership_create(user=staff, office=office_a, role=Role.STAFF)
    client_user = UserFactory(email=unique_email("scan-client"), language="en")
    membership_create(
        user=client_user,
        office=office_a,
        role=Role.CLIENT,
        client_id=company.pk,
        client_name=company.name,
    )
    scan = tmp_path / "skan-us.pdf"
    scan.write_bytes(pdf_bytes(1))

    # The client asks with "+" on the Mail tab and confirms.
    panel_context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    panel = panel_context.new_page()
    sign_in(panel, office_a, client_user.email, PASSWORD)
    panel.goto(office_url(office_a, "/portal/mail/"))
    row = panel.locator(f"[data-testid=portal-row][data-number='{item.number}']")
    row.get_by_test_id("request-scan").click()
    panel.get_by_test_id("confirm").click()
    row = panel.locator(f"[data-testid=portal-row][data-number='{item.number}']")
    expect(row.get_by_test_id("scan-requested")).to_be_visible()
    expect(row.get_by_test_id("request-scan")).to_have_count(0)

    # Staff see it under Mail > Scan requests and add the scan with "+".
    sign_in(page, office_a, staff.email, PASSWORD)
    page.goto(office_url(office_a, "/mail/scan-requests/"))
    request_row = page.locator(f"[data-testid=request-row][data-number='{item.number}']")
    expect(request_row).to_contain_text(company.name)
    expect(request_row).to_contain_text(f"Urząd Skarbowy {code}")
    expect(request_row).to_contain_text("New")
    request_row.get_by_test_id("complete").click()
    page.locator("input[name=scans]").set_input_files(str(scan))
    page.fill("textarea[name=additional_info]", "Skan na prośbę")
    page.fill("input[name=additional_cost]", "5.00")
    page.get_by_test_id("complete-submit").click()
    expect(page.locator(".alert-success")).to_contain_text(item.number)
    page.goto(office_url(office_a, "/mail/scan-requests/?status=completed"))
    expect(page.locator(f"[data-testid=request-row][data-number='{item.number}']")).to_contain_text(
        "Completed"
    )

    # The client sees the scan in the panel.
    panel.goto(office_url(office_a, "/portal/mail/"))
    row = panel.locator(f"[data-testid=portal-row][data-number='{item.number}']")
    expect(row.get_by_test_id("portal-scan")).to_have_text("skan-us.pdf")
    expect(row.get_by_test_id("scan-requested")).to_have_count(0)
    with in_office(office_a):
        stored = MailItem.objects.get(pk=item.pk)
        assert (stored.scan_count, str(stored.additional_cost)) == (1, "5.00")
    panel_context.close()
