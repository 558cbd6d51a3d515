"""The demo municipality loaded once for a test module, inside a transaction rolled back at the
end: for the API fuzz, the page crawl and the export checks that need the whole demo."""

from __future__ import annotations

import os
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings

from styrsam.demo.loader import load_demo


def demo_kommun() -> str:
    """The demo municipality the policy-sensitive tests run on: ``STYRSAM_TEST_POLICY=andra``
    runs them on Andrakommun's policy (every code renamed), ``exempel`` (default) on the
    default policy."""
    return os.environ.get("STYRSAM_TEST_POLICY", "exempel")


@contextmanager
def demo_in_a_rolled_back_transaction(django_db_blocker, kommun: str | None = None):
    """Yields the demo's context (``kommun``: the demo municipality, demo_kommun() by default). Django's handler closes "old" connections around every
    request; inside the module's transaction that would break it (django.test.Client
    disconnects the same receiver), so it is disconnected meanwhile."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            with fast_hashing:
                context = load_demo(kommun or demo_kommun())
            yield context
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
