"""One benchmark run over the data already in the database: every page, detail page and API
list as each persona (``core.benchmark.measure``: test client, whole middleware stack) beside
the bare baselines, the rent run (rolled back), and — when the data are committed — the
loopback load test. Returns the rows and the facts for the report.

The in-process measurements run with the objects alive at their start frozen
(``gc.freeze()``), as each worker of a server freezes its start-up
(``styrsam.ops.gunicorn_config``): a full collection then costs what it costs a server, not
a traversal of everything the benchmark's own process holds."""

from __future__ import annotations

import contextlib
import datetime
import gc
import logging
import os
import secrets
import time

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from styrsam.core.benchmark import measure
from styrsam.ops.gunicorn_config import freeze_start_up
from styrsam.rental.management.commands.benchmark_rent_run import time_rent_runs

from .load import load_test
from .targets import detail_targets, export_targets, list_targets, personas

BASELINE_URLCONF = "styrsam.demo.benchmark.baseline_urls"
BUDGET = 5.0  # seconds of timed runs per page and persona at most (then fewer runs)
TIMED = {200}  # a page the persona may not open (403, 404, 405) is reported, not timed


def _client(user) -> Client:
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.force_login(user)
    return client


def _row(target, persona, result) -> dict:
    return {
        "kind": target.kind,
        "name": target.name,
        "url": target.url,
        "persona": persona.label,
        **{k: v for k, v in result.items() if k != "response"},
    }


@contextlib.contextmanager
def frozen_start_up():
    """The objects alive now frozen, as in a server's worker after its start-up; unfrozen
    afterwards (the smoke test runs in the test run's own process)."""
    freeze_start_up()
    try:
        yield
    finally:
        gc.unfreeze()


def measure_pages(*, runs: int, progress) -> tuple[list[dict], list[str], list[dict]]:
    """(rows, persona labels, baselines)."""
    people = personas()
    clients = [(p, _client(p.user)) for p in people]
    with frozen_start_up():
        return _measure_pages(clients, people, runs, progress)


def _measure_pages(clients, people, runs, progress):
    baselines = []
    with override_settings(ROOT_URLCONF=BASELINE_URLCONF):
        for label, url in (("bare view", "/bare/"), ("bare view, 50 systems", "/bare-systems/")):
            result = measure(clients[0][1], url, max(runs, 1))
            baselines.append({"label": label, "url": url, **result})
            progress(
                f"Baslinje {url}: median {result['median']:.1f} ms, {result['queries']} frågor"
            )
    rows, html = [], {}
    targets = list_targets()
    quiet = logging.getLogger("django.request")  # a 403 or 404 is expected, not news
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        _pages(targets, clients, runs, rows, html, progress)
        for target in detail_targets(html):
            for persona, client in clients:
                result = measure(client, target.url, runs, timed_statuses=TIMED, budget=BUDGET)
                rows.append(_row(target, persona, result))
            progress(_line(rows[-len(clients) :]))
    finally:
        quiet.setLevel(level)
    return rows, [p.label for p in people], baselines


def _pages(targets, clients, runs, rows, html, progress) -> None:
    for target in targets:
        for index, (persona, client) in enumerate(clients):
            result = measure(client, target.url, runs, timed_statuses=TIMED, budget=BUDGET)
            rows.append(_row(target, persona, result))
            response = result["response"]
            if (
                index == 0
                and result["status"] == 200
                and target.kind == "sida"
                and "text/html" in response.get("Content-Type", "")
            ):
                html[target.url] = response.content.decode("utf-8", errors="replace")
        progress(_line(rows[-len(clients) :]))


def measure_exports(*, user, progress) -> list[dict]:
    """Each export once as ``user``, the streamed body read to its end: status, queries,
    size and time."""
    client = _client(user)
    rows = []
    for target in export_targets():
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(target.url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            seconds = time.perf_counter() - start
        rows.append(
            {
                "url": target.url,
                "status": response.status_code,
                "queries": len(captured.captured_queries),
                "bytes": len(body),
                "seconds": seconds,
            }
        )
        progress(f"{target.url}: {response.status_code}, {len(body):,} byte, {seconds:.2f} s")
    return rows


def _line(rows) -> str:
    parts = []
    for r in rows:
        timing = f" {r['median']:.0f}/{r['p95']:.0f} ms" if r["median"] is not None else ""
        parts.append(f"{r['status']} {r['queries']} q{timing}")
    return f"{rows[0]['url']}: " + "; ".join(parts)


def rent(*, assets: int) -> list:
    """The rent run of last month three times (``benchmark_rent_run``), rolled back."""
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with transaction.atomic():
        result = time_rent_runs(month=month, assets=assets)
        transaction.set_rollback(True)
    return result


def load(*, user, threads: int, requests: int, seconds: float) -> tuple[dict, list[dict]]:
    """The loopback load test as ``user`` (a session saved in the database, signed with the
    server's own secret key): (the server's configuration, the results)."""
    secret_key = secrets.token_urlsafe(50)
    with override_settings(SECRET_KEY=secret_key):
        session = _client(user).cookies[settings.SESSION_COOKIE_NAME].value
    paths = [
        ("bare view", "/bare/"),
        ("bare view, 50 systems", "/bare-systems/"),
        ("system register", "/system/"),
        ("start page", "/"),
    ]
    return load_test(
        session=session,
        secret_key=secret_key,
        paths=paths,
        workers=int(os.environ.get("WEB_CONCURRENCY", "2")),
        threads=threads,
        requests=requests,
        seconds=seconds,
    )


def database() -> str:
    if connection.vendor == "postgresql":
        version = connection.pg_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor
