from tests.helpers.html import described_by, element
from tests.helpers.offices import in_office
from tests.modules.clients.factories import ClientFactory


def test_contact_form_shows_ticks_and_typing_again_with_errors_linked(client_a, office_a):
    with in_office(office_a):
        company = ClientFactory()
    client_a.cookies["vireo_language"] = "en"
    response = client_a.post(
        f"/clients/{company.pk}/contacts/new/",
        {
            "first_name": "Anna",
            "last_name": "",
            "emails": "anna@firma.pl, biuro@firma.pl",
            "authorised_to_pick_up_mail": "on",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "checked" in element(html, "input", name="authorised_to_pick_up_mail")["attrs"]
    assert "checked" not in element(html, "input", name="receives_notifications")["attrs"]
    assert element(html, "label", **{"for": "id_authorised_to_pick_up_mail"})["text"].strip() == (
        "Authorised to pick up mail"
    )
    last = element(html, "input", name="last_name")
    assert (last["attrs"]["aria-invalid"], last["attrs"]["aria-describedby"]) == (
        "true",
        "id_last_name_error",
    )
    assert described_by(html, last) == ["This field is required."]
    assert element(html, "input", name="first_name")["attrs"]["value"] == "Anna"
    emails = element(html, "input", name="emails")
    assert emails["attrs"]["value"] == "anna@firma.pl, biuro@firma.pl"
    assert described_by(html, emails) == ["Separate several with commas."]
    with in_office(office_a):
        assert company.contacts.count() == 0


def test_client_form_keeps_the_notes_in_a_textarea(client_a, office_a):
    client_a.cookies["vireo_language"] = "en"
    response = client_a.post(
        "/clients/new/",
        {"name": "", "country": "PL", "status": "active", "language": "pl", "notes": "Klucz\nu"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert element(html, "textarea", name="notes")["text"] == "\nKlucz\nu"
    name = element(html, "input", name="name")
    assert described_by(html, name) == ["This field is required."]
    code = element(html, "input", name="code")
    assert described_by(html, code) == ["Leave empty to generate one from the name."]
