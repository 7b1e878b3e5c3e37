import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from common.audit import audit_diff, audit_value


def test_audit_diff_sets_changed_fields_and_returns_old_and_new():
    row = SimpleNamespace(name="Acme", note="", limit=Decimal("1.50"), day=dt.date(2026, 1, 2))
    changes = audit_diff(
        row,
        {"name": "Acme ", "note": "new", "limit": Decimal("2.00"), "day": dt.date(2026, 1, 3)},
        ("name", "note", "limit", "day", "missing"),
    )
    assert changes == {
        "note": ["", "new"],
        "limit": ["1.50", "2.00"],
        "day": ["2026-01-02", "2026-01-03"],
    }
    assert (row.name, row.note, row.limit) == ("Acme", "new", Decimal("2.00"))


class _Row:
    pk = 3

    def __str__(self) -> str:
        return "Room A"


def test_audit_value_turns_rows_and_lists_into_json_values():
    assert audit_value(_Row()) == "Room A"
    assert audit_value(("a", dt.time(9, 30))) == ["a", "09:30:00"]
    assert audit_value(None) is None
