"""The reminders on a real Celery worker against Redis (issue 5 item 9).

The demo and the other tests run the tasks eagerly (``CELERY_BROKER_URL=memory://``). Here the
project's Celery app is pointed at Redis on 127.0.0.1:6379 (database 15, a key prefix and a
queue of its own per xdist worker, so that parallel runs never take each other's messages),
eager mode is switched off, an embedded worker (``celery.contrib.testing.worker``, solo pool,
in a thread of this process) runs the tasks, and ``.delay().get()`` waits for their results.

``django_db(transaction=True)``: the data is committed, so the worker thread's own database
connection sees it (SQLite's shared-cache in-memory test database, or PostgreSQL). The e-mail
lands in ``django.core.mail.outbox`` because the worker runs in this process.

No Redis: skipped with the reason, unless ``STYRSAM_REQUIRE_SERVICES=1`` (CI), then failed.
Every wait is bounded, and a watchdog ends the process if the worker wedges beyond them.
"""

from __future__ import annotations

import contextlib
import datetime
import faulthandler
import os
import sys
import threading
import uuid

import pytest
from django.core import mail

from styrsam.guideline.policy import get_policy
from styrsam.meetings import tasks
from styrsam.meetings.models import CompanyMeeting, Meeting
from tests.factories import OrgUnitFactory
from tests.vocab import c

from .conftest import group_name

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 15
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
CONNECT_TIMEOUT = 3  # seconds, every connection to Redis
SOCKET_TIMEOUT = 10  # seconds, every read from Redis
START_TIMEOUT = 20  # seconds for the embedded worker to be consuming
RESULT_TIMEOUT = 30  # seconds for a task's result
WATCHDOG_SECONDS = 180  # last resort: dump the stacks and end the process


def _require_redis() -> None:
    """Skip (or, with STYRSAM_REQUIRE_SERVICES=1, fail) when Redis does not answer."""
    import redis

    try:
        client = redis.Redis(
            host=REDIS_HOST,
            port=REDIS_PORT,
            db=REDIS_DB,
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=CONNECT_TIMEOUT,
        )
        client.ping()
        client.close()
    except redis.RedisError as exc:
        reason = (
            f"Redis svarar inte på {REDIS_HOST}:{REDIS_PORT} ({exc.__class__.__name__}: {exc}); "
            "the Celery worker test needs it (start it with `redis-server`)."
        )
        if os.environ.get("STYRSAM_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} STYRSAM_REQUIRE_SERVICES=1: failing, not skipping.")
        pytest.skip(reason)


def _forget_connections(app) -> None:
    """Drop the app's cached broker pool, AMQP helper (queues, producers) and result backend,
    so that the next use builds them from the current configuration."""
    pool, app._pool = app._pool, None
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.force_close_all()
    amqp = app.__dict__.pop("amqp", None)
    producers = getattr(amqp, "_producer_pool", None) if amqp is not None else None
    if producers is not None:
        with contextlib.suppress(Exception):
            producers.force_close_all()
    backend = app._backend_cache or getattr(app._local, "backend", None)
    app._backend_cache = None
    app._local = threading.local()
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.result_consumer.stop()
        with contextlib.suppress(Exception):
            backend.client.connection_pool.disconnect()


def _delete_keys(prefix: str) -> None:
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis(
            host=REDIS_HOST,
            port=REDIS_PORT,
            db=REDIS_DB,
            socket_connect_timeout=CONNECT_TIMEOUT,
            socket_timeout=SOCKET_TIMEOUT,
        )
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def redis_celery_app(monkeypatch):
    """The project's Celery app pointed at Redis, not eager, with a queue and key prefix of
    this test run's own; everything restored afterwards."""
    _require_redis()
    from styrsam.celery import app

    worker_id = os.environ.get("PYTEST_XDIST_WORKER", "main")
    tag = f"styrsam-test-{worker_id}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    overrides = {
        "broker_url": REDIS_URL,
        "result_backend": REDIS_URL,
        "task_always_eager": False,
        "task_default_queue": tag,
        "task_default_exchange": tag,
        "task_default_routing_key": tag,
        "broker_transport_options": {
            "global_keyprefix": f"{tag}:",
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            "visibility_timeout": 120,
        },
        "result_backend_transport_options": {"global_keyprefix": f"{tag}:"},
        "broker_connection_timeout": CONNECT_TIMEOUT,
        "broker_connection_retry": False,
        "broker_connection_retry_on_startup": False,
        "broker_connection_max_retries": 1,
        "broker_channel_error_retry": False,
        "redis_socket_connect_timeout": CONNECT_TIMEOUT,
        "redis_socket_timeout": SOCKET_TIMEOUT,
        "redis_retry_on_timeout": False,
        "result_expires": 600,
        "worker_hijack_root_logger": False,
        "worker_send_task_events": False,
        "task_send_sent_event": False,
    }
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")  # the Django fixup's system checks: not here
    app.loader.import_default_modules()
    import celery.contrib.testing.tasks  # noqa: F401  registers ``celery.ping``

    saved = {key: app.conf[key] for key in overrides}
    _forget_connections(app)
    app.conf.update(overrides)
    try:
        yield app
    finally:
        _forget_connections(app)
        app.conf.update(saved)
        app.set_current()
        app.set_default()
        _delete_keys(tag)


