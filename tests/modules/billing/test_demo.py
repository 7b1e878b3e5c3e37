from accounts.models import Role
from modules.billing.demo import seed_demo
from modules.billing.models import Assignment, Package, PeriodClose, Service, UsageRecord
from modules.billing.services import settings_get
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory


def test_demo_has_packages_clients_on_them_and_months_of_usage(in_office_a, office_a):
    for _ in range(4):
        ClientFactory()
    people = {"staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    assert list(Package.objects.order_by("name").values_list("name", flat=True)) == [
        "Biznes",
        "Premium",
        "Start",
    ]
    assert Service.objects.count() == 5
    assert Assignment.objects.count() == 5  # 4 clients and one upgrade
    assert sum(a.individual for a in Assignment.objects.all()) == 1
    assert UsageRecord.objects.filter(late=True).count() == 1
    assert PeriodClose.objects.count() == 1
    assert UsageRecord.objects.order_by().values("period").distinct().count() >= 3
    assert settings_get().summaries_for_clients is True
