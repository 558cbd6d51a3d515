"""The projects API (/api/v1/projects/, its status-reports, /staffing/, /mission-plans/,
/operational-plans/): the same services as the pages, exact statuses, JSON errors with the
rule, nothing left behind by a refusal."""

from __future__ import annotations

import datetime

import pytest

from styrsam.cases import services as case_services
from styrsam.organisation.models import Committee
from styrsam.projects.models import MissionPlan, Project, ProjectReport, Staffing
from tests.vocab import c

from .conftest import TODAY, project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/projects/",
        "/api/v1/staffing/",
        "/api/v1/mission-plans/",
        "/api/v1/operational-plans/",
    ],
)
def test_anonymous_is_refused(api_client, url, policy):
    assert api_client.get(url).status_code == 401


@pytest.mark.rule("G03")
def test_g03_filters_department_phase_case(api_client, strategist, head_of_vof, vof, bou, groups):
    case = case_services.case_report(
        actor=head_of_vof, case_type=c("project_notification"), title="Digital signering"
    )
    case_services.case_forward(actor=strategist, case=case, groups=[groups[c("preparatory")]])
    school = project(strategist, bou, name="Skolplattform")
    api_client.force_authenticate(head_of_vof)
    data = api_client.get("/api/v1/projects/", {"case": case.pk}).json()
    assert [p["name"] for p in data["results"]] == ["Digital signering"]
    assert data["results"][0]["origin"] == "notification"
    assert data["results"][0]["case_number"] == case.registration_number
    data = api_client.get("/api/v1/projects/", {"department": "bou"}).json()
    assert [p["id"] for p in data["results"]] == [school.pk]
    data = api_client.get("/api/v1/projects/", {"phase": "planned"}).json()
    assert [p["name"] for p in data["results"]] == ["Digital signering"]
    bad = api_client.get("/api/v1/projects/", {"phase": "dreaming"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


@pytest.mark.rule("G01")
def test_g01_create_for_own_department_only(api_client, head_of_vof, bou):
    api_client.force_authenticate(head_of_vof)
    body = {"name": "Nytt", "department": "vof", "origin": "it_unit_proposal", "phase": "planned"}
    created = api_client.post("/api/v1/projects/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["department"] == "vof"
    refused = api_client.post(
        "/api/v1/projects/", {**body, "name": "Annat", "department": "bou"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["rule"] == "G01"
    assert not Project.objects.filter(name="Annat").exists()


def test_bad_dates_give_400_with_field(api_client, head_of_vof, vof):
    api_client.force_authenticate(head_of_vof)
    r = api_client.post(
        "/api/v1/projects/",
        {
            "name": "X",
            "department": "vof",
            "origin": "it_unit_proposal",
            "planned_start": "2026-05-01",
            "planned_end": "2026-01-01",
        },
        format="json",
    )
    assert r.status_code == 400
    assert not Project.objects.exists()


def test_phase_action_and_conflict(api_client, head_of_vof, vof):
    p = project(head_of_vof, vof, phase="ongoing")
    api_client.force_authenticate(head_of_vof)
    r = api_client.post(f"/api/v1/projects/{p.pk}/phase/", {"phase": "finished"}, format="json")
    assert r.status_code == 200 and r.json()["phase"] == "finished"
    r = api_client.post(f"/api/v1/projects/{p.pk}/phase/", {"phase": "ongoing"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "phase_not_allowed"


@pytest.mark.rule("G14")
def test_g14_status_reports_endpoint(
    api_client, head_of_vof, prep_member, strategist, vof, bou, meeting
):
    care = project(head_of_vof, vof)
    url = f"/api/v1/projects/{care.pk}/status-reports/"
    api_client.force_authenticate(prep_member)
    r = api_client.post(
        url, {"meeting": meeting.pk, "light": "red", "progress": "Försenat"}, format="json"
    )
    assert r.status_code == 201, r.json()
    data = api_client.get(url).json()
    assert [(x["light"], x["meeting"]) for x in data["results"]] == [("red", meeting.pk)]
    school = project(strategist, bou)
    r = api_client.post(
        f"/api/v1/projects/{school.pk}/status-reports/",
        {"meeting": meeting.pk, "light": "green", "progress": "Ok"},
        format="json",
    )
    assert r.status_code == 403 and r.json()["rule"] == "G14"
    assert ProjectReport.objects.count() == 1
    data = api_client.get("/api/v1/projects/", {"light": "red"}).json()
    assert [p["id"] for p in data["results"]] == [care.pk]


@pytest.mark.rule("G11")
def test_g11_staffing_and_capacity(api_client, it_head, it_staff, strategist, vof):
    p = project(strategist, vof)
    kalle = it_staff[0]
    api_client.force_authenticate(it_head)
    for percent in (70, 40):
        r = api_client.post(
            "/api/v1/staffing/",
            {
                "project": p.pk,
                "person": kalle.pk,
                "percent": percent,
                "start": TODAY.isoformat(),
                "end": (TODAY + datetime.timedelta(days=20)).isoformat(),
            },
            format="json",
        )
        assert r.status_code == 201, r.json()
    cap = api_client.get("/api/v1/staffing/capacity/", {"weeks": 2}).json()
    assert cap[0]["person"] == kalle.pk and cap[0]["over"] is True
    assert cap[0]["weeks"][0]["percent"] == 110
    api_client.force_authenticate(strategist)
    r = api_client.post(
        "/api/v1/staffing/",
        {
            "project": p.pk,
            "person": kalle.pk,
            "percent": 10,
            "start": "2026-01-01",
            "end": "2026-01-02",
        },
        format="json",
    )
    assert r.status_code == 403 and r.json()["rule"] == "G11"
    assert Staffing.objects.count() == 2


@pytest.mark.rule("G05")
def test_g05_mission_plans(api_client, strategist, head_of_vof):
    Committee.objects.create(code="von", name="Vård- och omsorgsnämnden")
    api_client.force_authenticate(head_of_vof)
    body = {"committee": "von", "year": 2026, "title": "Uppdragsplan"}
    assert api_client.post("/api/v1/mission-plans/", body, format="json").status_code == 403
    assert not MissionPlan.objects.exists()
    api_client.force_authenticate(strategist)
    r = api_client.post("/api/v1/mission-plans/", body, format="json")
    assert r.status_code == 201
    plan_id = r.json()["id"]
    r = api_client.post(
        f"/api/v1/mission-plans/{plan_id}/goals/", {"number": "1", "title": "Mål"}, format="json"
    )
    assert r.status_code == 201 and r.json()["goals"][0]["title"] == "Mål"


def test_patch_changes_only_what_it_names(api_client, head_of_vof, vof, head_of_bou):
    p = project(head_of_vof, vof, budget=100000)
    api_client.force_authenticate(head_of_vof)
    r = api_client.patch(f"/api/v1/projects/{p.pk}/", {"name": "Bytt"}, format="json")
    assert r.status_code == 200 and r.json()["name"] == "Bytt"
    assert r.json()["budget"] == "100000"
    api_client.force_authenticate(head_of_bou)
    r = api_client.patch(f"/api/v1/projects/{p.pk}/", {"name": "Kapat"}, format="json")
    assert r.status_code == 403
    p.refresh_from_db()
    assert p.name == "Bytt"
