from django.urls import reverse

from tests.helpers.html import described_by, element
from tests.helpers.offices import OfficeClient


def test_settings_show_the_footer_again_with_its_error_linked(office_a, admin_a):
    web = OfficeClient(office_a, user=admin_a)
    web.cookies["vireo_language"] = "en"
    footer = "NIP 774-000-14-54 · " + "x" * 300
    response = web.post(
        reverse("handover:settings", urlconf="config.urls_tenant"), {"footer": footer}
    )
    assert response.status_code == 400
    html = response.content.decode()
    field = element(html, "input", name="footer")
    assert (field["attrs"]["type"], field["attrs"]["value"]) == ("text", footer)
    assert (field["attrs"]["aria-invalid"], field["attrs"]["aria-describedby"]) == (
        "true",
        "id_footer_error",
    )
    assert described_by(html, field) == [
        "Ensure this value has at most 300 characters (it has 320)."
    ]
    label = element(html, "label", **{"for": "id_footer"})
    assert " ".join(label["text"].split()) == "Footer"
