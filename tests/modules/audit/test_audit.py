import pytest
from django.db import DatabaseError, connection, transaction

from modules.audit.models import AuditEntry
from modules.audit.services import audit_record
from tests.helpers.offices import in_office


def test_audit_entries_are_append_only(in_office_a, staff_a):
    entry = audit_record(action="test.done", actor=staff_a, changes={"a": 1})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.done"


def test_audit_record_from_public_lands_in_the_given_office(office_a, office_b, staff_a):
    connection.set_schema_to_public()
    audit_record(action="support.entered", actor=staff_a, office=office_b)
    assert connection.schema_name == "public"
    with in_office(office_b):
        assert list(AuditEntry.objects.values_list("action", flat=True)) == ["support.entered"]
    with in_office(office_a):
        assert AuditEntry.objects.count() == 0
