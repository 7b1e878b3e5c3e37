from django.utils.html import escape

from accounts.models import Membership, Role
from accounts.switcher import CLIENT_SESSION_KEY
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory
from tests.modules.helpdesk.factories import raised
from tests.modules.mail.factories import item_register


def _person_of_two_companies(office):
    with in_office(office):
        alfa, beta, gamma = (ClientFactory(name=n) for n in ("Alfa", "Beta Zielony Las", "Gamma"))
    user = member(office, Role.CLIENT, client_id=alfa.pk, client_name="Alfa", language="en")
    to_beta = Membership.objects.create(
        user=user, office=office, role=Role.CLIENT, client_id=beta.pk, client_name=beta.name
    )
    return user, alfa, beta, gamma, to_beta


def _acting_for(panel, office):
    return panel.session.get(CLIENT_SESSION_KEY.format(office_id=office.pk))


def test_another_company_s_panel_detail_asks_before_switching_and_never_switches_silently(
    office_a,
):
    user, _alfa, beta, _gamma, to_beta = _person_of_two_companies(office_a)
    with in_office(office_a):
        letter = item_register(client=beta, sender="Urząd Skarbowy")
        ticket = raised(actor=user, client=beta, subject="Beta's heating")
    panel = OfficeClient(office_a, user=user)
    acting = _acting_for(panel, office_a)
    for url in (f"/portal/mail/{letter.pk}/", f"/portal/helpdesk/{ticket.pk}/"):
        page = panel.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and 'data-testid="switch-offer"' in html
        assert "Switch to Beta Zielony Las" in html and f'value="{url}"' in html
        assert "Urząd Skarbowy" not in html and "Beta&#x27;s heating" not in html
        assert _acting_for(panel, office_a) == acting
    response = panel.post(
        f"/accounts/switch/{to_beta.pk}/", {"next": f"/portal/mail/{letter.pk}/"}, follow=True
    )
    assert response.redirect_chain == [(f"/portal/mail/{letter.pk}/", 302)]
    assert "Urząd Skarbowy" in response.content.decode()
    assert _acting_for(panel, office_a) == to_beta.pk


def test_a_company_the_person_does_not_act_for_still_answers_404(office_a):
    user, _alfa, _beta, gamma, _to_beta = _person_of_two_companies(office_a)
    with in_office(office_a):
        letter = item_register(client=gamma)
        ticket = raised(client=gamma)
    panel = OfficeClient(office_a, user=user)
    assert panel.get(f"/portal/mail/{letter.pk}/").status_code == 404
    assert panel.get(f"/portal/helpdesk/{ticket.pk}/").status_code == 404
    assert panel.get("/portal/mail/999999/").status_code == 404


