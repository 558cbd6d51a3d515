"""A client generated from the OpenAPI schema works (issue #20).

Other systems of a municipality (its diarium, its intranet, a case tool) talk to Styrsam through
a client that a generator writes from ``/api/schema/``. This test does what they do: it
generates a client with openapi-python-client into a temporary directory, imports every module
of it, and runs a short scenario against a live test server: a token, the list of systems, a
system created, and refused requests whose errors parse into the generated error model.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest
from django.test import Client as DjangoClient

from styrsam.systems.models import System
from tests.browser_plugin import FACTORY_PASSWORD
from tests.factories import OrgUnitFactory, person_with_role

pytestmark = [pytest.mark.once, pytest.mark.django_db(transaction=True)]

PACKAGE = "styrsam_generated_client"


@pytest.fixture
def generated_client(tmp_path, policy):
    schema = DjangoClient().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(schema.json()), encoding="utf-8")
    config = tmp_path / "config.json"
    # no post hooks: the generated code is imported, not formatted
    config.write_text(json.dumps({"package_name_override": PACKAGE, "post_hooks": []}))
    out = tmp_path / PACKAGE
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(schema_file),
            "--meta",
            "none",
            "--output-path",
            str(out),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # the generator skips what it cannot read and says so: a warning is a missing endpoint
    assert "Warning" not in output, output
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE), schema.json()
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _import_every_module(package) -> int:
    names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    failed = {}
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - every failure is listed in the assertion
            failed[name] = f"{type(exc).__name__}: {exc}"
    assert not failed, f"{len(failed)} of {len(names)} generated modules do not import:\n" + (
        "\n".join(f"{k}: {v}" for k, v in failed.items())
    )
    return len(names)


def test_generated_client_imports_and_runs_a_scenario(generated_client, live_server, report_count):
    package, schema = generated_client
    modules = _import_every_module(package)
    operations = sum(
        1 for ops in schema["paths"].values() for method in ops if method != "parameters"
    )
    endpoints = [m for m in sys.modules if m.startswith(f"{PACKAGE}.api.") and m.count(".") == 3]
    report_count(
        f"generated client (openapi-python-client): {modules} modules imported, "
        f"{len(endpoints)} endpoint modules for {operations} operations"
    )
    assert len(endpoints) == operations

    OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    strategist = person_with_role("it_strategist", username="strateg")

    api = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")
    token_create = importlib.import_module(f"{api.__name__}.v1_auth_token_create")
    systems_list = importlib.import_module(f"{api.__name__}.v1_systems_list")
    systems_create = importlib.import_module(f"{api.__name__}.v1_systems_create")
    cases_create = importlib.import_module(f"{api.__name__}.v1_cases_create")

    anonymous = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    refused_login = token_create.sync_detailed(
        client=anonymous,
        body=models.TokenLoginRequest(username="strateg", password="fel"),
    )
    assert refused_login.status_code == 400
    assert isinstance(refused_login.parsed, models.Error)
    assert refused_login.parsed.code == "invalid_credentials"

    token = token_create.sync(
        client=anonymous,
        body=models.TokenLoginRequest(username=strategist.username, password=FACTORY_PASSWORD),
    )
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=token.token, prefix="Token", raise_on_unexpected_status=True
    )

    unauthenticated = systems_list.sync_detailed(client=anonymous)
    assert unauthenticated.status_code == 401
    assert unauthenticated.parsed.code == "not_authenticated"

    listed = systems_list.sync(client=client)
    assert isinstance(listed, models.PaginatedSystemList)
    assert listed.count == 0

    finance = {
        "category": "common",
        "common_kind": "finance",
        "owner_unit": "vof",
        "financing_principle": "allocated",
    }
    created = systems_create.sync(
        client=client, body=models.SystemRequest(name="Raindance", **finance)
    )
    assert isinstance(created, models.System)
    assert created.name == "Raindance"
    assert systems_list.sync(client=client).count == 1

    # G18: one common system per kind; the 409 parses into the generated error model
    conflict = systems_create.sync_detailed(
        client=client, body=models.SystemRequest(name="Agresso", **finance)
    )
    assert conflict.status_code == 409
    assert isinstance(conflict.parsed, models.Error)
    assert conflict.parsed.code == "common_kind_taken"
    assert conflict.parsed.rule == "G18"

    invalid = systems_create.sync_detailed(
        client=client,
        body=models.SystemRequest(name="Treserva", category="business", owner_unit="x"),
    )
    assert invalid.status_code == 400
    assert isinstance(invalid.parsed, models.Error)
    assert invalid.parsed.code == "invalid"
    assert "owner_unit" in invalid.parsed.errors.additional_properties
    assert list(System.objects.values_list("name", flat=True)) == ["Raindance"]

    # the error names the field the client sent ("type"), not the service's "case_type"
    unknown_type = cases_create.sync_detailed(
        client=client, body=models.CaseRequest(type_="nope", title="Nytt system")
    )
    assert unknown_type.status_code == 400
    assert isinstance(unknown_type.parsed, models.Error)
    assert unknown_type.parsed.code == "unknown_case_type"
    assert unknown_type.parsed.field == "type"
