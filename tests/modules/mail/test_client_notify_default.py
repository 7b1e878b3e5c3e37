import pytest

from accounts.models import Role
from common.exceptions import ApplicationError
from modules.audit.models import AuditEntry
from modules.clients.services.clients import contact_person_save
from modules.mail.models import ClientMailPreferences
from modules.mail.selectors import client_notify_defaults
from modules.mail.services import client_notify_default_set
from tests.helpers.matrix import check_cross_office, check_permission_matrix
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.clients.factories import ClientFactory


def _default(client_id):
    return (
        ClientMailPreferences.objects.filter(client_id=client_id)
        .values_list("notify_default", flat=True)
        .first()
    )


def test_client_default_is_stored_and_audited(in_office_a, staff_a):
    company = ClientFactory()
    client_notify_default_set(client=company, notify_default="email_sms", actor=staff_a)
    assert client_notify_defaults(client_ids=[company.pk]) == {company.pk: "email_sms"}
    entry = AuditEntry.objects.get(action="mail.client_notify_default_set")
    assert entry.changes == {"notify_default": ["", "email_sms"]}
    client_notify_default_set(client=company, notify_default="email_sms", actor=staff_a)
    assert AuditEntry.objects.filter(action="mail.client_notify_default_set").count() == 1
    client_notify_default_set(client=company, notify_default="", actor=staff_a)
    assert client_notify_defaults(client_ids=[company.pk]) == {}


def test_unknown_choice_is_refused(in_office_a, staff_a):
    company = ClientFactory()
    with pytest.raises(ApplicationError):
        client_notify_default_set(client=company, notify_default="fax", actor=staff_a)
    assert _default(company.pk) is None


def test_card_mail_tab_shows_and_saves_the_client_default(client_a, office_a):
    with in_office(office_a):
        company = ClientFactory()
    page = client_a.get(f"/clients/{company.pk}/mail/").content.decode()
    assert 'data-testid="client-notify-default"' in page
    response = client_a.post(
        f"/mail/clients/{company.pk}/notify-default/", {"notify_default": "sms"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{company.pk}/mail/"
    with in_office(office_a):
        assert _default(company.pk) == "sms"
    page = client_a.get(f"/clients/{company.pk}/mail/").content.decode()
    assert '<option value="sms" selected>' in page


def test_client_default_write_matrix(office_a, office_b):
    with in_office(office_a):
        company = ClientFactory()
    check_permission_matrix(
        office_a,
        office_b,
        "post",
        f"/mail/clients/{company.pk}/notify-default/",
        expect={
            "anonymous": 302,
            "client": 403,
            "staff": 302,
            "admin": 302,
            "owner": 302,
            "other_office": 403,
        },
        data={"notify_default": "email"},
        unchanged=lambda: _default(company.pk) in (None, "email"),
    )


def test_client_default_of_another_office_answers_404(office_a, office_b):
    with in_office(office_a):
        # An id the other office surely has no client with.
        company = ClientFactory(id=987_654, code="XO-1")
    check_cross_office(
        office_a,
        office_b,
        "post",
        f"/mail/clients/{company.pk}/notify-default/",
        data={"notify_default": "email"},
        unchanged=lambda: _default(company.pk) is None,
    )


def test_client_picker_options_carry_default_and_notified_channels(
    client_a, office_a, staff_a, django_assert_max_num_queries
):
    with in_office(office_a):
        heard = ClientFactory(name="Słyszalna Firma", code="SF-1")
        contact_person_save(
            client=heard,
            actor=staff_a,
            data={"last_name": "Nowak", "emails": ["n@sf.pl"], "receives_notifications": True},
        )
        client_notify_default_set(client=heard, notify_default="email_scan", actor=staff_a)
        ClientFactory(name="Słyszalna Cicha", code="SF-2")
    html = client_a.get("/mail/lookup/clients/", {"client_query": "Słyszalna"}).content.decode()
    assert (
        'data-label="SF-1 · Słyszalna Firma" data-notify-default="email_scan" data-notified="email"'
        in html
    )
    assert 'data-label="SF-2 · Słyszalna Cicha" data-notify-default="" data-notified=""' in html


def test_register_page_knows_a_reshown_forms_client(client_a, office_a, staff_a):
    with in_office(office_a):
        company = ClientFactory(name="Cicha Firma", code="CF-1")
    response = client_a.post(
        "/mail/register/",
        {"client": company.pk, "client_query": "CF-1 · Cicha Firma", "direction": "in"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-known="{company.pk}" data-notified=""' in html


def test_staff_form_client_user_cannot_read_client_options(office_a):
    person = member(office_a, Role.CLIENT)
    response = OfficeClient(office_a, user=person).get(
        "/mail/lookup/clients/", {"client_query": "a"}
    )
    assert response.status_code == 403
