"""Benchmarks (`make bench`): they print figures and write .bench/results.json, a list of
{"name", "value", "unit"} objects. They assert nothing about speed: targets are read by
people from the figures, never enforced by a timer that flakes.

Smoke mode (BENCH_SMOKE=1, run by `make test` and `make bench-smoke`): every benchmark runs
end to end at a tiny size (its loaders, its pages, its SQL replay, its assertions) so that a
schema change which breaks one fails the suite the same day. Every size and every loop of
timed rounds is written `size(full, smoke)`; figures are printed but never written to
.bench/results.json (figures of tiny data are no results)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / ".bench" / "results.json"
SMOKE = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
_collected: list[dict] = []


def size(full, smoke):
    """The one place that decides a benchmark's size: `full` for `make bench`, `smoke` with
    BENCH_SMOKE=1 (rows, offices, requests, timed rounds, seconds of load)."""
    return smoke if SMOKE else full


@pytest.fixture(autouse=True)
def production_rendering(monkeypatch):
    """Templates render as in production. pytest-django's test environment instruments
    every render (a signal, and the test client copies each template's context for
    `response.context`): 4-5 ms of each archive request and 7 ms of its p95 here, none of
    it in a real server."""
    from django.template import Template
    from django.test.utils import _TestState

    saved = getattr(_TestState, "saved_data", None)
    if saved is not None:
        monkeypatch.setattr(Template, "_render", saved.template_render)


@pytest.fixture(autouse=True, scope="session")
def request_log_unprinted():
    """The request log's lines are still built (common.logging's JSON, as in production) but
    written to /dev/null: the terminal `make bench` prints into took 0.8 ms a line here
    (a profile of 50 requests: 80 ms in TextIOWrapper.write), the terminal's time, not the
    page's. The gunicorn benchmarks run with LOG_LEVEL=WARNING (server_env) for the same
    reason."""
    import logging

    # The settings' "console" handler only (pytest's own capturing handlers are subclasses).
    handlers = [h for h in logging.getLogger("vireo").handlers if type(h) is logging.StreamHandler]
    with open(os.devnull, "w") as devnull:
        saved = [h.setStream(devnull) for h in handlers]
        yield
        for handler, stream in zip(handlers, saved, strict=True):
            handler.setStream(stream)


def record(
    name: str, value: float, unit: str, *, limit: float | None = None, limit_name: str = ""
) -> None:
    """Prints a figure and keeps it for .bench/results.json (see `bench_record`)."""
    # Smoke mode prints (the figure is computed, so its code runs) but keeps nothing.
    collected = [] if SMOKE else _collected
    collected.append({"name": name, "value": round(value, 4), "unit": unit})
    line = f"\n  {name:<40} {value:>12.4f} {unit}"
    if limit is not None:
        ratio = value / limit if limit else float("inf")
        if limit_name:
            collected.append({"name": limit_name, "value": round(limit, 4), "unit": unit})
        collected.append({"name": f"{name}_limit", "value": round(limit, 4), "unit": unit})
        collected.append({"name": f"{name}_ratio", "value": round(ratio, 3), "unit": "x"})
        line += f"   limit {limit:.4f} {unit} ({limit_name or 'limit'}), ratio {ratio:.2f}x"
    if SMOKE:
        line += "   (smoke size: not a result)"
    print(line)


@pytest.fixture(scope="session")
def bench_record():
    """record(name, value, unit, limit=..., limit_name=...): with a limit (measured in the same
    run) it also writes `limit_name`, `<name>_limit` and `<name>_ratio` = value / limit."""
    return record


@pytest.fixture
def committed(session_offices, django_db_blocker):
    """Committed rows (gunicorn and child processes read them) without a transactional
    test's flush, which would empty the public tables under the session's offices and the
    later benchmarks."""
    from django.db import connection

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        yield session_offices
        connection.set_schema_to_public()


def server_env() -> dict:
    """The environment of a server or child process on the test database, as in production."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DEBUG": "false",
        "VIREO_TESTING": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PLATFORM_SCHEME": "http",
        "LOG_LEVEL": "WARNING",
        "BENCH_HELLO_VIEW": "true",
        "PYTHONPATH": f"{settings.BASE_DIR / 'platform'}:{settings.BASE_DIR}",
    }


# Smoke mode's collectstatic: the manifest alone (Django's ManifestStaticFilesStorage, as in
# tests/deploy/test_static.py) without whitenoise's gzip and brotli of every file, a minute
# each time; whitenoise serves the hashed files of that manifest the same way.
_MANIFEST_ONLY = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
storages.__dict__.pop("backends", None)
storages._storages, storages._backends = {}, None
call_command("collectstatic", interactive=False, verbosity=0)
"""


_static_collected: list[bool] = []


def static_collect(env: dict) -> dict:
    """As in production: hashed static files collected once, served by whitenoise. Returns
    the server's environment (in smoke mode with STATIC_ROOT, a folder of its own)."""
    from django.conf import settings

    if not SMOKE:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        return env
    env = {**env, "STATIC_ROOT": str(settings.BASE_DIR / ".data" / "bench-smoke-static")}
    if not _static_collected:  # once per run: the files do not change meanwhile
        subprocess.run(
            [sys.executable, "-c", _MANIFEST_ONLY], cwd=settings.BASE_DIR, env=env, check=True
        )
        _static_collected.append(True)
    return env


def pytest_sessionfinish(session, exitstatus):
    if SMOKE or not _collected:
        return
    RESULTS.parent.mkdir(exist_ok=True)
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    names = {item["name"] for item in _collected}
    merged = [item for item in existing if item["name"] not in names] + _collected
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n")
    width = max(len(item["name"]) for item in merged)
    print("\n\nBenchmark results (.bench/results.json):")
    for item in merged:
        print(f"  {item['name']:<{width}}  {item['value']:>12}  {item['unit']}")


def pytest_collection_modifyitems(config, items):
    # A transactional benchmark empties the public tables when it ends (pytest-django's
    # flush), taking the session's offices with it: those run after all the others.
    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=transactional)


@pytest.fixture
def shell_urls():
    """The bench views of config/bench.py (an empty page in each area's layout, the fixed
    string) in the tenant URLconf (`make bench` has them already)."""
    from django.urls import clear_url_caches

    from config import bench, urls_tenant

    added = [p for p in bench.urlpatterns if p not in urls_tenant.urlpatterns]
    urls_tenant.urlpatterns += added
    clear_url_caches()
    yield
    for pattern in added:
        urls_tenant.urlpatterns.remove(pattern)
    clear_url_caches()
