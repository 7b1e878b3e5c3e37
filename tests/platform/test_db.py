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
