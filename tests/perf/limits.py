"""Limits measured in the same run as the figure they bound.

A page's SQL limit: every statement the page sent (captured once per request through Django)
is sent again from the plain psycopg connection underneath, with no ORM, template or
middleware around it. The p95 of those replays is what PostgreSQL alone needs for the page;
the page's own p95 divided by it is the share the framework adds.

This machine's speed moves by up to 2x within minutes, so a page timed first and its SQL
timed after can meet different machines. interleaved_timings() times them in turns, request
by request, so that both see the same moments: the figures issue 23 names use it. It calls
the page as a WSGI server does (served()): Django's own handler, without the test client's
instrumentation, which copies the context of every template rendered for `response.context`
and costs such a page about half a millisecond that no server pays."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.template.base import Template
from django.test.utils import CaptureQueriesContext, _TestState
from django.utils.http import urlencode
from psycopg.types.datetime import TimestamptzLoader


def p95(timings: list[float]) -> float:
    timings = sorted(timings)
    return timings[max(int(len(timings) * 0.95) - 1, 0)]


def page_statements(web, url: str, params_list: list[dict], **extra) -> list[list[str]]:
    """The SQL each request of `params_list` sends, in order (one extra pass, untimed)."""
    statements = []
    for params in params_list:
        with CaptureQueriesContext(connection) as captured:
            response = web.get(url, params, **extra)
        assert response.status_code == 200
        statements.append([query["sql"] for query in captured.captured_queries])
    return statements


def sql_timings(statements: list[list[str]], schema: str) -> list[float]:
    """Milliseconds per request for its statements alone, on the raw psycopg connection (the
    same one, so rows a rolled-back benchmark loaded are visible), results fetched."""
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path = "{schema}", public')
    for batch in statements[:5]:  # warm-up, as the page had
        _replay(raw, batch)
    timings = []
    for batch in statements:
        started = time.perf_counter()
        _replay(raw, batch)
        timings.append((time.perf_counter() - started) * 1000)
    with raw.cursor() as cursor:
        cursor.execute("SET search_path = public")
    connection.set_schema_to_public()
    return timings


def interleaved_timings(
    web, url: str, params_list: list[dict], schema: str, **extra
) -> tuple[list[float], list[float]]:
    """Milliseconds per request of the page and of its statements alone (as sql_timings),
    timed in turns: request i, then the replay of request i's statements. The page is called
    as a server calls it (served). Five requests warm the page up (and create what a first
    visit creates, such as a settings row), then the statements are captured in an untimed
    pass."""
    for params in params_list[:5]:
        web.get(url, params, **extra)
    statements = page_statements(web, url, params_list, **extra)
    connection.ensure_connection()
    raw = connection.connection
    page, sql = [], []
    with served() as handler:
        for params, batch in zip(params_list, statements, strict=True):
            started = time.perf_counter()
            served_get(handler, web, url, params, **extra)
            page.append((time.perf_counter() - started) * 1000)
            sql.append(_replay_timed(raw, batch, schema))
    return page, sql


@contextmanager
def served() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, for pages called as a server calls them (served_get): templates
    render without the test environment's instrumentation, and the connection is kept across
    requests as the test client keeps it (a benchmark's rows live in its open transaction)."""
    instrumented = Template._render
    saved = getattr(_TestState, "saved_data", None)
    if saved is not None:
        Template._render = saved.template_render
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        Template._render = instrumented
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def served_get(handler: WSGIHandler, web, url: str, params: dict, **extra) -> bytes:
    """GET `url` through `handler` with the test client `web`'s host, cookies and headers;
    the body, read to its end as a server sends it. Anything but 200 fails."""
    environ = web._base_environ(
        PATH_INFO=url, QUERY_STRING=urlencode(params, doseq=True), REQUEST_METHOD="GET", **extra
    )
    statuses = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(response)
    finally:
        response.close()
    assert statuses == ["200 OK"], (url, params, statuses)
    return body


def _replay_timed(raw, batch: list[str], schema: str) -> float:
    """Milliseconds for `batch` replayed in `schema` (the path set before, untimed)."""
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path = "{schema}", public')
    started = time.perf_counter()
    _replay(raw, batch)
    elapsed = (time.perf_counter() - started) * 1000
    with raw.cursor() as cursor:
        cursor.execute("SET search_path = public")
    connection.set_schema_to_public()
    return elapsed


def _replay(raw, batch: list[str]) -> None:
    with raw.cursor() as cursor:
        # A plain psycopg connection's loaders: the connection underneath Django carries
        # Django's Python timestamp loader, which a plain one does not (common/postgresql).
        cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        for sql in batch:
            cursor.execute(sql.encode())
            if cursor.description is not None:
                cursor.fetchall()


def statements_profile(statements: list[list[str]], schema: str, *, top: int = 6) -> None:
    """Prints the statements that cost most (mean ms per request, by shape: numbers and
    literals blanked) and, with BENCH_EXPLAIN=1, EXPLAIN (ANALYZE, BUFFERS) of one of each."""
    import os
    import re
    from collections import defaultdict

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(f'SET search_path = "{schema}", public')
    shapes: dict[str, list] = defaultdict(list)
    for batch in statements:
        for sql in batch:
            shape = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
            started = time.perf_counter()
            _replay(raw, [sql])
            shapes[shape].append(((time.perf_counter() - started) * 1000, sql))
    total = sum(t for runs in shapes.values() for t, _ in runs) / len(statements)
    print(
        f"\n  SQL per request {total:.2f} ms; {sum(map(len, statements)) / len(statements):.1f}"
        " statements"
    )
    ranked = sorted(shapes.items(), key=lambda kv: -sum(t for t, _ in kv[1]))
    for shape, runs in ranked[:top]:
        share = sum(t for t, _ in runs) / len(statements)
        print(
            f"  {share:6.2f} ms/req  n={len(runs):4d}  max {max(t for t, _ in runs):.1f}  "
            f"{shape[:300]}"
        )
        if os.environ.get("BENCH_EXPLAIN"):
            slowest = max(runs)[1]
            with raw.cursor() as cursor:
                if slowest.lstrip().upper().startswith("SELECT"):
                    cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " + slowest).encode())
                    print("    " + "\n    ".join(r[0] for r in cursor.fetchall()))
    with raw.cursor() as cursor:
        cursor.execute("SET search_path = public")
    connection.set_schema_to_public()


def profile_requests(web, url: str) -> None:
    """A cProfile of 50 requests of `url`, by cumulative and own time (SHELL_PROFILE=1,
    PORTAL_PROFILE=1)."""
    import cProfile
    import io
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        web.get(url)
    profile.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(35)
        print(f"\n  --- {url}, 50 requests, by {order} ---\n{out.getvalue()}")
