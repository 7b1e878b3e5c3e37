from django.db import connection, transaction

from common.db import fetchall_planned


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_planner_settings_hold_for_their_query_only(db):
    with transaction.atomic():
        rows = fetchall_planned(
            "SELECT current_setting('enable_seqscan'), %s",
            ["x"],
            settings={"enable_seqscan": "off"},
        )
        assert rows == [("off", "x")]
        assert _setting("enable_seqscan") == "on"  # not for the rest of the transaction


def test_a_fixed_query_compiled_once_reads_each_offices_own_rows(office_a, office_b):
    from modules.mail import selectors
    from modules.mail.models import MailStatus, MailType
    from tests.helpers.offices import in_office

    with in_office(office_b):
        MailStatus.objects.filter(code="po_box").update(name="Skrytka B", colour="#123456")
        MailType.objects.create(code="", name="Paleta", order=99)
    for office in (office_a, office_b, office_a):
        with in_office(office):
            statuses, types = selectors.status_and_type_lists()
            assert statuses == list(MailStatus.objects.all())
            assert types == list(MailType.objects.all())
            assert [(s.name, s.colour, s.is_final) for s in statuses] == list(
                MailStatus.objects.values_list("name", "colour", "is_final")
            )
            assert ("Paleta" in [t.name for t in types]) is (office == office_b)
            assert not statuses[0]._state.adding


def test_columns_refuse_a_model_whose_fields_need_converting():
    import pytest

    from common.db import Columns
    from modules.audit.models import AuditEntry

    with pytest.raises(TypeError, match="AuditEntry"):
        Columns(AuditEntry)
