"""A new office's Administration > Services and packages showed bare table headers: now it
says there is nothing yet, with the way to add one."""

from decimal import Decimal

from accounts.models import Role, User
from modules.billing.models import Package, Service
from modules.billing.services import service_create
from tests.helpers.offices import OfficeClient, in_office, member


def _page(office) -> str:
    admin = member(office, Role.ADMIN)
    User.objects.filter(pk=admin.pk).update(language="pl")
    return OfficeClient(office, user=admin).get("/administration/billing/").content.decode()


def test_an_empty_catalogue_says_so_with_the_add_action(office_a):
    with in_office(office_a):
        Service.objects.all().delete()
        Package.objects.all().delete()
    page = _page(office_a)
    assert 'data-testid="services"' not in page and 'data-testid="packages"' not in page
    assert (
        '<p class="text-body-secondary" data-testid="services-empty">Nie ma jeszcze usług. '
        '<a href="#new-service">Dodaj usługę</a></p>'
    ) in page
    assert (
        '<p class="text-body-secondary" data-testid="packages-empty">Nie ma jeszcze pakietów. '
        '<a href="#new-package">Dodaj pakiet</a></p>'
    ) in page
    assert 'id="new-service"' in page and 'id="new-package"' in page
    with in_office(office_a):
        service_create(
            actor=None,
            data={"name_pl": "Skan", "unit": "piece", "net_price": Decimal("1"), "vat_rate": "23"},
        )
    page = _page(office_a)
    assert 'data-testid="services"' in page and 'data-testid="services-empty"' not in page
    assert 'data-testid="packages-empty"' in page
