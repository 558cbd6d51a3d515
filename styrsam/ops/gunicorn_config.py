"""gunicorn's configuration for Styrsam's application servers: ``gunicorn -c
python:styrsam.ops.gunicorn_config`` (``styrsam serve``, deploy/systemd, deploy/Containerfile
and the benchmark's load test use it; docs/decisions/0023).

After a worker has loaded the application, ``freeze_start_up`` imports the URLconf (every
view, serializer and form module), collects once and moves every object alive then into the
permanent generation (``gc.freeze()``): a full collection no longer traverses the ~250,000
objects of Django, the apps and the modules on every run, which made a request that triggered
one take 100–400 ms instead of 5–40 ms (measured: docs/performance.md)."""

from __future__ import annotations

import gc


def freeze_start_up() -> int:
    """Import the URLconf, collect the start-up's garbage and freeze what is alive; returns
    how many objects are frozen. Garbage made later is collected as before."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module of the URLconf
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def post_worker_init(worker) -> None:
    """gunicorn's hook, in each worker after it loaded the WSGI application (Django set up)."""
    frozen = freeze_start_up()
    worker.log.debug("gc.freeze(): %d objects of the start-up frozen", frozen)
