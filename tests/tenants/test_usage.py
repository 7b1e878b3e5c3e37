from pathlib import Path

from django.conf import settings

from accounts.models import Role
from tenants.models import OfficeUsage
from tenants.services import office_usage_refresh
from tests.helpers.offices import in_office, member


def test_usage_refresh_measures_the_current_office_only(office_a, office_b):
    member(office_a, Role.STAFF)
    member(office_a, Role.CLIENT)
    member(office_b, Role.STAFF)
    folder = Path(settings.MEDIA_ROOT) / office_a.schema_name / "usage-test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scan.pdf").write_bytes(b"%PDF" + b"x" * 996)
    try:
        with in_office(office_a):
            usage = office_usage_refresh()
    finally:
        (folder / "scan.pdf").unlink()
    assert usage.office_id == office_a.pk
    assert usage.figures["staff_users"] == 1
    assert usage.figures["client_users"] == 1
    assert usage.figures["storage_bytes"] >= 1000
    assert not OfficeUsage.objects.filter(office=office_b).exists()
