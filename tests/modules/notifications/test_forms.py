from modules.notifications.hooks import OFFICE, event_list
from tests.helpers.html import described_by, element, elements
from tests.helpers.offices import OfficeClient


def test_settings_show_ticks_and_typing_again_with_errors_linked(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "en"
    response = web.post(
        "/administration/notifications/",
        {
            "office_email": "biuro@office-a.pl",
            "office_phone": "",
            "sms_sender_id": "BiuroA",
            "sms_daily_cap": "many",
            "sms_countries": "PL,SK",
            "attachment_max_bytes": "1000000",
            "office__mail.scan_requested__inapp": "on",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    cap = element(html, "input", name="sms_daily_cap")
    assert (cap["attrs"]["type"], cap["attrs"]["value"], cap["attrs"]["aria-invalid"]) == (
        "number",
        "many",
        "true",
    )
    assert described_by(html, cap) == ["Enter a whole number."]
    countries = element(html, "input", name="sms_countries")
    assert countries["attrs"]["value"] == "PL,SK"
    assert described_by(html, countries) == ["Two-letter codes separated by commas, e.g. PL,SK,CZ."]
    assert element(html, "input", name="office_email")["attrs"]["value"] == "biuro@office-a.pl"
    boxes = {
        e["attrs"]["name"]: "checked" in e["attrs"]
        for e in elements(html, "input", type="checkbox")
        if e["attrs"]["name"].startswith("office__")
    }
    codes = [e.code for e in event_list(audience=OFFICE)]
    assert len(boxes) == 3 * len(codes)
    assert [name for name, ticked in boxes.items() if ticked] == [
        "office__mail.scan_requested__inapp"
    ]
