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


def test_the_ids_a_page_of_changes_names_are_read_once_per_model(office_a):
    """Ten rows that each name a person by id (helpdesk access): the page reads the people
    in one query, not one per row, and shows their names."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from common.audit import audit_words_attach
    from modules.audit.models import AuditEntry
    from tests.modules.clients.factories import ClientFactory

    people = [member(office_a, Role.STAFF) for _ in range(10)]
    with in_office(office_a):
        client = ClientFactory()
        for person in people:
            audit_record(
                action="helpdesk.access_changed",
                target=client,
                changes={"user": [None, person.pk], "level": [None, "manager"]},
            )
        entries = list(AuditEntry.objects.filter(action="helpdesk.access_changed"))
        with CaptureQueriesContext(connection) as read:
            audit_words_attach(entries)

    assert len(read) == 1
    shown = {words for entry in entries for _label, words in entry.change_words}
    assert {f"— → {person}" for person in people} <= shown
