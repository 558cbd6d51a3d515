"""What the authorization table's rows for finance, projects and rental revealed (issue 11
item 10), fixed in the rules, services and views:

- the superuser is no governance actor, yet drafted, changed and withdrew budget proposals
  (``finance.change_budget`` asked ``coordinator``, which lets the superuser in), set
  allocation keys (G26), drafted the rent and set the investment budget (G08, G16), and
  registered projects and plans, changed them, reported their status and staffed them (G01,
  G05, G11, G14): these are governance permissions now (``core.access.may``);
- a budget no group proposes answered anyone who reads the budgets with 409 before asking
  whether they record decisions (G13: who may act is asked before the state): now 403;
- the project page offered only planned meetings for a status report, so a held one was bad
  input (400) where the API answered 409 to the reporter and 403 to anyone else (G14);
- the project and operational plan pages answered a department one may not register for with
  400 (an unknown choice of the form) where the API said 403 (G01): now both 403.

Every refused write leaves nothing behind (no row, no audit entry)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.core.access import GOVERNANCE_PERMISSIONS, may
from styrsam.core.models import AuditEntry
from tests.factories import (
    AssetTypeFactory,
    CommitteeFactory,
    OrgUnitFactory,
    SystemFactory,
    UserFactory,
    person_with_role,
)
from tests.vocab import c

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.mark.rule("G01")
@pytest.mark.rule("G08")
@pytest.mark.rule("G11")
@pytest.mark.rule("G16")
@pytest.mark.rule("G26")
@pytest.mark.parametrize(
    "perm",
    [
        "finance.change_budget",
        "finance.manage_allocation",
        "rental.draft_rent_levels",
        "rental.decide_rent",
        "rental.manage_budget",
        "projects.add_project",
        "projects.manage_mission_plans",
        "projects.manage_operational_plans",
        "projects.staff_projects",
    ],
)
def test_superuser_holds_no_governance_permission_of_finance_projects_rental(superuser, perm):
    assert perm in GOVERNANCE_PERMISSIONS
    assert may(superuser, perm) is False


@pytest.mark.rule("G01")
def test_g01_superuser_changes_no_project(superuser, policy):
    from styrsam.projects import services
    from styrsam.projects.models import Project

    unit = OrgUnitFactory(code="vof")
    head = person_with_role(c("head_of_department"), unit=unit, username="ingrid")
    project = services.project_create(
        actor=head, name="E-tjänst", department=unit, origin=Project.Origin.IT_UNIT
    )
    assert may(head, "projects.change_project", project) is True
    assert may(superuser, "projects.change_project", project) is False


def _nothing_written(prefix: str, before: int) -> bool:
    return (
        AuditEntry.objects.count() == before
        and not AuditEntry.objects.filter(action__startswith=prefix).exists()
    )


@pytest.mark.rule("G16")
def test_g16_superuser_drafts_no_budget(superuser, api_client):
    from styrsam.finance.models import BudgetPlan

    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/budgets/",
        {"kind": "pool", "first_year": YEAR + 1, "amounts": ["1000", "1000", "1000"]},
        format="json",
    )
    assert response.status_code == 403
    assert not BudgetPlan.objects.exists()
    assert _nothing_written("budget_plan", before)


@pytest.mark.rule("G26")
def test_g26_superuser_sets_no_allocation_key(superuser, api_client):
    from styrsam.finance.models import AllocationKey

    unit = OrgUnitFactory(code="vof")
    system = SystemFactory(category="common", financing_principle="allocated")
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/cost-allocations/",
        {
            "system": system.pk,
            "basis": "users",
            "valid_from": YEAR,
            "weights": [{"department": unit.code, "weight": "1"}],
        },
        format="json",
    )
    assert response.status_code == 403
    assert not AllocationKey.objects.exists()
    assert _nothing_written("allocation", before)


@pytest.mark.rule("G16")
def test_g16_superuser_drafts_no_rent(superuser, api_client):
    from styrsam.rental.models import RentLevel

    asset_type = AssetTypeFactory()
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/rent-levels/",
        {"asset_type": asset_type.code, "year": YEAR + 1, "monthly_amount": "250.00"},
        format="json",
    )
    assert response.status_code == 403
    assert not RentLevel.objects.exists()
    assert _nothing_written("rent_level", before)


@pytest.mark.rule("G08")
def test_g08_superuser_sets_no_investment_budget(superuser, client):
    from styrsam.rental.models import InvestmentBudget

    before = AuditEntry.objects.count()
    client.force_login(superuser)
    page = client.get("/hyra/investeringsbudget/")
    assert page.status_code == 200  # reads keep the superuser
    assert 'name="amount"' not in page.content.decode()  # no form offered
    response = client.post("/hyra/investeringsbudget/", {"year": YEAR + 4, "amount": "1000"})
    assert response.status_code == 403
    assert not InvestmentBudget.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G01")
def test_g01_superuser_registers_no_project(superuser, api_client):
    from styrsam.projects.models import Project

    unit = OrgUnitFactory(code="vof")
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/projects/",
        {"name": "Nytt projekt", "department": unit.code, "origin": "it_unit_proposal"},
        format="json",
    )
    assert response.status_code == 403
    assert not Project.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G05")
def test_g05_superuser_registers_no_mission_plan(superuser, client):
    from styrsam.projects.models import MissionPlan

    committee = CommitteeFactory()
    before = AuditEntry.objects.count()
    client.force_login(superuser)
    response = client.post(
        "/planer/uppdragsplan/ny/", {"committee": committee.pk, "year": YEAR, "title": "Plan"}
    )
    assert response.status_code == 403
    assert not MissionPlan.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G11")
def test_g11_superuser_staffs_no_project(superuser, api_client, policy):
    from styrsam.projects import services
    from styrsam.projects.models import Project, Staffing

    unit = OrgUnitFactory(code="vof")
    head = person_with_role(c("head_of_department"), unit=unit, username="ingrid")
    project = services.project_create(
        actor=head, name="E-tjänst", department=unit, origin=Project.Origin.IT_UNIT
    )
    staff = UserFactory(username="kalle")
    before = AuditEntry.objects.count()
    api_client.force_authenticate(superuser)
    response = api_client.post(
        "/api/v1/staffing/",
        {
            "project": project.pk,
            "person": staff.pk,
            "percent": 20,
            "start": TODAY.isoformat(),
            "end": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Staffing.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G01")
@pytest.mark.parametrize(
    ("page", "api", "body"),
    [
        (
            "/projekt/nytt/",
            "/api/v1/projects/",
            {"name": "Fel förvaltning", "origin": "it_unit_proposal", "phase": "idea"},
        ),
        (
            "/planer/verksamhetsplan/ny/",
            "/api/v1/operational-plans/",
            {"year": YEAR + 1, "title": "Verksamhetsplan"},
        ),
    ],
)
def test_g01_project_pages_refuse_another_department_as_the_api_does(
    client, api_client, policy, page, api, body
):
    """A head of department registers projects and operational plans for her own department
    (G01): another department was an unknown choice of the page's form (400) while the API
    refused it (403); now both 403, and nothing is registered."""
    from styrsam.projects.models import OperationalPlan, Project

    own, other = OrgUnitFactory(code="vof"), OrgUnitFactory(code="bou")
    head = person_with_role(c("head_of_department"), unit=own, username="ingrid")
    before = AuditEntry.objects.count()
    client.force_login(head)
    on_page = client.post(page, {**body, "department": other.pk, "funding": "own"})
    api_client.force_authenticate(head)
    on_api = api_client.post(api, {**body, "department": other.code}, format="json")
    assert (on_page.status_code, on_api.status_code) == (403, 403)
    assert not Project.objects.exists()
    assert not OperationalPlan.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G13")
def test_g13_who_may_record_is_asked_before_the_plan_has_no_proposing_group(api_client, policy):
    """An operating budget is proposed by no group (the policy names the steering group for
    the IT platform's only). A head of department, who reads the budgets but records no
    decision, learnt that state (409 ``no_proposing_group``) before being refused: now 403,
    and the recorder of the budget decisions still gets the conflict."""
    from styrsam.finance import services
    from styrsam.finance.models import BudgetPlan
    from styrsam.organisation.models import GovernanceGroup
    from tests.factories import MembershipFactory

    unit = OrgUnitFactory(code="vof")
    head = person_with_role(c("head_of_department"), unit=unit, username="ingrid")
    recorder = person_with_role(c("finance_director"), username="karin")
    MembershipFactory(group=GovernanceGroup.objects.get(code=c("financing")), person=recorder)
    drafter = person_with_role(c("head_of_it_unit"), username="mats")
    plan = services.budget_plan_create(
        actor=drafter, kind="operating", first_year=YEAR + 1, amounts=[1000, 1000, 1000]
    )
    body = {"reference": "IT-styrgruppen 2026-11-12 § 4"}
    before = AuditEntry.objects.count()
    api_client.force_authenticate(head)
    refused = api_client.post(f"/api/v1/budgets/{plan.pk}/propose/", body, format="json")
    api_client.force_authenticate(recorder)
    conflict = api_client.post(f"/api/v1/budgets/{plan.pk}/propose/", body, format="json")
    assert (refused.status_code, conflict.status_code) == (403, 409)
    assert conflict.json()["code"] == "no_proposing_group"
    plan.refresh_from_db()
    assert plan.status == BudgetPlan.Status.DRAFT
    assert AuditEntry.objects.count() == before


@pytest.mark.rule("G14")
def test_g14_project_page_answers_a_held_meeting_as_the_api_does(client, api_client, policy):
    """A status report is given before the meeting (G14). The page offered only planned
    meetings as choices, so a held one was bad input (400) for everyone, where the API
    answered the project's reporter 409 (``not_planned``) and anyone else 403: now the page
    answers alike, and nothing is reported."""
    from styrsam.meetings import services as meeting_services
    from styrsam.meetings.models import Meeting
    from styrsam.organisation.models import GovernanceGroup
    from styrsam.projects import services
    from styrsam.projects.models import Project, ProjectReport

    unit = OrgUnitFactory(code="vof")
    head = person_with_role(c("head_of_department"), unit=unit, username="ingrid")
    outsider = UserFactory(username="anstalld")
    project = services.project_create(
        actor=head,
        name="E-tjänst",
        department=unit,
        origin=Project.Origin.IT_UNIT,
        phase=Project.Phase.ONGOING,
    )
    held = meeting_services.meeting_plan(
        actor=None,
        group=GovernanceGroup.objects.get(code=c("preparatory")),
        date=TODAY - datetime.timedelta(days=7),
        start_time=datetime.time(9, 0),
        place="Stadshuset",
    )
    Meeting.objects.filter(pk=held.pk).update(status=Meeting.Status.HELD)
    body = {"meeting": held.pk, "light": "green", "progress": "Enligt plan."}
    before = AuditEntry.objects.count()
    answers = []
    for user in (head, outsider):
        client.force_login(user)
        api_client.force_authenticate(user)
        page = client.post(f"/projekt/{project.pk}/status/", body)
        api = api_client.post(f"/api/v1/projects/{project.pk}/status-reports/", body, format="json")
        answers.append((page.status_code, api.status_code))
    assert answers == [(409, 409), (403, 403)]
    assert not ProjectReport.objects.exists()
    assert AuditEntry.objects.count() == before
