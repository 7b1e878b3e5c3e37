"""N1: every registered event is sent by some code path of its module.

The check reads the source: every `event=` argument of a call, and every default of a
parameter named `event`, in modules/ outside the notifications module, the events.py files
(where events are registered), demo data and migrations. A constant or a module-level name
(REQUESTED_EVENT) is resolved to its value. An event registered that nothing passes is
unsent: the office could switch it on and wait forever.
"""

import ast
import importlib
from pathlib import Path

from django.conf import settings

from modules.notifications import hooks
from modules.notifications.hooks import CLIENT, Defaults, EventType, event_list, event_register

SKIPPED = ("events.py", "demo.py", "demo_data.py")


def _sent_codes() -> set[str]:
    root = Path(settings.BASE_DIR) / "modules"
    codes = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root.parent)
        parts = relative.parts
        if parts[1] == "notifications" or "migrations" in parts or path.name in SKIPPED:
            continue
        module_name = ".".join(relative.with_suffix("").parts)
        tree = ast.parse(path.read_text())
        values = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                values += [k.value for k in node.keywords if k.arg == "event"]
            elif isinstance(node, ast.Assign):  # event = "x.y" before notify(event=event)
                if any(isinstance(t, ast.Name) and t.id == "event" for t in node.targets):
                    values.append(node.value)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                positional = args.args[len(args.args) - len(args.defaults) :]
                pairs = [
                    *zip(args.kwonlyargs, args.kw_defaults, strict=True),
                    *zip(positional, args.defaults, strict=True),
                ]
                values += [default for arg, default in pairs if arg.arg == "event"]
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                codes.add(value.value)
            elif isinstance(value, ast.Name):
                resolved = getattr(importlib.import_module(module_name), value.id, None)
                if isinstance(resolved, str):
                    codes.add(resolved)
    return codes


def _unsent() -> set[str]:
    return {e.code for e in event_list()} - _sent_codes()


def test_every_registered_event_is_sent_by_a_code_path():
    assert _unsent() == set()
    assert {"mail.new", "mail.scan_added", "mail.scan_requested", "scanrequests.overdue"} <= (
        _sent_codes()
    )


def test_an_event_registered_but_never_sent_is_found(monkeypatch):
    monkeypatch.setattr(hooks, "_events", dict(hooks._events))
    text = Defaults(subject="s", body="b", sms="t")
    event_register(
        EventType(
            code="rooms.reservation",
            label="Room reservation",
            audience=CLIENT,
            variables={},
            sample={},
            defaults=dict.fromkeys(("pl", "sk", "en"), text),
        )
    )
    assert _unsent() == {"rooms.reservation"}
