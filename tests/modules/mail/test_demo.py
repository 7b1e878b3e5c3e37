from django.utils import timezone

from accounts.models import Role
from modules.mail.demo import seed_demo
from modules.mail.models import MailItem
from tests.helpers.offices import OfficeClient, member
from tests.modules.clients.factories import ClientFactory


def test_demo_mail_agrees_with_itself(office_a, in_office_a):
    staff = member(office_a, Role.STAFF)
    for _ in range(3):
        ClientFactory()
    seed_demo(office=office_a, people={"staff": staff})
    now = timezone.now()
    picked = MailItem.objects.exclude(picked_up_at=None)
    assert picked.exists()
    assert not picked.filter(picked_up_at__gt=now).exists()
    assert not MailItem.objects.filter(picked_up_at__lt=models_received()).exists()
    assert set(picked.values_list("status__code", flat=True)) == {"picked_up"}
    assert not MailItem.objects.exclude(status__code="picked_up").exclude(pickup_method="").exists()
    # No item says "scanned" with no scan, or "forwarded" with no hand-over saying where.
    assert not MailItem.objects.filter(status__code="scanned", scan_count=0).exists()
    assert not MailItem.objects.filter(status__code="forwarded").exists()
    item = picked.filter(handover_lines=None).first()
    page = OfficeClient(office_a, user=staff).get(f"/mail/{item.pk}/").content.decode()
    box = page.split('data-testid="handover-box"')[1].split("</ul>")[0]
    assert "Not handed over yet." not in box
    assert 'data-testid="handover-item-pickup"' in box


def models_received():
    from django.db.models import F

    return F("received_at")
