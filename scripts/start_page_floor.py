"""What the start page's parts cost, against the 50-systems baseline (issue 18, decision 0026).

    DATABASE_URL=postgres://…/styrsam_bench PYTHONPATH=$PWD \
        .venv/bin/python scripts/start_page_floor.py [runs] [rounds]

On the production settings of the load test's server (``server_settings``: the cached
template loader, DEBUG off) and the benchmark's data (``benchmark --keep``), as the IT
strategist, the median CPU time of the Django process (``time.process_time()``, without
PostgreSQL's) of ``runs`` (80) requests, in ``rounds`` (2) rounds, of:

- ``/bare-systems/``, the baseline: 50 systems in a plain template;
- the start page ``/`` as it is;
- the start page without the organisation's to-dos (the composition of the groups, G03–G05);
- the start page's frame alone: no to-do and no section (the same view, middleware, session,
  menu and ``base.html``).

Each is printed in milliseconds and as a multiple of the baseline of its round. The parts are
left out by replacing them in this process only. Run it against a database of the benchmark,
never production.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.demo.benchmark.server_settings")
os.environ.setdefault("SECRET_KEY", "start-page-floor-" + "x" * 50)
os.environ.setdefault(
    "STATIC_ROOT", os.path.join(tempfile.gettempdir(), "styrsam-start-page-floor-static")
)


def main(runs: int, rounds: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from styrsam.core import views
    from styrsam.core.registry import registry
    from styrsam.demo.benchmark.targets import personas

    call_command("collectstatic", interactive=False, verbosity=0)
    # one connection for the whole run (the test client would close it per request)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(personas()[0].user)
    gc.freeze()  # as each server worker freezes its start-up (decision 0023)

    def median_cpu(url: str) -> float:
        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(runs):
            start = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
        return statistics.median(times)

    providers = list(registry.todo_providers)
    sections = list(registry.home_sections)
    collect = views.collect_todos
    organisation = [p for p in providers if p.__module__ == "styrsam.organisation.todos"]
    for _ in range(rounds):
        base = median_cpu("/bare-systems/")
        found = {"start page": median_cpu("/")}
        try:
            registry.todo_providers[:] = [p for p in providers if p not in organisation]
            found["without the groups' composition"] = median_cpu("/")
            registry.todo_providers[:] = providers
            views.collect_todos = lambda user, context=None: []
            registry.home_sections[:] = []
            found["frame only"] = median_cpu("/")
        finally:
            registry.todo_providers[:] = providers
            registry.home_sections[:] = sections
            views.collect_todos = collect
        print(
            f"/bare-systems/ {base:.1f} ms"
            + "".join(f" · {label} {ms:.1f} ms ({ms / base:.2f}×)" for label, ms in found.items()),
            flush=True,
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 80,
        int(sys.argv[2]) if len(sys.argv) > 2 else 2,
    )
