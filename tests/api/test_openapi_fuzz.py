"""Fuzzing the REST API with schemathesis against its own OpenAPI schema (drf-spectacular).

Marked ``once`` (SQLite only); each operation is its own pytest item with its own node id, so
pytest-xdist spreads them, and the run prints how many operations were exercised against the
number in /api/schema/ and fails if fewer (conftest.py).

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
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import response_schema_conformance

from styrsam.wsgi import application
from tests.demo_fixture import demo_in_a_rolled_back_transaction

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
        # Examples, the coverage phase (boundary and invalid values of every parameter) and
        # fuzzing; stateful testing needs links the schema does not declare.
        "phases": {"coverage": {"enabled": True}, "stateful": {"enabled": False}},
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
    with demo_in_a_rolled_back_transaction(django_db_blocker) as context:
        token = Token.objects.create(user=context.people["anna"])
        yield {"Authorization": f"Token {token.key}"}


_real: dict[tuple[str, str], object] = {}


def real_path_value(template: str, name: str, headers: dict):
    """An existing object's ``name`` (id, code) for a path such as ``/api/v1/groups/{code}/…``:
    the first row of the collection in front of it, as the IT strategist sees it. Random path
    values only ever reach the 404 branch; positive cases get real objects instead."""
    key = (template, name)
    if key not in _real:
        from django.test import Client

        collection = template[: template.index("{" + name + "}")]
        response = Client().get(collection, headers=headers)
        rows = response.json().get("results", []) if response.status_code == 200 else []
        _real[key] = rows[0].get(name) if rows and isinstance(rows[0], dict) else None
    return _real[key]


@schema.parametrize()
@pytest.mark.once
@pytest.mark.django_db
def test_api_operation(case, demo):
    if case.path_parameters and not (
        case.meta and case.meta.is_negative_at(ParameterLocation.PATH)
    ):
        for name in list(case.path_parameters):
            value = real_path_value(case.operation.path, name, demo)
            if value is not None:
                case.path_parameters[name] = value
    case.call_and_validate(headers=demo, checks=[not_a_server_error, response_schema_conformance])
