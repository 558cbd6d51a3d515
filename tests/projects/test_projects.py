"""Projects (G01, G03, G05): who registers them, the phases, and the project a forwarded
notification becomes, linked both ways."""

from __future__ import annotations

import datetime

import pytest

from styrsam.cases import services as case_services
from styrsam.cases.models import Case
from styrsam.core.audit import history_for
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.organisation.models import Committee
from styrsam.projects import services
from styrsam.projects.models import Project
from tests.vocab import c

from .conftest import TODAY, project

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G01")
def test_g01_department_registers_its_own_projects_only(head_of_vof, vof, bou):
    mine = project(head_of_vof, vof)
    assert mine.department == vof
    assert history_for(mine).filter(action="project.create").exists()
    with pytest.raises(NotAllowed) as exc:
        project(head_of_vof, bou, name="Annan förvaltnings projekt")
    assert exc.value.rule == "G01"
    assert not Project.objects.filter(name="Annan förvaltnings projekt").exists()


@pytest.mark.rule("G01")
def test_g01_a_project_needs_its_paying_department(strategist):
    with pytest.raises(ValidationFailed) as exc:
        services.project_create(
            actor=strategist, name="Utan förvaltning", department=None, origin="it_unit_proposal"
        )
    assert exc.value.field == "department"
    assert not Project.objects.exists()


@pytest.mark.rule("G01")
def test_g01_employee_may_not_register(employee, vof):
    with pytest.raises(NotAllowed):
        project(employee, vof)
    assert not Project.objects.exists()


@pytest.mark.rule("G05")
def test_g05_strategist_initiative_names_its_goal(strategist, vof):
    with pytest.raises(ValidationFailed) as exc:
        project(strategist, vof, origin=Project.Origin.MISSION_PLAN)
    assert exc.value.rule == "G05"
    assert not Project.objects.exists()
    committee = Committee.objects.create(code="von", name="Vård- och omsorgsnämnden")
    plan = services.mission_plan_create(
        actor=strategist, committee=committee, year=TODAY.year, title="Uppdragsplan"
    )
    goal = services.goal_add(actor=strategist, plan=plan, number="1", title="Digitalt först")
    created = project(strategist, vof, origin=Project.Origin.MISSION_PLAN, goal=goal)
    assert created.goal == goal


@pytest.mark.rule("G03")
def test_g03_notification_origin_only_through_forwarding(strategist, vof):
    with pytest.raises(ValidationFailed) as exc:
        project(strategist, vof, origin=Project.Origin.NOTIFICATION)
    assert exc.value.rule == "G03"
    assert not Project.objects.exists()


@pytest.mark.rule("G03")
def test_g03_forwarded_notification_becomes_a_project(strategist, head_of_vof, vof, groups):
    case = case_services.case_report(
        actor=head_of_vof,
        case_type=c("project_notification"),
        title="Digital signering i hemtjänsten",
        description="Signering med BankID.",
    )
    assert not Project.objects.exists()  # reported, not yet forwarded
    case_services.case_forward(actor=strategist, case=case, groups=[groups[c("preparatory")]])
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    created = Project.objects.get()
    assert created.case == case and case.project == created  # both ways
    assert created.department == vof
    assert created.phase == Project.Phase.PLANNED
    assert created.origin == Project.Origin.NOTIFICATION
    assert created.owner == head_of_vof
    entry = history_for(created).get(action="project.create")
    assert entry.rule == "G03"


@pytest.mark.rule("G03")
def test_g03_refused_forwarding_creates_no_project(strategist, head_of_vof, groups):
    case = case_services.case_report(
        actor=head_of_vof, case_type=c("project_notification"), title="Projekt"
    )
    with pytest.raises(NotAllowed):
        case_services.case_forward(actor=head_of_vof, case=case, groups=[groups[c("steering")]])
    with pytest.raises(ValidationFailed):
        case_services.case_forward(actor=strategist, case=case, groups=[])
    assert not Project.objects.exists()


def test_phases_move_forward_and_set_actual_dates(head_of_vof, vof):
    p = project(head_of_vof, vof, phase=Project.Phase.PLANNED)
    p = services.project_set_phase(actor=head_of_vof, project=p, phase="ongoing")
    assert p.actual_start == TODAY
    p = services.project_set_phase(actor=head_of_vof, project=p, phase="finished")
    assert p.actual_end == TODAY and p.phase == "finished"
    with pytest.raises(Conflict) as exc:
        services.project_set_phase(actor=head_of_vof, project=p, phase="ongoing")
    assert exc.value.code == "phase_not_allowed"
    p.refresh_from_db()
    assert p.phase == "finished"


def test_project_manager_changes_own_project(head_of_vof, vof, employee, head_of_bou):
    p = project(head_of_vof, vof, manager=employee)
    services.project_update(actor=employee, project=p, name="Nytt namn")
    p.refresh_from_db()
    assert p.name == "Nytt namn"
    with pytest.raises(NotAllowed):
        services.project_update(actor=head_of_bou, project=p, name="Kapat")
    p.refresh_from_db()
    assert p.name == "Nytt namn"


def test_dates_in_wrong_order_refused(head_of_vof, vof):
    with pytest.raises(ValidationFailed) as exc:
        project(
            head_of_vof,
            vof,
            planned_start=TODAY,
            planned_end=TODAY - datetime.timedelta(days=1),
        )
    assert exc.value.field == "planned_end"
    assert not Project.objects.exists()
