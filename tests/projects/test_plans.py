"""Plans (G01): mission plans with goals (kept by the IT strategist, G05), operational plans
with activities tied to those goals, import of goals from Excel."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.organisation.models import Committee
from styrsam.projects import services
from styrsam.projects.models import Goal, MissionPlan, OperationalPlan

from .conftest import TODAY, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(policy):
    return Committee.objects.create(code="von", name="Vård- och omsorgsnämnden")


@pytest.fixture
def plan(strategist, committee):
    return services.mission_plan_create(
        actor=strategist, committee=committee, year=TODAY.year, title="Uppdragsplan"
    )


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.rule("G01")
def test_g01_goal_to_activity_to_project(strategist, head_of_vof, vof, plan):
    goal = services.goal_add(actor=strategist, plan=plan, number="1", title="Digitalt först")
    op = services.operational_plan_create(
        actor=head_of_vof, department=vof, year=TODAY.year, title="Verksamhetsplan"
    )
    activity = services.activity_add(actor=head_of_vof, plan=op, goal=goal, title="E-tjänster")
    p = project(head_of_vof, vof, activity=activity)
    assert p.goal == goal  # the goal follows the activity


@pytest.mark.rule("G01")
def test_g01_department_keeps_only_its_own_operational_plan(head_of_vof, bou):
    with pytest.raises(NotAllowed):
        services.operational_plan_create(actor=head_of_vof, department=bou, year=2026, title="X")
    assert not OperationalPlan.objects.exists()


@pytest.mark.rule("G05")
def test_g05_only_the_strategist_keeps_mission_plans(head_of_vof, committee):
    with pytest.raises(NotAllowed) as exc:
        services.mission_plan_create(actor=head_of_vof, committee=committee, year=2026, title="X")
    assert exc.value.rule == "G05"
    assert not MissionPlan.objects.exists()


@pytest.mark.rule("G01")
def test_g01_goals_import_from_excel(strategist, plan):
    data = xlsx(
        [["Nummer", "Mål", "Beskrivning"], [1, "Digitalt först", ""], ["2", "Öppna data", "x"]]
    )
    result = services.goals_import(actor=strategist, plan=plan, filename="mal.xlsx", data=data)
    assert result == {"created": 2, "updated": 0, "unchanged": 0}
    assert list(plan.goals.values_list("number", flat=True)) == ["1", "2"]
    again = services.goals_import(actor=strategist, plan=plan, filename="mal.xlsx", data=data)
    assert again == {"created": 0, "updated": 0, "unchanged": 2}


@pytest.mark.rule("G01")
def test_g01_goals_import_all_or_nothing(strategist, plan):
    data = xlsx([["Nummer", "Mål"], ["1", "Ett mål"], ["2", ""]])
    with pytest.raises(ValidationFailed) as exc:
        services.goals_import(actor=strategist, plan=plan, filename="mal.xlsx", data=data)
    assert "Rad 3" in exc.value.detail
    assert not Goal.objects.exists()
    with pytest.raises(ValidationFailed):
        services.goals_import(actor=strategist, plan=plan, filename="mal.xlsx", data=b"not a zip")
    assert not Goal.objects.exists()