@contextlib.contextmanager
def _watchdog(seconds: int):
    """If anything below wedges past every other timeout, print all stacks and end the process
    (a crashed xdist worker, a failed CI step) rather than hang CI."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def _bounded_worker_controller():
    from celery.contrib.testing.worker import TestWorkController

    class BoundedWorkController(TestWorkController):
        """``ensure_started`` with a timeout: the stock one waits forever."""

        def ensure_started(self):
            if not self._on_started.wait(START_TIMEOUT):
                raise RuntimeError(
                    f"The embedded Celery worker was not consuming within {START_TIMEOUT} s."
                )

    return BoundedWorkController


def _run_on_worker(task):
    """Send ``task`` to the broker and wait for its result; the AsyncResult is dropped here,
    while the result backend is still connected (its finaliser unsubscribes)."""
    result = task.delay()
    try:
        value = result.get(timeout=RESULT_TIMEOUT)
        assert result.successful()
        return value, type(result.backend).__name__
    finally:
        del result


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a: day)

    return set_today


@pytest.mark.rule("G13", "G04")
def test_g13_g04_reminders_run_on_a_real_worker_against_redis(
    redis_celery_app, steering, it_strategist, today
):
    from celery.contrib.testing.worker import start_worker

    today(datetime.date(2026, 11, 26))
    # G13: four short of the minimum, none planned, one month left: the steering group cannot
    # reach its minimum.
    frequency = get_policy().group(steering.code)
    held = frequency.meetings_min - 4  # one month left: four short of the minimum
    Meeting.objects.bulk_create(
        Meeting(
            group=steering,
            date=datetime.date(2026, 1 + i, 5),
            start_time=datetime.time(9),
            status="held",
        )
        for i in range(held)
    )
    # G04: two companies, one met this year.
    hamn = OrgUnitFactory(kind="company", code="hamn", name="Exempel Hamn AB")
    energi = OrgUnitFactory(kind="company", code="energi", name="Exempel Energi AB")
    CompanyMeeting.objects.create(
        company=energi, date=datetime.date(2026, 2, 2), held_by=it_strategist
    )
    mail.outbox.clear()

    with (
        _watchdog(WATCHDOG_SECONDS),
        start_worker(
            redis_celery_app,
            pool="solo",
            concurrency=1,
            perform_ping_check=True,
            ping_task_timeout=RESULT_TIMEOUT,
            shutdown_timeout=15,
            WorkController=_bounded_worker_controller(),
        ) as worker,
    ):
        conveners, backend = _run_on_worker(tasks.remind_conveners)
        companies, _ = _run_on_worker(tasks.remind_company_meetings)
        assert worker.hostname

    # A real worker ran them: not eager, and the results came back through Redis.
    assert backend == "RedisBackend"
    assert c("steering") in conveners
    assert companies == [hamn.code]
    steering_mail = [m for m in mail.outbox if group_name("steering") in m.subject]
    assert len(steering_mail) == 1
    assert steering_mail[0].to == [it_strategist.email]
    assert (
        f"{held} möten hittills, 0 planerade, krav {frequency.meetings_min}–{frequency.meetings_max}"
        in steering_mail[0].body
    )
    company_mail = [m for m in mail.outbox if "bolag utan årets möte" in m.subject]
    assert len(company_mail) == 1
    assert company_mail[0].to == [it_strategist.email]
    assert "Exempel Hamn AB" in company_mail[0].body
    assert "Exempel Energi AB" not in company_mail[0].body
