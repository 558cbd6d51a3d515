"""Per-page CPU, wall and SQL time of the list pages of issue 18 on the benchmark's data.

    DATABASE_URL=postgres://…/styrsam_pl PYTHONPATH=$PWD \
        .venv/bin/python scripts/page_cpu.py [runs] [out.json|-] [url …]

Each page is requested twice to warm up and then ``runs`` (10) times through Django's test
client (the whole middleware stack) as the benchmark's persona (the IT strategist; the
approval queue as the head of department: ``styrsam/demo/benchmark/targets.py``; the ``url``s
given, as the IT strategist, instead of the list below); printed per
page: status, queries, and the medians of the wall time, the Django process's CPU time
(``time.process_time()``, without the database server and without waiting for a busy CPU)
and the summed SQL time. On a machine shared with other work, the CPU time is the steadier
figure. Run it against a database of the benchmark (``benchmark --keep``), never production.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")

PAGES = [
    ("/system/", 0),
    ("/arenden/oppna/", 0),
    ("/beslut/", 0),
    ("/api/v1/cases/", 0),
    ("/arenden/", 0),
    ("/moten/", 0),
    ("/organisation/", 0),
    ("/personer/", 0),
    ("/hyra/utrustning/", 0),
    ("/kundservice/bestallningar/", 0),
    ("/kundservice/att-godkanna/", 1),
    ("/kundservice/artiklar/ny/", 0),
]


def main(runs: int, out: str | None, pages: list[tuple[str, int]] = PAGES) -> None:
    import django

    django.setup()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from styrsam.demo.benchmark.targets import personas

    # one connection for the whole run (the test client would close it per request)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    people = personas()
    clients: dict[int, Client] = {}
    found = {}
    with override_settings(ALLOWED_HOSTS=["*"]):
        for url, index in pages:
            if index not in clients:
                clients[index] = Client(HTTP_HOST="localhost")
                clients[index].force_login(people[index].user)
            client = clients[index]
            client.get(url)
            client.get(url)
            walls, cpus, sqls = [], [], []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    wall, cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    cpus.append((time.process_time() - cpu) * 1000)
                    walls.append((time.perf_counter() - wall) * 1000)
                sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            found[url] = {
                "persona": people[index].label,
                "status": response.status_code,
                "queries": len(queries.captured_queries),
                "wall": statistics.median(walls),
                "cpu": statistics.median(cpus),
                "sql": statistics.median(sqls),
            }
            row = found[url]
            print(
                f"{url:32} {row['status']} {row['queries']:2} q  wall {row['wall']:6.1f} ms  "
                f"CPU {row['cpu']:6.1f} ms  SQL {row['sql']:5.1f} ms",
                flush=True,
            )
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(found, handle, indent=1)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 10,
        sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "-" else None,
        [(url, 0) for url in sys.argv[3:]] or PAGES,
    )
