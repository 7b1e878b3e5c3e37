from accounts.models import Role
from modules.clients.services.clients import contact_person_save
from modules.notifications.models import NotificationRecipient
from modules.notifications.services import recipient_create
from tests.helpers.matrix import check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory


def _company(office, staff, name="Zielony Las sp. z o.o."):
    with in_office(office):
        company = ClientFactory(name=name, notes="Staff only: late payer")
        anna = contact_person_save(
            client=company,
            actor=staff,
            data={
                "first_name": "Anna",
                "last_name": "Nowak",
                "emails": ["anna@zielony.pl"],
                "phones": ["600 100 200"],
                "receives_notifications": True,
            },
            notify_events={"email": ["mail.new"], "sms": []},
        )
        silent = contact_person_save(
            client=company,
            actor=staff,
            data={"last_name": "Cichy", "emails": ["cichy@zielony.pl"]},
        )
    return company, anna, silent


def _switches(client_id):
    return {
        (r.channel, r.address): r.events
        for r in NotificationRecipient.objects.filter(client_id=client_id)
    }


def _web(office, company):
    person = member(office, Role.CLIENT, client_id=company.pk, client_name=company.name)
    return OfficeClient(office, user=person), person


def test_profile_page_shows_contacts_and_their_switches_without_staff_notes(office_a, staff_a):
    company, anna, silent = _company(office_a, staff_a)
    web, _person = _web(office_a, company)
    page = web.get("/portal/profile/").content.decode()
    assert 'data-testid="company-profile"' in page
    # The SMS number as phones read everywhere (common.phones.phone_format).
    assert "anna@zielony.pl" in page and "+48 600 100 200" in page
    assert f'data-contact="{silent.pk}"' in page
    assert page.count('data-testid="contact-notifications-form"') == 1
    assert f'name="c{anna.pk}-email_events" value="mail.new"' in page
    assert 'data-testid="contact-not-notified"' in page
    assert "late payer" not in page


def test_client_user_changes_what_a_contact_receives(office_a, staff_a):
    company, anna, _silent = _company(office_a, staff_a)
    web, person = _web(office_a, company)
    response = web.post(
        f"/portal/profile/contacts/{anna.pk}/",
        {f"c{anna.pk}-email_events": ["mail.scan_added"], f"c{anna.pk}-sms_events": ["mail.new"]},
    )
    assert response.status_code == 302 and response["Location"] == "/portal/profile/"
    with in_office(office_a):
        assert _switches(company.pk) == {
            ("email", "anna@zielony.pl"): ["mail.scan_added"],
            ("sms", "+48600100200"): ["mail.new"],
        }
        from modules.audit.models import AuditEntry

        entry = AuditEntry.objects.filter(action="notifications.recipient_changed").latest("pk")
        assert entry.actor_id == person.pk


def test_unknown_event_is_refused_and_nothing_changes(office_a, staff_a):
    company, anna, _silent = _company(office_a, staff_a)
    web, _person = _web(office_a, company)
    with in_office(office_a):
        before = _switches(company.pk)
    response = web.post(
        f"/portal/profile/contacts/{anna.pk}/", {f"c{anna.pk}-email_events": ["office.secret"]}
    )
    assert response.status_code == 400
    with in_office(office_a):
        assert _switches(company.pk) == before


def test_contact_without_notifications_cannot_be_switched_on_from_the_panel(office_a, staff_a):
    company, _anna, silent = _company(office_a, staff_a)
    web, _person = _web(office_a, company)
    response = web.post(
        f"/portal/profile/contacts/{silent.pk}/", {f"c{silent.pk}-email_events": ["mail.new"]}
    )
    assert response.status_code == 400
    with in_office(office_a):
        assert ("email", "cichy@zielony.pl") not in _switches(company.pk)


def test_another_companys_contact_answers_404_and_changes_nothing(office_a, staff_a):
    mine, _anna, _silent = _company(office_a, staff_a)
    theirs, other, _ = _company(office_a, staff_a, name="Obca Firma")
    web, _person = _web(office_a, mine)
    with in_office(office_a):
        before = _switches(theirs.pk)
    response = web.post(f"/portal/profile/contacts/{other.pk}/", {f"c{other.pk}-email_events": []})
    assert response.status_code == 404
    page = web.get("/portal/profile/").content.decode()
    assert "Obca Firma" not in page
    with in_office(office_a):
        assert _switches(theirs.pk) == before


def test_extra_recipients_are_listed_read_only(office_a, staff_a):
    company, _anna, _silent = _company(office_a, staff_a)
    with in_office(office_a):
        recipient_create(
            client_id=company.pk,
            channel="email",
            address="ksiegowa@biuro.pl",
            actor=staff_a,
            language="pl",
            events=["mail.new"],
        )
    web, _person = _web(office_a, company)
    page = web.get("/portal/profile/").content.decode()
    assert 'data-testid="profile-extra-recipients"' in page and "ksiegowa@biuro.pl" in page


def test_profile_permission_matrix(office_a, office_b, staff_a):
    company, anna, _silent = _company(office_a, staff_a)
    # The matrix's client user acts for another company (client id 1): not theirs.
    check_permission_matrix(
        office_a,
        office_b,
        "get",
        "/portal/profile/",
        expect={"anonymous": 302, "staff": 403, "admin": 403, "owner": 403, "other_office": 403},
    )
    with in_office(office_a):
        before = _switches(company.pk)
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/portal/profile/contacts/{anna.pk}/",
        expect={
            "anonymous": 302,
            "client": 404,
            "staff": 403,
            "admin": 403,
            "owner": 403,
            "other_office": 403,
        },
        data={f"c{anna.pk}-email_events": []},
        unchanged=lambda: _switches(company.pk) == before,
    )
    web, _person = _web(office_a, company)
    assert web.get("/portal/profile/").status_code == 200


def test_profile_of_another_office_answers_404(office_a, office_b, staff_a):
    company, anna, _silent = _company(office_a, staff_a)
    with in_office(office_a):
        before = _switches(company.pk)
    # A client user of the other office, acting for the same company id there.
    web, _person = _web(office_b, company)
    response = web.post(f"/portal/profile/contacts/{anna.pk}/", {f"c{anna.pk}-email_events": []})
    assert response.status_code == 404
    assert web.get("/portal/profile/").status_code == 404
    with in_office(office_a):
        assert _switches(company.pk) == before


def test_the_email_language_reads_as_a_word_of_the_sentence(office_a, staff_a):
    """Audit: "E-maile na adres ... przychodzą w języku: Polski." (the switcher's "Polski"
    inside a Polish sentence). The sentence names the language in the reader's language,
    as the client card does: "polski", "słowacki"; "Polish" in English."""
    import re

    company, _anna, _silent = _company(office_a, staff_a)
    web, person = _web(office_a, company)
    with in_office(office_a):
        recipient_create(
            actor=None, client_id=company.pk, channel="email", address=person.email, language="sk"
        )
    person.language = "pl"
    person.save(update_fields=["language"])

    def sentence() -> str:
        page = web.get("/portal/profile/").content.decode()
        return re.search(r'data-testid="email-language">([^<]*)<', page).group(1)

    assert sentence().endswith("przychodzą w języku: polski.")
    person.language = "en"
    person.save(update_fields=["language"])
    assert sentence().endswith("are written in: English.")