def test_switch_next_stays_on_this_host(office_a):
    user, _alfa, _beta, _gamma, to_beta = _person_of_two_companies(office_a)
    panel = OfficeClient(office_a, user=user)
    response = panel.post(f"/accounts/switch/{to_beta.pk}/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def _heading(web, path="/portal/"):
    html = web.get(path).content.decode()
    return html.split('data-testid="switcher-heading">')[1].split("<")[0]


def test_the_switcher_heading_names_companies_offices_or_both(office_a):
    user, alfa, _beta, _gamma, _to_beta = _person_of_two_companies(office_a)
    assert _heading(OfficeClient(office_a, user=user)) == "Your companies"
    user.language = "pl"
    user.save(update_fields=["language"])
    assert _heading(OfficeClient(office_a, user=user)) == "Twoje firmy"
    user.language = "sk"
    user.save(update_fields=["language"])
    assert _heading(OfficeClient(office_a, user=user)) == "Vaše firmy"
    staff = member(office_a, Role.STAFF, language="en")
    assert _heading(OfficeClient(office_a, user=staff), "/") == "Your offices"
    Membership.objects.create(
        user=staff, office=office_a, role=Role.CLIENT, client_id=alfa.pk, client_name="Alfa"
    )
    assert _heading(OfficeClient(office_a, user=staff), "/") == "Your offices and companies"


def test_a_link_naming_another_of_the_persons_companies_offers_the_switch(office_a):
    """Client e-mails' panel links carry ?client=<id> (notifications): opened while another
    company is active, the page asks first, and the switch goes on without the parameter."""
    user, alfa, beta, _gamma, to_beta = _person_of_two_companies(office_a)
    panel = OfficeClient(office_a, user=user)
    acting = _acting_for(panel, office_a)
    for url, rest in (
        (f"/portal/?client={beta.pk}", "/portal/"),
        (f"/portal/mail/?direction=in&client={beta.pk}", "/portal/mail/?direction=in"),
    ):
        html = panel.get(url).content.decode()
        assert 'data-testid="switch-offer"' in html
        assert "Switch to Beta Zielony Las" in html and f'value="{escape(rest)}"' in html
        assert _acting_for(panel, office_a) == acting
    # The active company's own link: the page itself.
    html = panel.get(f"/portal/?client={alfa.pk}").content.decode()
    assert 'data-testid="switch-offer"' not in html
    response = panel.post(f"/accounts/switch/{to_beta.pk}/", {"next": "/portal/"}, follow=True)
    assert response.redirect_chain == [("/portal/", 302)]
    assert (
        'data-testid="switch-offer"' not in panel.get(f"/portal/?client={beta.pk}").content.decode()
    )


def test_a_link_naming_a_company_the_person_does_not_act_for_changes_nothing(office_a, office_b):
    user, _alfa, _beta, gamma, _to_beta = _person_of_two_companies(office_a)
    panel = OfficeClient(office_a, user=user)
    home = panel.get("/portal/").content.decode()
    acting = _acting_for(panel, office_a)
    for value in (gamma.pk, 999999, "x", ""):
        response = panel.get("/portal/", {"client": value})
        html = response.content.decode()
        assert response.status_code == 200 and 'data-testid="switch-offer"' not in html
        assert "Gamma" not in html
        assert _acting_for(panel, office_a) == acting
    assert "Gamma" not in home
    # Staff pages ignore it; another office's person is refused as ever.
    staff = OfficeClient(office_a, user=member(office_a, Role.STAFF))
    assert 'data-testid="switch-offer"' not in staff.get(f"/?client={gamma.pk}").content.decode()
    stranger = OfficeClient(office_a, user=member(office_b, Role.CLIENT))
    assert stranger.get(f"/portal/?client={gamma.pk}").status_code == 403


def test_the_offer_ends_a_name_ending_with_a_dot_with_one_full_stop(office_a):
    with in_office(office_a):
        alfa, zielony = ClientFactory(name="Alfa"), ClientFactory(name="Zielony Las sp. z o.o.")
    user = member(office_a, Role.CLIENT, client_id=alfa.pk, client_name="Alfa", language="pl")
    Membership.objects.create(
        user=user, office=office_a, role=Role.CLIENT, client_id=zielony.pk, client_name=zielony.name
    )
    html = OfficeClient(office_a, user=user).get(f"/portal/?client={zielony.pk}").content.decode()
    assert "Ta strona należy do firmy Zielony Las sp. z o.o. Przełączyć na" in html
    assert "o.o.." not in html


def test_a_file_of_another_company_of_the_person_offers_the_switch_post_and_api_stay_404(
    office_a, settings
):
    """Downloads (GET) follow the pages' rule: a file of another company this person acts
    for asks "switch?" (the switch goes on to the download); a company they do not act for
    is 404; POST endpoints and the API stay 404 (modules/portal/README.md)."""
    from pathlib import Path

    from django.core import signing

    from modules.notifications.services import Attachment, notify, settings_update
    from modules.notifications.services.notify import ATTACHMENT_LINK_SALT
    from tests.modules.documents.factories import document_made, template_made
    from tests.modules.invoices.factories import issued, office_details

    user, _alfa, beta, gamma, to_beta = _person_of_two_companies(office_a)
    folder = Path(settings.MEDIA_ROOT) / office_a.schema_name / "tests"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "big.pdf").write_bytes(b"%PDF" + b"1" * 2000)
    with in_office(office_a):
        letter = item_register(client=beta, scans=["beta.pdf"])
        scan = letter.scans.get()
        gammas = item_register(client=gamma, scans=["gamma.pdf"]).scans.get()
        template = template_made()
        document = document_made(client=beta, template=template, share=True)
        settings_update(actor=None, attachment_max_bytes=100)
        notification = notify(
            event="mail.new",
            client_id=beta.pk,
            context={"client_name": beta.name},
            attachments=[Attachment(path="tests/big.pdf", filename="big.pdf")],
        )
        ticket = raised(actor=user, client=beta, subject="Beta's heating")
        office_details()
        invoice = issued(beta)
    token = signing.dumps({"n": notification.pk, "i": 0}, salt=ATTACHMENT_LINK_SALT)
    panel = OfficeClient(office_a, user=user)
    acting = _acting_for(panel, office_a)
    files = (
        f"/mail/scans/{scan.pk}/",
        f"/portal/documents/{document.pk}/download/",
        f"/notifications/files/{token}/",
        f"/portal/invoices/{invoice.pk}/pdf/",
    )
    for url in files:
        page = panel.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and 'data-testid="switch-offer"' in html, url
        assert (
            "This file belongs to Beta Zielony Las. Switch to Beta Zielony Las to open it?"
        ) in html
        assert f'value="{url}"' in html
        assert _acting_for(panel, office_a) == acting
    assert panel.get(f"/mail/scans/{gammas.pk}/").status_code == 404
    # POST and the API: 404, never an offer.
    assert panel.post(f"/portal/helpdesk/{ticket.pk}/reply/", {"body": "x"}).status_code == 404
    assert panel.get(f"/api/v1/mail/scans/{scan.pk}/download/").status_code == 404
    # After the switch the download itself.
    response = panel.post(f"/accounts/switch/{to_beta.pk}/", {"next": files[0]})
    assert response["Location"] == files[0]
    download = panel.get(files[0])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
