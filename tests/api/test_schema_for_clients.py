"""The OpenAPI schema says what a generated client needs (issue #20): JSON as the one request
content type, every error response in the one error shape, the token endpoint without
authentication, dates typed as dates, user references described as such."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from drf_spectacular.generators import SchemaGenerator

from styrsam.core.api_schema import raises
from styrsam.core.errors import Conflict, ValidationFailed

ERROR_REF = "#/components/schemas/Error"
UPLOAD = ("post", "/api/v1/cases/{id}/steps/{step}/complete/")  # a step's attachment
GOALS_IMPORT = ("post", "/api/v1/mission-plans/{id}/goals/import/")  # a spreadsheet of goals
# a governing document version's attachment
DOCUMENT_ATTACHMENT = ("post", "/api/v1/documents/{id}/versions/{version}/attachments/")
ORG_IMPORT = ("post", "/api/v1/organisation/import/")  # an HR/AD extract (issue 21)
CATALOGUE_IMPORT = ("post", "/api/v1/catalogue/import/")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield method, path, operation


def test_json_is_the_one_request_content_type(schema, report_count):
    bodies = {
        (m, p): sorted(op["requestBody"]["content"])
        for m, p, op in _operations(schema)
        if "requestBody" in op
    }
    assert bodies.pop(UPLOAD) == ["application/json", "multipart/form-data"]
    assert bodies.pop(GOALS_IMPORT) == ["multipart/form-data"]
    assert bodies.pop(DOCUMENT_ATTACHMENT) == ["multipart/form-data"]
    assert bodies.pop(ORG_IMPORT) == ["multipart/form-data"]
    assert bodies.pop(CATALOGUE_IMPORT) == ["multipart/form-data"]
    assert {tuple(types) for types in bodies.values()} == {("application/json",)}
    report_count(f"{len(bodies) + 5} API operations with a body: JSON (multipart for the uploads)")


def test_every_operation_documents_its_errors_in_the_one_shape(schema, report_count):
    checked = 0
    for method, path, op in _operations(schema):
        codes = set(op["responses"])
        where = f"{method.upper()} {path}"
        has_query = any(p["in"] == "query" for p in op.get("parameters", []))
        if "requestBody" in op or has_query:
            assert "400" in codes, where
        if op["security"]:
            assert {"401", "403"} <= codes, where
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in codes, where
        for code, response in op["responses"].items():
            if code.startswith("4"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == ERROR_REF, f"{where} {code}"
                checked += 1
    report_count(f"{checked} API error responses checked, all in the error shape")


@pytest.mark.parametrize(
    ("method", "path", "documented"),
    [
        ("post", "/api/v1/systems/", True),  # G18 common_kind_taken
        ("patch", "/api/v1/systems/{id}/", True),  # DRF's partial_update -> the view's update
        ("post", "/api/v1/meetings/{id}/held/", True),  # self._act(services.meeting_mark_held)
        ("post", "/api/v1/rent-runs/", True),  # rental.runs.rent_run
        ("post", "/api/v1/notifications/{id}/read/", False),
        ("post", "/api/v1/auth/token/", False),
        ("get", "/api/v1/systems/", False),
    ],
)
def test_409_where_the_code_behind_can_raise_conflict(schema, method, path, documented):
    assert ("409" in schema["paths"][path][method]["responses"]) is documented


def test_raises_reads_the_services_behind_a_view():
    from styrsam.cases.api import CaseViewSet, NotificationViewSet

    # case_report refuses an unknown type (ValidationFailed) but has no workflow conflict
    assert raises(CaseViewSet.create, CaseViewSet, ValidationFailed) is True
    assert raises(CaseViewSet.create, CaseViewSet, Conflict) is False
    # case_decide -> helpers in cases/services/decisions.py raise Conflict (G21)
    assert raises(CaseViewSet.decide, CaseViewSet, Conflict) is True
    assert raises(NotificationViewSet.read, NotificationViewSet, Conflict) is False


def test_token_endpoint_needs_no_authentication(schema):
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert token["security"] == []
    assert {"400", "429"} <= set(token["responses"])


def test_dates_are_dates(schema):
    parameters = schema["paths"]["/api/v1/systems/"]["get"]["parameters"]
    before = next(p for p in parameters if p["name"] == "contract_end_before")
    assert before["schema"] == {"type": "string", "format": "date"}


def test_user_references_are_described_not_given_djangos_help_text(schema):
    user_model = get_user_model()
    django_help = str(user_model._meta.get_field(user_model.USERNAME_FIELD).help_text)

    def descriptions(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    yield value
                else:
                    yield from descriptions(value)
        elif isinstance(node, list):
            for value in node:
                yield from descriptions(value)

    assert django_help not in set(descriptions(schema))
    reporter = schema["components"]["schemas"]["Case"]["properties"]["reporter"]
    assert reporter["description"] == "Personens användarnamn i Styrsam, t.ex. anna."
