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
            "attachment_max_mb": "5",
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


def _settings_post(**changes) -> dict:
    data = {
        "office_email": "biuro@office-a.pl",
        "office_phone": "",
        "sms_sender_id": "BiuroA",
        "sms_daily_cap": "100",
        "sms_countries": "PL,SK",
        "attachment_max_mb": "10",
    }
    data.update(changes)
    return data


def test_the_largest_attachment_is_asked_in_megabytes_and_stored_in_bytes(office_a, admin_a):
    from modules.notifications.models import NotificationSettings
    from tests.helpers.offices import in_office

    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "pl"
    page = web.get("/administration/notifications/").content.decode()
    field = element(page, "input", name="attachment_max_mb")
    assert field["attrs"]["value"] == "10"
    assert "Największy załącznik (MB)" in page and "(bajty)" not in page
    response = web.post("/administration/notifications/", _settings_post(attachment_max_mb="4"))
    assert response.status_code == 302
    with in_office(office_a):
        assert NotificationSettings.objects.get(pk=1).attachment_max_bytes == 4 * 1024 * 1024
    refused = web.post("/administration/notifications/", _settings_post(attachment_max_mb="30"))
    assert refused.status_code == 400
    assert (
        element(refused.content.decode(), "input", name="attachment_max_mb")["attrs"]["value"]
        == "30"
    )
    with in_office(office_a):
        assert NotificationSettings.objects.get(pk=1).attachment_max_bytes == 4 * 1024 * 1024


def test_the_template_list_names_events_without_their_internal_codes(office_a, admin_a):
    """The list showed each event's code ("documents.shared", "helpdesk.created") as text
    under its name; the name alone is shown (the code only in the row's data)."""
    import re

    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "pl"
    page = web.get("/administration/notifications/templates/").content.decode()
    assert '<tr data-event="mail.new"><td>Nowa korespondencja</td>' in page
    table = page[page.index('data-testid="template-table"') : page.index("</table>")]
    visible = re.sub(r"<[^>]+>", " ", table)  # the text, without tags and their attributes
    for code in ("mail.new", "documents.shared", "helpdesk.created"):
        assert f'data-event="{code}"' in table
        assert code not in visible
    assert "font-monospace" not in table and '<code class="small">' not in page


def test_the_sms_counter_says_standard_or_special_characters(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "pl"
    url = "/administration/notifications/templates/mail.new/pl/preview/"
    plain = web.post(url, {"subject": "x", "body": "x", "sms": "abc"}).content.decode()
    assert "znaki standardowe" in plain and "gsm7" not in plain
    special = web.post(url, {"subject": "x", "body": "x", "sms": "ąę"}).content.decode()
    assert "znaki specjalne (krótsze SMS)" in special and "ucs2" not in special
