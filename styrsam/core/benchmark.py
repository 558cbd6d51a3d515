"""Measuring pages at municipal scale (the ``benchmark_*`` management commands;
docs/performance.md).

Data are generated inside one transaction that is rolled back afterwards (unless ``--keep``).
Each page is then requested ``--runs`` times through Django's test client (the whole
middleware stack, logged in), and so is a bare Django view answering "ok" to a logged-in
user through the same stack (session and user read: two queries): the baseline of the same
run. On a shared or loaded machine the wall-clock figures (the baseline's too) grow together,
so the ratio to the baseline is the figure to compare. Reported per page: the median and
90th percentile in ms, the ratio of the medians to the baseline, the median CPU time of the
Django process (without the database server and without waiting for a busy CPU) and the
queries per request; last, the load average.
"""

from __future__ import annotations

import abc
import gc
import math
import os
import statistics
import time

from django.core.management.base import BaseCommand
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path


def _bare(request):
    """The baseline: Django with the same middleware and a logged-in user (session and user
    read from the database), answering "ok"."""
    return HttpResponse("ok" if request.user.is_authenticated else "")


urlpatterns = [path("bare/", _bare)]  # the baseline's URLconf (this module)


class Rollback(Exception):
    pass


class RolledBackCommand(BaseCommand):
    """A command whose ``_run(**options)`` works inside one transaction, rolled back
    afterwards unless ``--keep``: generated data leave no trace in a real database."""

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="behåll genererade data")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(**options)
                if not options["keep"]:
                    raise Rollback
        except Rollback:
            self.stdout.write("Genererade data är borttagna (rollback).")


class BenchmarkCommand(RolledBackCommand, abc.ABC):
    """``generate(**options)`` makes the data and returns the pages to measure as
    ``[(label, logged-in client, url)]``; the first page's client also requests the
    baseline."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--runs", type=int, default=30)

    @abc.abstractmethod
    def generate(self, **options) -> list[tuple[str, object, str]]:
        """Each command generates its own data (an abstract method: a command without it
        cannot be instantiated)."""

    def handle(self, *args, **options):
        # one connection for the whole run (the test client would close it per request)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            super().handle(*args, **options)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    def _run(self, *, runs, **options):
        start = time.perf_counter()
        pages = self.generate(runs=runs, **options)
        if connection.vendor == "postgresql":  # planner statistics, as autovacuum keeps them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Databas: {connection.vendor}; genererat på {time.perf_counter() - start:.1f} s; "
            f"{runs} mätningar per sida"
        )
        with override_settings(ROOT_URLCONF=__name__):
            baseline = measure(pages[0][1], "/bare/", runs)
        self.stdout.write(
            f"Baslinje (Django-vy som svarar 'ok', samma middleware, inloggad): "
            f"median {baseline['median']:.1f} ms, p90 {baseline['p90']:.1f} ms, "
            f"CPU {baseline['cpu']:.1f} ms, {baseline['queries']} frågor"
        )
        for label, client, url in pages:
            result = measure(client, url, runs)
            ratio = result["median"] / baseline["median"] if baseline["median"] else 0
            cpu_ratio = result["cpu"] / baseline["cpu"] if baseline["cpu"] else 0
            self.stdout.write(
                f"{label}: median {result['median']:.1f} ms, p90 {result['p90']:.1f} ms, "
                f"{ratio:.1f} × baslinjen; CPU {result['cpu']:.1f} ms ({cpu_ratio:.1f} ×); "
                f"{result['queries']} frågor, status {result['status']}"
            )
        load = " ".join(f"{v:.1f}" for v in os.getloadavg())
        self.stdout.write(f"Systembelastning (load average 1, 5, 15 min): {load}")


def measure(client, url: str, runs: int, *, timed_statuses=None, budget=None) -> dict:
    """Wall time (what the user waits) and the CPU time of this process (Django's own work,
    without the database server's and without waiting for a busy CPU). With
    ``timed_statuses``, a page whose first answer has another status is not timed (its
    status and queries are reported, its times are ``None``). ``response`` is the last
    answer; ``runs=0`` reports the status and queries of the one warm request only. With
    ``budget`` (seconds), no further run starts once the runs so far took that long (at least
    one run): an unbounded page cannot hold the whole benchmark up; ``runs`` is how many
    were timed."""
    connection.queries_log.clear()  # a full log (9,000 entries) would count 0 queries
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # warm: the policy, templates
    queries, status = len(captured.captured_queries), response.status_code
    if not runs or (timed_statuses is not None and status not in timed_statuses):
        return {"median": None, "p90": None, "p95": None, "cpu": None, "queries": queries,
                "status": status, "response": response}  # fmt: skip
    # Each page is timed from the same state of the collector: the garbage earlier pages left
    # is collected first, so a full collection that their objects provoke is not charged to
    # whichever page happens to run next (the pages measured last grew for every persona
    # alike otherwise: docs/performance.md). The page's own garbage still counts.
    gc.collect()
    times, cpu = [], []
    for _ in range(runs):
        if budget is not None and times and sum(times) >= budget * 1000:
            break
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries, status = len(captured.captured_queries), response.status_code
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[max(0, math.ceil(len(times) * 0.9) - 1)],
        "p95": times[max(0, math.ceil(len(times) * 0.95) - 1)],
        "cpu": statistics.median(cpu),
        "queries": queries,
        "status": status,
        "runs": len(times),
        "response": response,
    }
