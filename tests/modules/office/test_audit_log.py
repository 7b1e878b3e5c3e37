"""Administration > Audit log: an area shows only its actions, and its pages keep it."""

from accounts.models import Role
from modules.audit.services import audit_record
from modules.office.views.staff import AUDIT_AREAS
from tests.helpers.offices import OfficeClient, in_office, member


def test_an_area_shows_its_actions_and_the_pages_keep_it(office_a, monkeypatch):
    from django.core import paginator

    owner = member(office_a, Role.OWNER)
    with in_office(office_a):
        for _ in range(3):
            audit_record(action="mail.registered", actor=owner, actor_label="Anna")
        audit_record(action="membership.created", actor=owner)
        audit_record(action="invitation.created", actor=owner)
        audit_record(action="rooms.room_created", actor=owner)
    web = OfficeClient(office_a, user=owner)
    web.cookies["django_language"] = "en"

    office = web.get("/administration/audit-log/?area=office").content.decode()
    mail = web.get("/administration/audit-log/?area=mail").content.decode()
    every = web.get("/administration/audit-log/").content.decode()

    assert office.count("<tr><td") == 2 and mail.count("<tr><td") == 3
    assert every.count("<tr><td") == 6
    assert '<option value="mail" selected>' in mail
    # Paged, the next page keeps the area.
    real = paginator.Paginator
    monkeypatch.setattr("modules.office.views.staff.Paginator", lambda rows, size: real(rows, 2))
    first = web.get("/administration/audit-log/?area=mail").content.decode()
    assert 'href="?area=mail&amp;page=2"' in first


def test_every_recorded_action_is_in_an_area():
    from common.audit import audit_actions

    prefixes = tuple(p for _key, _label, area in AUDIT_AREAS for p in area)
    assert [a for a in audit_actions() if not a.startswith(prefixes)] == []
