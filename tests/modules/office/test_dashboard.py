import datetime as dt

from django.utils import timezone

from accounts.models import Role, User
from modules.mail.models import MailItem
from modules.scanrequests.models import ScanRequest
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.handover.factories import waiting


def _tile(page: str, key: str) -> str:
    start = page.index(f'data-tile="{key}"')
    return page[page.rindex("<a ", 0, start) : page.index("</a>", start)]


def test_the_dashboard_tiles_say_what_waits_with_links_to_the_lists(office_a):
    staff = member(office_a, Role.STAFF)
    User.objects.filter(pk=staff.pk).update(language="en")
    with in_office(office_a):
        items = waiting(count=3)
        MailItem.objects.filter(pk=items[0].pk).update(
            received_at=timezone.now() - dt.timedelta(days=9)
        )
        late = ScanRequest.objects.create(item=items[1], source="portal")
        ScanRequest.objects.filter(pk=late.pk).update(
            created_at=timezone.now() - dt.timedelta(days=2)
        )
        ScanRequest.objects.create(item=items[2], source="portal")
    page = OfficeClient(office_a, user=staff).get("/dashboard/").content.decode()
    today = timezone.localdate().isoformat()

    waiting_tile = _tile(page, "handover.waiting")
    assert 'href="/mail/hand-over/"' in waiting_tile and "border-warning" in waiting_tile
    assert '<div class="display-6">3</div>' in waiting_tile
    assert "the oldest for 1\xa0week" in waiting_tile
    requests = _tile(page, "scanrequests.new")
    assert '<div class="display-6">2</div>' in requests
    assert "1 past the target time" in requests and 'href="/mail/scan-requests/"' in requests
    today_tile = _tile(page, "mail.today")
    assert f'href="/mail/?date_from={today}"' in today_tile
    assert '<div class="display-6">2</div>' in today_tile
    pickups = _tile(page, "handover.today")
    assert f'href="/mail/hand-overs/?date_from={today}"' in pickups
    assert '<div class="display-6">0</div>' in pickups
    assert page.index('data-tile="mail.today"') < page.index('data-tile="handover.waiting"')


def test_pending_invitations_are_the_valid_ones_with_the_expired_said_apart(office_a, admin_a):
    from accounts.models import Invitation
    from accounts.services import invitation_create

    User.objects.filter(pk=admin_a.pk).update(language="en")
    for email in ("a@example.com", "b@example.com", "c@example.com"):
        invitation_create(office=office_a, email=email, role=Role.STAFF, invited_by=admin_a)
    web = OfficeClient(office_a, user=admin_a)
    figures = web.get("/dashboard/").content.decode()
    assert 'Pending invitations</div>\n    <div class="display-6">3</div>' in figures
    assert 'data-testid="expired-invitations"' not in figures
    Invitation.objects.filter(email="c@example.com").update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    figures = web.get("/dashboard/").content.decode()
    assert 'Pending invitations</div>\n    <div class="display-6">2</div>' in figures
    assert (
        '<div class="small text-body-secondary" data-testid="expired-invitations">Expired: 1'
        in figures
    )
