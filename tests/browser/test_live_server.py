"""The live server of the browser tests answers one request at a time on SQLite, whose
in-memory test database its request threads share (tests/browser_plugin.py): two at once can
deadlock inside sqlite3, as a CI run did on the start page's deferred sections."""

from __future__ import annotations

import threading
import urllib.request

import pytest
from django.db import connection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_server_is_serialized_exactly_on_sqlite(live_server):
    lock = live_server.thread.httpd.request_lock
    assert (lock is not None) is (connection.vendor == "sqlite")


def test_parallel_requests_all_answer(live_server):
    """Eight requests at once for a page that reads the database: all answered (on SQLite
    one after another)."""
    statuses: list[int] = []

    def get():
        with urllib.request.urlopen(f"{live_server.url}/publikt/", timeout=30) as response:  # noqa: S310
            statuses.append(response.status)

    threads = [threading.Thread(target=get) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 8
