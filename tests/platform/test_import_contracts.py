import subprocess
import sys
from pathlib import Path

import grimp

from common.lint.contracts import ModuleBoundariesContract

ROOT = Path(__file__).resolve().parents[2]


def _contract(ignore=()):
    return ModuleBoundariesContract(
        name="boundaries",
        session_options={},
        contract_options={
            "container": "modules",
            "public": ["services", "selectors", "hooks", "models"],
            "ignore_imports": list(ignore),
        },
    )


def _graph(*imports):
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="")
    return graph


def test_a_module_may_import_another_modules_entry_points():
    graph = _graph(
        ("modules.b.views", "modules.a.services"),
        ("modules.b.views", "modules.a.selectors"),
        ("modules.b.apps", "modules.a.hooks"),
        ("modules.b.models", "modules.a.models"),
        ("modules.a.views", "modules.a.forms"),
    )
    check = _contract().check(graph, verbose=False)
    assert check.kept is True


def test_a_module_reaching_past_another_modules_services_breaks_the_contract():
    graph = _graph(
        ("modules.b.views", "modules.a.forms"),
        ("modules.b.services", "modules.a.views.staff"),
        ("modules.b.services", "modules.a.services"),
    )
    check = _contract().check(graph, verbose=False)
    assert check.kept is False
    assert check.metadata["broken"] == [
        "modules.b.services -> modules.a.views.staff (l.3)",
        "modules.b.views -> modules.a.forms (l.3)",
    ]


def test_an_ignored_import_is_kept_and_an_unused_ignore_is_reported():
    graph = _graph(("modules.b.views", "modules.a.forms"))
    check = _contract(["modules.b.views -> modules.a.forms", "modules.c.x -> modules.a.y"]).check(
        graph, verbose=False
    )
    assert check.kept is True
    assert check.warnings == ["unused ignore_imports entry: modules.c.x -> modules.a.y"]


def test_the_repository_keeps_every_contract():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        env={"PYTHONPATH": "platform:.", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout
