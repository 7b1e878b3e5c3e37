from accounts.models import Role, User
from modules.clients.demo import seed_demo as clients_demo
from modules.clients.models import CustomField
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.billing.factories import biznes, on_package
from tests.modules.clients.factories import ClientFactory


def _profile(office, client_id: int) -> str:
    staff = member(office, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="pl")
    return OfficeClient(office, user=staff).get(f"/clients/{client_id}/").content.decode()


def test_the_profile_tab_shows_the_clients_package_from_billing(office_a):
    with in_office(office_a):
        plain = on_package(biznes())
        individual = on_package(biznes(), limit_scans=50)
        none = ClientFactory()
    # each linked to the page that changes it (only under Settlements before)
    link = (
        '<a class="ms-2" href="/settlements/clients/{}/package/" '
        'data-testid="profile-fact-action">{}</a>'
    )
    page = _profile(office_a, plain.pk)
    change = link.format(plain.pk, "Zmień pakiet")
    assert f'data-testid="profile-fact">Biznes {change}</dd>' in page
    page = _profile(office_a, individual.pk)
    change = link.format(individual.pk, "Zmień pakiet")
    assert f'data-testid="profile-fact">Biznes (warunki indywidualne) {change}</dd>' in page
    page = _profile(office_a, none.pk)
    assign = link.format(none.pk, "Przypisz pakiet")
    assert f'data-testid="profile-fact">— {assign}</dd>' in page


def test_the_demo_seeds_no_package_custom_field(office_a, in_office_a):
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    clients_demo(office=office_a, people=people)
    assert list(CustomField.objects.values_list("name", flat=True)) == ["Numer skrytki"]
