from accounts.models import Role, User
from modules.helpdesk.models import Request
from tests.helpers.offices import OfficeClient, in_office, member
from tests.modules.helpdesk.factories import raised


def _dashboard(office, user) -> str:
    return OfficeClient(office, user=user).get("/dashboard/").content.decode()


def _tile(page: str, key: str) -> str:
    start = page.index(f'data-tile="{key}"')
    return page[page.rindex('<div class="card', 0, start) : page.index("</div></div></div>", start)]


def test_open_requests_tile_counts_what_the_person_sees_with_links_to_the_saved_filters(
    office_a, staff_a
):
    colleague = member(office_a, Role.STAFF)
    supervisor = member(office_a, Role.ADMIN)
    User.objects.filter(pk=supervisor.pk).update(language="en")
    with in_office(office_a):
        raised(assignee_id=staff_a.pk, subject="Mine")
        raised(subject="Free one")
        raised(subject="Free two")
        raised(assignee_id=colleague.pk, subject="A colleague's")
        closed = raised(subject="Done")
        Request.objects.filter(pk=closed.pk).update(status=Request.Status.CLOSED)

    tile = _tile(_dashboard(office_a, staff_a), "helpdesk.open")
    assert 'href="/helpdesk/?saved=open"' in tile and "border-warning" in tile
    assert "Open requests" in tile and '<div class="display-6">3</div>' in tile
    unassigned = 'href="/helpdesk/?saved=unassigned" data-tile-link="unassigned">unassigned: 2</a>'
    assert unassigned in tile
    assert 'href="/helpdesk/?saved=mine" data-tile-link="mine">mine: 1</a>' in tile

    page = OfficeClient(office_a, user=supervisor).get("/dashboard/").content.decode()
    assert '<div class="display-6">4</div>' in _tile(page, "helpdesk.open")
    assert 'data-tile-link="mine">mine: 0</a>' in _tile(page, "helpdesk.open")


def test_open_requests_tile_is_calm_with_nothing_unassigned(office_a, staff_a):
    tile = _tile(_dashboard(office_a, staff_a), "helpdesk.open")
    assert '<div class="display-6">0</div>' in tile and "border-warning" not in tile


def test_open_requests_tile_counts_sla_states_with_links_to_the_queue_filter(office_a, staff_a):
    import datetime as dt

    from django.utils import timezone

    from modules.helpdesk.models import SlaClock
    from modules.helpdesk.sla import sla_policy_create

    now = timezone.now()
    with in_office(office_a):
        sla_policy_create(
            actor=None,
            data={"name": "Standard", "first_response_minutes": 120, "resolution_minutes": 480},
        )
        late = raised(assignee_id=staff_a.pk, subject="Late")
        risky = raised(assignee_id=staff_a.pk, subject="Risky")
        raised(assignee_id=staff_a.pk, subject="Fine")
        closed_late = raised(assignee_id=staff_a.pk, subject="Closed late")
        far = now + dt.timedelta(days=3)
        SlaClock.objects.update(
            response_due=far, response_risk_at=far, resolution_due=far, resolution_risk_at=far
        )
        SlaClock.objects.filter(request__in=[late, closed_late]).update(
            response_due=now - dt.timedelta(hours=1)
        )
        SlaClock.objects.filter(request=risky).update(
            response_risk_at=now - dt.timedelta(minutes=5)
        )
        Request.objects.filter(pk=closed_late.pk).update(status=Request.Status.CLOSED)

    tile = _tile(_dashboard(office_a, staff_a), "helpdesk.open")
    assert '<div class="display-6">3</div>' in tile and "border-danger" in tile
    assert (
        'href="/helpdesk/?saved=open&amp;sla=breached" data-tile-link="sla_breached">'
        "SLA breached: 1</a>"
    ) in tile
    assert (
        'href="/helpdesk/?saved=open&amp;sla=at_risk" data-tile-link="sla_at_risk">'
        "SLA at risk: 1</a>"
    ) in tile
    queue = OfficeClient(office_a, user=staff_a).get("/helpdesk/?saved=open&sla=breached")
    assert "Late" in queue.content.decode() and "Risky" not in queue.content.decode()


def test_open_requests_tile_shows_no_sla_links_without_any_at_risk(office_a, staff_a):
    with in_office(office_a):
        raised(assignee_id=staff_a.pk, subject="Mine")
    tile = _tile(_dashboard(office_a, staff_a), "helpdesk.open")
    assert "sla_" not in tile and "border-" not in tile
