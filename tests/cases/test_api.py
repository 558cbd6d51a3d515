"""The cases API: create, list with filters, steps, decide (409 with code, rule and the
missing steps), consultations, decisions; query counts pinned for 1 and 50 rows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases.models import Case
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(api_client):
    def login(user):
        api_client.force_authenticate(user)
        return api_client

    return login


@pytest.mark.rule("G21")
def test_g21_api_report_and_walk_to_decision(actors, as_user, policy):
    owner = as_user(actors["owner"])
    response = owner.post(
        "/api/v1/cases/",
        {
            "type": c("common_system_change"),
            "title": "Byte av lönesystem",
            "common_kind": "payroll_hr",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    case_id = data["id"]
    assert data["registration_number"].startswith("IT ")
    assert [s["code"] for s in data["steps"]][0] == c("need_reported")
    assert data["steps"][0]["blocks_decision"] is True

    # the system owner may not mark the procurement centre contacted
    response = owner.post(f"/api/v1/cases/{case_id}/steps/{c('procurement_contacted')}/complete/")
    assert response.status_code == 403
    assert response.json()["code"] == "not_step_performer"

    api = as_user(actors["strategist"])
    plain = [  # G21's three plain steps; a policy may add more (Andrakommun: one)
        s.code
        for s in policy.steps(c("common_system_change"))
        if s.kind == "plain" and not s.when_needed
    ]
    assert {c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")} <= set(plain)
    for code in plain:
        response = api.post(
            f"/api/v1/cases/{case_id}/steps/{code}/complete/", {"comment": "ok"}, format="json"
        )
        assert response.status_code == 200, response.json()
    again = api.post(f"/api/v1/cases/{case_id}/steps/{c('need_reported')}/complete/")
    assert again.status_code == 409
    assert again.json()["code"] == "step_already_done"

    decide = {"outcome": "approved", "text": "Bifall.", "body": "steering_group"}
    response = api.post(f"/api/v1/cases/{case_id}/decide/", decide, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "steps_missing"
    assert body["rule"] == "G21"
    assert body["missing_steps"] == [c("preparatory_anchoring")]
    assert policy.group_name(c("preparatory")) in body["detail"]

    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = api.post(
        f"/api/v1/cases/{case_id}/consultations/",
        {"step": c("preparatory_anchoring"), "deadline": deadline, "question": "Tycker ni till?"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    consultation_id = response.json()["id"]
    response = as_user(actors["prep_member"]).post(
        f"/api/v1/consultations/{consultation_id}/respond/",
        {"position": "supports", "text": "Ja"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["late"] is False
    api = as_user(actors["strategist"])
    response = api.post(
        f"/api/v1/consultations/{consultation_id}/close/",
        {"early_close_reason": "Övriga hade inget att invända."},  # G14: before the deadline
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["closed_by"] == "strateg"

    response = api.post(f"/api/v1/cases/{case_id}/decide/", decide, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["outcome"] == "approved"
    again = api.post(f"/api/v1/cases/{case_id}/decide/", decide, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_decided"
    assert api.get("/api/v1/decisions/").json()["count"] == 1


@pytest.mark.rule("G29")
def test_g29_api_escalation_without_reason_is_400(actors, as_user):
    case = prepare(report(actors["owner"]), actors["strategist"])
    response = as_user(actors["director"]).post(
        f"/api/v1/cases/{case.pk}/decide/",
        {"outcome": "approved", "text": "Ja", "body": "municipal_director"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "escalation_reason_required"


def test_api_invalid_input_is_400(actors, as_user):
    response = as_user(actors["owner"]).post("/api/v1/cases/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_api_needs_login(api_client):
    assert api_client.get("/api/v1/cases/").status_code == 401


def test_api_unknown_case_is_404(actors, as_user):
    assert as_user(actors["owner"]).get("/api/v1/cases/999999/").status_code == 404


@pytest.mark.rule("G03")
def test_g03_api_forward(actors, as_user, groups, bou, head_of_bou):
    case = report(actors["head"], c("project_notification"), title="Projekt", affected_units=[bou])
    response = as_user(actors["strategist"]).post(
        f"/api/v1/cases/{case.pk}/forward/", {"groups": [c("steering")]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    inbox = as_user(head_of_bou).get("/api/v1/notifications/").json()
    assert inbox["count"] == 1


def test_api_list_filters(actors, as_user, payroll):
    s = actors["strategist"]
    a = report(actors["owner"], system=payroll)
    b = report(actors["head"], c("business_system_change"), title="Journal")
    prepare(b, s)
    api = as_user(s)

    def ids(query):
        return {row["id"] for row in api.get(f"/api/v1/cases/?{query}").json()["results"]}

    assert ids(f"type={c('business_system_change')}") == {b.pk}
    assert ids("status=ready") == {b.pk}
    assert ids(f"system={payroll.pk}") == {a.pk}
    assert ids("waiting_for=decision") == {b.pk}
    assert ids(f"waiting_for={c('need_reported')}") == {a.pk}
    assert ids(f"waiting_for={c('procurement_contacted')}") == {a.pk}
    assert ids(f"waiting_for={c('management_team_anchoring')}") == set()


def _make_cases(actors, n):
    from styrsam.cases.services import case_decide

    for i in range(n):
        case = prepare(
            report(actors["head"], c("co_financing"), title=f"Ärende {i}"), actors["strategist"]
        )
        case_decide(actor=actors["strategist"], case=case, outcome="rejected", text=f"Avslag {i}")


def test_api_list_query_count_same_for_1_and_50_rows(actors, as_user, count_queries):
    """Each API list makes as many queries for 50 rows as for 1; one set of rows for the three
    lists (decision 0020), the assertion names each list whose counts differ."""
    api = as_user(actors["strategist"])
    urls = ("/api/v1/cases/", "/api/v1/decisions/", "/api/v1/consultations/")

    def counts() -> dict[str, int]:
        found = {}
        for url in urls:
            api.get(url)
            with count_queries() as queries:
                assert api.get(url).status_code == 200
            found[url] = queries.count
        return found

    _make_cases(actors, 1)
    one = counts()
    _make_cases(actors, 49)
    assert Case.objects.count() == 50
    assert counts() == one


def test_api_schema_includes_cases(client, actors):
    client.force_login(actors["strategist"])
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/cases/{id}/decide/" in schema
    assert "/api/v1/cases/{id}/steps/{step}/complete/" in schema


def test_api_personas_outsider_reads_but_cannot_report_or_decide(actors, as_user, employee):
    case = prepare(report(actors["owner"]), actors["strategist"])
    api = as_user(employee)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    response = api.post(
        "/api/v1/cases/", {"type": c("business_system_change"), "title": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_reporter"
    response = api.post(
        f"/api/v1/cases/{case.pk}/decide/", {"outcome": "approved", "text": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_decision_recorder"
    assert api.get("/api/v1/notifications/").json()["count"] == 0


@pytest.mark.rule("G21")
def test_g21_api_mark_step_needed(actors, as_user):
    case = prepare(report(actors["owner"]), actors["strategist"])
    url = f"/api/v1/cases/{case.pk}/steps/{c('management_team_anchoring')}/needed/"
    response = as_user(actors["owner"]).post(url, {"needed": True, "reason": "x"}, format="json")
    assert response.status_code == 403
    response = as_user(actors["strategist"]).post(
        url, {"needed": True, "reason": "Stor påverkan"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    step = next(s for s in response.json()["steps"] if s["code"] == c("management_team_anchoring"))
    assert step["blocks_decision"] is True and step["needed_reason"] == "Stor påverkan"


def test_api_error_names_the_request_field_type_not_case_type(actors, as_user):
    """The request field is ``type``; the service's parameter is ``case_type``. A client maps
    an error to the field it sent, so the error says ``type`` (issue #20)."""
    api = as_user(actors["strategist"])
    response = api.post("/api/v1/cases/", {"type": "nope", "title": "Nytt system"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_case_type"
    assert response.json()["field"] == "type"
    assert not Case.objects.exists()


def test_api_takes_json_not_form_data(actors, as_user):
    api = as_user(actors["strategist"])
    response = api.post(
        "/api/v1/cases/", {"type": c("common_system_change"), "title": "X"}, format="multipart"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not Case.objects.exists()
