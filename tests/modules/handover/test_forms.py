from tests.helpers.html import described_by, element
from tests.helpers.offices import OfficeClient


def test_settings_show_the_letterhead_again_in_a_textarea_with_errors_linked(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "en"
    letterhead = "ul. Długa 1\n" + "x" * 1000
    response = web.post(
        "/mail/hand-over/settings/", {"letterhead": letterhead, "footer": "NIP 774-000-14-54"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    area = element(html, "textarea", name="letterhead")
    assert area["text"] == "\n" + letterhead
    assert (area["attrs"]["rows"], area["attrs"]["aria-invalid"]) == ("4", "true")
    assert described_by(html, area) == [
        "Address and contact lines printed under the office name on confirmations.",
        "Ensure this value has at most 1000 characters (it has 1012).",
    ]
    footer = element(html, "input", name="footer")
    assert (footer["attrs"]["type"], footer["attrs"]["value"]) == ("text", "NIP 774-000-14-54")
    assert "aria-invalid" not in footer["attrs"]
