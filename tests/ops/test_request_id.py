"""Each request has an id (X-Request-ID): returned in the response, on every log line, and
stored in the audit entry of the write it caused — through the page and through the API."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.urls import reverse

from styrsam.core.logging import JsonFormatter
from styrsam.core.models import AuditEntry
from styrsam.core.request_id import RequestIdLogFilter, accept_or_make
from tests.factories import UserFactory
from tests.vocab import c

pytestmark = pytest.mark.django_db


def test_a_write_through_the_page_stores_the_request_id_of_the_response(
    client, it_strategist, department
):
    person = UserFactory()
    client.force_login(it_strategist)
    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]),
        {"role": c("department_economist"), "unit": department.pk},
    )
    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32  # generated: no header came in
    [entry] = AuditEntry.objects.filter(action="role.assign")
    assert entry.request_id == request_id


def test_a_write_through_the_api_stores_the_incoming_request_id(
    api_client, it_strategist, department
):
    UserFactory(username="ny", profile__unit=department)
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        "/api/v1/memberships/",
        {"group": c("preparatory"), "person": "ny", "function": "member", "represents": "vof"},
        format="json",
        HTTP_X_REQUEST_ID="lb-7f3a9c2e-0001",
    )
    assert response.status_code == 201, response.json()
    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"
    [entry] = AuditEntry.objects.filter(action="membership.add")
    assert entry.request_id == "lb-7f3a9c2e-0001"


@pytest.mark.parametrize(
    "incoming", ["", "short", "has space in it", 'quote"quote"quote', "x" * 65, "ab\ncdefghij"]
)
def test_an_invalid_incoming_id_is_replaced(incoming):
    made = accept_or_make(incoming)
    assert made != incoming
    assert len(made) == 32


def test_a_request_without_a_write_gets_an_id_too_and_the_refused_write_leaves_nothing(
    client, plain_user
):
    person = UserFactory()
    client.force_login(plain_user)
    response = client.post(
        reverse("organisation:person_detail", args=[person.pk]), {"role": c("finance_director")}
    )
    assert response.status_code == 403
    assert response["X-Request-ID"]
    assert not AuditEntry.objects.filter(action="role.assign").exists()


def test_audit_entries_outside_a_request_have_no_request_id(it_strategist):
    from styrsam.organisation.services import role_assign

    person = UserFactory()
    role_assign(actor=it_strategist, person=person, role=c("finance_director"))
    assert AuditEntry.objects.get(action="role.assign").request_id is None


def test_json_log_line_carries_the_request_id_and_extras(client, plain_user, caplog):
    client.force_login(plain_user)
    with caplog.at_level(logging.INFO, logger="styrsam.requests"):
        response = client.get("/", HTTP_X_REQUEST_ID="req-abcdef123")
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "styrsam.requests"]
    RequestIdLogFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-abcdef123"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["level"] == "INFO" and line["logger"] == "styrsam.requests"
    assert line["message"] == "GET / 200"
    assert isinstance(line["duration_ms"], float)


def test_json_log_line_of_an_exception_has_the_traceback():
    logger = logging.getLogger("styrsam.test")
    try:
        raise ValueError("trasig")
    except ValueError:
        record = logger.makeRecord(
            "styrsam.test", logging.ERROR, __file__, 1, "fel: %s", ("x",), exc_info=True
        )
        record.exc_info = sys.exc_info()
    RequestIdLogFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "fel: x"
    assert line["request_id"] == "-"
    assert "ValueError: trasig" in line["exc_info"]


def test_a_response_logged_after_the_middleware_keeps_the_request_id(client, caplog):
    """django.request logs a 4xx/5xx after the middleware has returned (and reset the
    contextvar): the id comes from the request the record carries."""
    with caplog.at_level(logging.WARNING, logger="django.request"):
        missing = client.get("/finns-inte/", HTTP_X_REQUEST_ID="lb-missing-000002")
    assert missing.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    record.__dict__.pop("request_id", None)  # as it left Django, before any handler's filter
    RequestIdLogFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "lb-missing-000002"
    assert line["path"] == "/finns-inte/"
    assert line["status_code"] == 404
