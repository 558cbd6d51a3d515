"""Fuzzing the REST API with schemathesis against its own OpenAPI schema (drf-spectacular).

The schema is read from ``/api/schema/`` through the WSGI application in-process (no server);
every operation becomes one pytest item, so pytest-xdist may spread them over workers. Each
operation gets a fixed number of generated requests (``MAX_EXAMPLES``), positive and negative,
derandomised, so a failure is reproducible run after run.

Checked: no 5xx for any operation, and for GET the 200 response conforms to the schema.

The requests run as the demo municipality's IT strategist (``anna``, token auth) against the
demo data, loaded once per module inside a transaction that is rolled back at the end; every
test also runs in its own savepoint (pytest-django's ``db``), so writes of one operation do not
leak into the next and nothing leaks into other test modules.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from styrsam.demo.loader import load_demo
from styrsam.wsgi import application

SCHEMA_PATH = "/api/schema/"  # styrsam/urls.py: name="schema"
MAX_EXAMPLES = 15
SEED = 20_250_901

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",  # valid and invalid data
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",  # no .hypothesis/ directory, no replay of earlier runs
        },
        # The coverage phase sends hundreds of requests per operation; stateful needs links.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        # The demo data is one fixture for all examples of an operation (by design).
        "suppress-health-check": ["all"],
    }
)

# Loaded at import (no database needed) so that every operation is its own pytest item.
# schemathesis.pytest.from_fixture() would run them all as subtests of one item, and in
# schemathesis 4.32.5 it also fails under pytest 9.2 (it sets the removed Node._nodeid).
schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application, config=CONFIG)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo municipality plus an API token for its IT strategist, once per module."""
    # Django's handler closes "old" connections around every request; inside the test's
    # transaction that would break it (django.test.Client disconnects the same receiver).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            context = load_demo()
            token = Token.objects.create(user=context.people["anna"])
            yield {"Authorization": f"Token {token.key}"}
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@pytest.mark.django_db
def test_api_operation(case, demo):
    checks = [not_a_server_error]
    if case.method == "GET":
        checks.append(response_schema_conformance)
    case.call_and_validate(headers=demo, checks=checks)
