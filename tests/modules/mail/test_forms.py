from tests.helpers.html import described_by, element, elements
from tests.helpers.offices import in_office
from tests.modules.mail.factories import letter


def test_register_shows_what_was_typed_again_with_errors_linked(client_a, office_a):
    with in_office(office_a):
        mail_type = letter()
    client_a.cookies["vireo_language"] = "en"
    response = client_a.post(
        "/mail/register/",
        {
            "direction": "in",
            "client_query": "Nobody Such Ltd",
            "sender": "ZUS Oddział Warszawa",
            "mail_type": mail_type.pk,
            "received_at": "2026-03-02T09:30",
            "pieces": "2",
            "notes": "Pilne\nDo rąk własnych",
            "additional_info": "",
            "notify_choice": "sms",
            "next": "register",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    query = element(html, "input", name="client_query")
    assert (query["attrs"]["value"], query["attrs"]["aria-invalid"]) == ("Nobody Such Ltd", "true")
    assert query["attrs"]["aria-describedby"] == "id_client_query_error"
    assert described_by(html, query) == ["Choose the client (by name or code)."]
    assert query["attrs"]["data-testid"] == "client-query"
    assert element(html, "input", name="sender")["attrs"]["value"] == "ZUS Oddział Warszawa"
    assert element(html, "input", name="pieces")["attrs"]["value"] == "2"
    assert element(html, "textarea", name="notes")["text"] == "\nPilne\nDo rąk własnych"
    assert "checked" in element(html, "input", name="notify_choice", value="sms")["attrs"]
    assert "checked" not in element(html, "input", name="notify_choice", value="none")["attrs"]
    assert "checked" in element(html, "input", name="direction", value="in")["attrs"]
    (chosen,) = [e for e in elements(html, "option", selected="") if e["attrs"]["value"]]
    assert chosen["attrs"]["value"] == str(mail_type.pk)  # the type; the status stays empty
    info = element(html, "textarea", name="additional_info")
    assert "aria-invalid" not in info["attrs"]
    assert described_by(html, info) == ["Shown to the client in the e-mail that carries the scan."]
    scans = element(html, "input", name="scans")
    assert (scans["attrs"]["type"], scans["attrs"]["data-testid"]) == ("file", "scan-input")
    assert "multiple" in scans["attrs"]
