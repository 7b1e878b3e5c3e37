from django.utils.html import escape

from accounts.models import Role
from modules.billing.models import Service, UsageRecord
from modules.clients.selectors import client_labels
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import fixture_month
from tests.modules.scanrequests.conftest import english


def test_record_a_service_picks_the_client_by_name_and_prefills_it(office_a):
    with in_office(office_a):
        client = fixture_month()
        label = client_labels([client.pk])[client.pk]
        service = Service.objects.get(name_en="Courier")
        count = UsageRecord.objects.count()
    web = OfficeClient(office_a, user=english(member(office_a, Role.STAFF)))
    page = web.get(f"/settlements/usage/new/?client={client.pk}").content.decode()
    assert "Client (number)" not in page
    assert f'<input type="hidden" name="client" value="{client.pk}" data-picker-value>' in page
    assert f'name="client_label" value="{escape(label)}"' in page
    assert 'hx-get="/clients/pick/"' in page
    typed = web.post(
        "/settlements/usage/new/",
        {
            "client": "",
            "client_label": "Acme",
            "service": service.pk,
            "date": "2026-03-10",
            "quantity": "1",
        },
    )
    assert typed.status_code == 400
    text = typed.content.decode()
    assert "Choose the client from the list that opens while you type." in text
    assert 'name="client_label" value="Acme"' in text
    done = web.post(
        "/settlements/usage/new/",
        {
            "client": str(client.pk),
            "client_label": label,
            "service": service.pk,
            "date": "2026-03-10",
            "quantity": "1",
        },
    )
    assert done.status_code == 302
    with in_office(office_a):
        assert UsageRecord.objects.count() == count + 1
        assert UsageRecord.objects.latest("pk").client_id == client.pk
