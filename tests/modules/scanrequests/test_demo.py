import datetime as dt

from django.utils import timezone

from accounts.models import Role
from modules.scanrequests.demo import seed_demo
from modules.scanrequests.models import ScanRequest, ScanRequestSettings
from tests.helpers.offices import member
from tests.modules.clients.factories import ClientFactory
from tests.modules.scanrequests.factories import waiting_item


def test_demo_has_open_and_completed_requests_and_runs_twice(in_office_a, office_a):
    client = ClientFactory()
    for n in range(7):
        waiting_item(client=client, sender=f"Nadawca {n}")
    people = {"client": member(office_a, Role.CLIENT), "staff": member(office_a, Role.STAFF)}
    seed_demo(office=office_a, people=people)
    seed_demo(office=office_a, people=people)
    settings = ScanRequestSettings.objects.get(pk=1)
    assert settings.enabled is True
    assert settings.confirmation_text.startswith("Skanowanie poczty może wiązać się")
    statuses = sorted(ScanRequest.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "completed", "completed", "new", "new", "new", "new"]
    limit = timezone.now() - dt.timedelta(hours=settings.target_hours)
    assert ScanRequest.objects.filter(status="new", created_at__lt=limit).count() == 2
    completed = ScanRequest.objects.filter(status="completed")
    assert all(r.item.scan_count == 1 for r in completed)


def test_every_demo_request_names_who_asked(in_office_a, office_a):
    """Audit: the demo's list read "Requested by: —" for the requests that did not come
    from the demo's client user (every one in the Slovak office). They come from a person
    of the company through the e-mail's link now, named on the list."""
    from tests.modules.notifications.factories import email_recipient

    client = ClientFactory()
    email_recipient(client_id=client.pk, address="ewa@firma.pl", name="Ewa Lis")
    for n in range(7):
        waiting_item(client=client, sender=f"Nadawca {n}")
    # As the Slovak office: no client user of the demo asks there.
    seed_demo(office=office_a, people={"client": None, "staff": member(office_a, Role.STAFF)})
    assert set(ScanRequest.objects.values_list("source", "requested_by")) == {
        ("email", "Ewa Lis <ewa@firma.pl>")
    }
