"""The authorization table's rows for finance, projects, rental and the service desk's
fulfilment and catalogue import (issue 11 item 10, part B). Read with ``table.py``: the same
``Op`` rows, the same personas, the same default rule (``allowed`` → ok, every other
logged-in persona → ``denied``, ``exceptions`` where the default does not hold).

``add_objects`` puts the demo objects these rows act on onto the fixture's namespace.
``table.py`` imports this module at its end (``ROWS += …``): import the table, not this
module first (that would be a circular import)."""

from __future__ import annotations

import datetime

from .table import Op, _csv, _d, _file, both

# --- finance (G13, G16, G26) ------------------------------------------------------------------
# ``propose_budget`` (the IT strategist — the coordinator — the head of the IT unit and its
# economist) drafts, changes and withdraws a budget proposal; the superuser is no governance
# actor. The group's proposal (G13, the steering group: the IT platform's budget) and decision
# (G16, the financing group) are recorded by ``record_budget_decisions`` (the IT strategist and
# the finance director) who sit in that group.
BUDGET_DRAFTERS = ("it_strategist", "head_of_it_unit", "it_unit_economist")
BUDGET_RECORDERS = ("it_strategist", "finance_director")
# G26: ``manage_allocation`` sets the allocation keys (the finance director, the IT unit's
# economist and the IT strategist)
ALLOCATORS = ("it_strategist", "finance_director", "it_unit_economist")

NEW_BUDGET = {"kind": "pool", "first_year": 2027, "note": "Centrala medel (G27)."}
AMOUNTS = ["500000", "500000", "500000"]


def _budget_form() -> dict:
    return {**NEW_BUDGET, **{f"amount_{i}": a for i, a in enumerate(AMOUNTS)}}


def _plan_edit_form(plan) -> dict:
    frames = list(plan.frames.order_by("year"))
    return {
        **{f"amount_{i}": str(f.amount + 1000) for i, f in enumerate(frames)},
        "note": "Justerat efter dialog.",
    }


def _minutes(prefix: str, group: str) -> dict:
    fields = {"reference": f"{group} 2026-11-23 § 4", "date": _d(-8)}
    return {f"{prefix}-{k}": v for k, v in fields.items()}


def _allocation_form(o) -> dict:
    return {
        "system": str(o.shared_system.pk),
        "basis": "users",
        "valid_from": str(o.year + 1),
        "note": "Efter antal användare.",
        f"w_{o.unit.pk}": "60",
        f"w_{o.other_unit.pk}": "40",
    }


ROWS: list[Op] = [
    *both(
        (
            "api:v1_budgets_create",
            lambda o: "/api/v1/budgets/",
            lambda o: {**NEW_BUDGET, "amounts": AMOUNTS},
        ),
        ("ui:finance:budget_create", lambda o: "/ekonomi/budget/nytt/", lambda o: _budget_form()),
        allowed=BUDGET_DRAFTERS,
        rule="G16",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_budgets_partial_update",
            lambda o: f"/api/v1/budgets/{o.draft_budget.pk}/",
            lambda o: {"note": "Justerat efter dialog."},
        ),
        (
            "ui:finance:budget_edit",
            lambda o: f"/ekonomi/budget/{o.draft_budget.pk}/andra/",
            lambda o: _plan_edit_form(o.draft_budget),
        ),
        allowed=BUDGET_DRAFTERS,
        rule="G16",
        api_method="patch",
    ),
    *both(
        (
            "api:v1_budgets_destroy",
            lambda o: f"/api/v1/budgets/{o.draft_budget.pk}/",
            lambda o: {},
        ),
        (
            "ui:finance:budget_withdraw",
            lambda o: f"/ekonomi/budget/{o.draft_budget.pk}/ta-bort/",
            lambda o: {},
        ),
        allowed=BUDGET_DRAFTERS,
        rule="G16",
        api_ok=204,
        api_method="delete",
    ),
    # G13, G16: a decided budget is never changed (a change is a new proposal): the drafters
    # get the workflow conflict
    *both(
        (
            "api:v1_budgets_partial_update#decided",
            lambda o: f"/api/v1/budgets/{o.decided_budget.pk}/",
            lambda o: {"note": "Justerat efter beslut."},
        ),
        (
            "ui:finance:budget_edit#decided",
            lambda o: f"/ekonomi/budget/{o.decided_budget.pk}/andra/",
            lambda o: _plan_edit_form(o.decided_budget),
        ),
        allowed=(),
        rule="G16",
        api_method="patch",
        exceptions=dict.fromkeys(BUDGET_DRAFTERS, 409),
    ),
    *both(
        (
            "api:v1_budgets_destroy#decided",
            lambda o: f"/api/v1/budgets/{o.decided_budget.pk}/",
            lambda o: {},
        ),
        (
            "ui:finance:budget_withdraw#decided",
            lambda o: f"/ekonomi/budget/{o.decided_budget.pk}/ta-bort/",
            lambda o: {},
        ),
        allowed=(),
        rule="G16",
        api_method="delete",
        exceptions=dict.fromkeys(BUDGET_DRAFTERS, 409),
    ),
    # G13: the IT platform's budget is proposed by the steering group before it is decided
    *both(
        (
            "api:v1_budgets_propose_create",
            lambda o: f"/api/v1/budgets/{o.platform_draft.pk}/propose/",
            lambda o: {"reference": "IT-styrgruppen 2026-11-12 § 4", "date": _d(-8)},
        ),
        (
            "ui:finance:budget_propose",
            lambda o: f"/ekonomi/budget/{o.platform_draft.pk}/foresla/",
            lambda o: _minutes("propose", "IT-styrgruppen"),
        ),
        allowed=BUDGET_RECORDERS,
        rule="G13",
    ),
    # G13: a budget no group proposes first (operating) has no group proposal: the recorders
    # get the workflow conflict, everyone else 403 (who may act is asked before the state)
    *both(
        (
            "api:v1_budgets_propose_create#no_proposer",
            lambda o: f"/api/v1/budgets/{o.draft_budget.pk}/propose/",
            lambda o: {"reference": "IT-styrgruppen 2026-11-12 § 4", "date": _d(-8)},
        ),
        (
            "ui:finance:budget_propose#no_proposer",
            lambda o: f"/ekonomi/budget/{o.draft_budget.pk}/foresla/",
            lambda o: _minutes("propose", "IT-styrgruppen"),
        ),
        allowed=(),
        rule="G13",
        exceptions=dict.fromkeys(BUDGET_RECORDERS, 409),
    ),
    # G16: the financing group decides a budget no group proposes first (operating)
    *both(
        (
            "api:v1_budgets_decide_create",
            lambda o: f"/api/v1/budgets/{o.draft_budget.pk}/decide/",
            lambda o: {"reference": "Finansieringsgruppen 2026-11-23 § 4", "date": _d(-8)},
        ),
        (
            "ui:finance:budget_decide",
            lambda o: f"/ekonomi/budget/{o.draft_budget.pk}/besluta/",
            lambda o: _minutes("decide", "Finansieringsgruppen"),
        ),
        allowed=BUDGET_RECORDERS,
        rule="G16",
    ),
    # G13, G16: the platform's budget not yet proposed: the recorders get the workflow conflict
    *both(
        (
            "api:v1_budgets_decide_create#not_proposed",
            lambda o: f"/api/v1/budgets/{o.platform_draft.pk}/decide/",
            lambda o: {"reference": "Finansieringsgruppen 2026-11-23 § 4", "date": _d(-8)},
        ),
        (
            "ui:finance:budget_decide#not_proposed",
            lambda o: f"/ekonomi/budget/{o.platform_draft.pk}/besluta/",
            lambda o: _minutes("decide", "Finansieringsgruppen"),
        ),
        allowed=(),
        rule="G13",
        exceptions=dict.fromkeys(BUDGET_RECORDERS, 409),
    ),
    *both(
        (
            "api:v1_cost_allocations_create",
            lambda o: "/api/v1/cost-allocations/",
            lambda o: {
                "system": o.shared_system.pk,
                "basis": "users",
                "valid_from": o.year + 1,
                "note": "Efter antal användare.",
                "weights": [
                    {"department": o.unit.code, "weight": "60"},
                    {"department": o.other_unit.code, "weight": "40"},
                ],
            },
        ),
        ("ui:finance:allocation_create", lambda o: "/ekonomi/fordelning/ny/", _allocation_form),
        allowed=ALLOCATORS,
        rule="G26",
        api_ok=201,
    ),
]

# --- projects (G01, G03, G05, G11, G14) -------------------------------------------------------
# ``manage_projects``: the IT strategist for every department, a head of department for her
# own (G01); the project's manager and owner change their own project; a member of the
# preparatory group who represents the department reports its status (G14); ``staff_projects``
# (the head of the IT unit) staffs projects (G11). Mission plans are the municipality's: the
# municipality-wide holder only (G05). The superuser is no governance actor.
PROJECT_MANAGERS = ("it_strategist", "head_of_department")
# the demo's project of vof with the system owner as its manager and the head as its owner
OWN_PROJECT = ("it_strategist", "head_of_department", "system_owner")
STAFFERS = ("head_of_it_unit",)
MISSION = ("it_strategist",)

PROJECT = {
    "name": "Digital signering i hemtjänsten",
    "description": "Signering av insatser i mobilen.",
    "origin": "mission_plan",
    "phase": "idea",
    "funding": "own",
}


def _project_form(project) -> dict:
    return {
        "name": project.name,
        "description": "Beskrivningen uppdaterad.",
        "owner": project.owner.username if project.owner else "",
        "manager": project.manager.username if project.manager else "",
        "planned_start": project.planned_start.isoformat() if project.planned_start else "",
        "planned_end": project.planned_end.isoformat() if project.planned_end else "",
        "budget": str(project.budget.quantize(1)) if project.budget is not None else "",
        "funding": project.funding,
        "actual_start": project.actual_start.isoformat() if project.actual_start else "",
        "actual_end": project.actual_end.isoformat() if project.actual_end else "",
        "systems": [str(s.pk) for s in project.systems.all()],
        "goal": str(project.goal_id or ""),
        "activity": str(project.activity_id or ""),
    }


REPORT = {"light": "green", "progress": "Enligt plan.", "next_steps": "Pilot i januari."}
GOALS_FILE = _csv("Nummer;Mål;Beskrivning", "9.1;Fler e-tjänster;Minst tre nya e-tjänster.")


def _staffing(o) -> dict:
    return {"percent": 20, "start": _d(7), "end": _d(97), "role": "Teknisk rådgivare"}


ROWS += [
    *both(
        (
            "api:v1_projects_create",
            lambda o: "/api/v1/projects/",
            lambda o: {**PROJECT, "department": o.unit.code, "goal": o.goal.pk},
        ),
        (
            "ui:projects:project_create",
            lambda o: "/projekt/nytt/",
            lambda o: {**PROJECT, "department": o.unit.pk, "goal": o.goal.pk},
        ),
        allowed=PROJECT_MANAGERS,
        rule="G01",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_projects_partial_update",
            lambda o: f"/api/v1/projects/{o.own_project.pk}/",
            lambda o: {"description": "Beskrivningen uppdaterad."},
        ),
        (
            "ui:projects:project_edit",
            lambda o: f"/projekt/{o.own_project.pk}/andra/",
            lambda o: _project_form(o.own_project),
        ),
        allowed=OWN_PROJECT,
        rule="G01",
        api_method="patch",
    ),
    *both(
        (
            "api:v1_projects_phase_create",
            lambda o: f"/api/v1/projects/{o.own_project.pk}/phase/",
            lambda o: {"phase": "finished"},
        ),
        (
            "ui:projects:project_phase",
            lambda o: f"/projekt/{o.own_project.pk}/fas/",
            lambda o: {"phase": "finished"},
        ),
        allowed=OWN_PROJECT,
        rule="G01",
    ),
    # a phase the project cannot move to (an ongoing project back to an idea): a conflict
    *both(
        (
            "api:v1_projects_phase_create#not_allowed",
            lambda o: f"/api/v1/projects/{o.own_project.pk}/phase/",
            lambda o: {"phase": "idea"},
        ),
        (
            "ui:projects:project_phase#not_allowed",
            lambda o: f"/projekt/{o.own_project.pk}/fas/",
            lambda o: {"phase": "idea"},
        ),
        allowed=(),
        rule="G01",
        exceptions=dict.fromkeys(OWN_PROJECT, 409),
    ),
    *both(
        (
            "api:v1_projects_status_reports_create",
            lambda o: f"/api/v1/projects/{o.own_project.pk}/status-reports/",
            lambda o: {**REPORT, "meeting": o.planned_meeting.pk},
        ),
        (
            "ui:projects:project_report",
            lambda o: f"/projekt/{o.own_project.pk}/status/",
            lambda o: {**REPORT, "meeting": o.planned_meeting.pk},
        ),
        allowed=OWN_PROJECT,
        rule="G14",
        api_ok=201,
    ),
    # G14: a report is given before the meeting; a held meeting takes none: the reporters get
    # the workflow conflict, everyone else 403
    *both(
        (
            "api:v1_projects_status_reports_create#held_meeting",
            lambda o: f"/api/v1/projects/{o.own_project.pk}/status-reports/",
            lambda o: {**REPORT, "meeting": o.held_meeting.pk},
        ),
        (
            "ui:projects:project_report#held_meeting",
            lambda o: f"/projekt/{o.own_project.pk}/status/",
            lambda o: {**REPORT, "meeting": o.held_meeting.pk},
        ),
        allowed=(),
        rule="G14",
        exceptions=dict.fromkeys(OWN_PROJECT, 409),
    ),
    *both(
        (
            "api:v1_staffing_create",
            lambda o: "/api/v1/staffing/",
            lambda o: {**_staffing(o), "project": o.own_project.pk, "person": o.it_staff.pk},
        ),
        (
            "ui:projects:staffing_add",
            lambda o: f"/projekt/{o.own_project.pk}/bemanning/",
            lambda o: {**_staffing(o), "person": o.it_staff.pk},
        ),
        allowed=STAFFERS,
        rule="G11",
        api_ok=201,
    ),
    # G11: a finished project is not staffed: the head of the IT unit gets the conflict
    *both(
        (
            "api:v1_staffing_create#closed",
            lambda o: "/api/v1/staffing/",
            lambda o: {**_staffing(o), "project": o.closed_project.pk, "person": o.it_staff.pk},
        ),
        (
            "ui:projects:staffing_add#closed",
            lambda o: f"/projekt/{o.closed_project.pk}/bemanning/",
            lambda o: {**_staffing(o), "person": o.it_staff.pk},
        ),
        allowed=(),
        rule="G11",
        exceptions=dict.fromkeys(STAFFERS, 409),
    ),
    *both(
        (
            "api:v1_staffing_destroy",
            lambda o: f"/api/v1/staffing/{o.staffing.pk}/",
            lambda o: {},
        ),
        (
            "ui:projects:staffing_remove",
            lambda o: f"/projekt/{o.staffing.project_id}/bemanning/{o.staffing.pk}/ta-bort/",
            lambda o: {},
        ),
        allowed=STAFFERS,
        rule="G11",
        api_ok=204,
        api_method="delete",
    ),
    *both(
        (
            "api:v1_mission_plans_create",
            lambda o: "/api/v1/mission-plans/",
            lambda o: {
                "committee": o.mission_plan.committee.code,
                "year": o.year + 1,
                "title": "Uppdragsplan",
            },
        ),
        (
            "ui:projects:mission_plan_create",
            lambda o: "/planer/uppdragsplan/ny/",
            lambda o: {
                "committee": o.mission_plan.committee_id,
                "year": o.year + 1,
                "title": "Uppdragsplan",
            },
        ),
        allowed=MISSION,
        rule="G05",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_mission_plans_goals_create",
            lambda o: f"/api/v1/mission-plans/{o.mission_plan.pk}/goals/",
            lambda o: {"number": "9.2", "title": "Digitalt först"},
        ),
        (
            "ui:projects:goal_add",
            lambda o: f"/planer/uppdragsplan/{o.mission_plan.pk}/mal/",
            lambda o: {"number": "9.2", "title": "Digitalt först"},
        ),
        allowed=MISSION,
        rule="G05",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_mission_plans_goals_import_create",
            lambda o: f"/api/v1/mission-plans/{o.mission_plan.pk}/goals/import/",
            lambda o: {"file": _file("mal.csv", GOALS_FILE)},
        ),
        (
            "ui:projects:goal_import",
            lambda o: f"/planer/uppdragsplan/{o.mission_plan.pk}/import/",
            lambda o: {"file": _file("mal.csv", GOALS_FILE)},
        ),
        allowed=MISSION,
        rule="G05",
        multipart=True,
    ),
    *both(
        (
            "api:v1_operational_plans_create",
            lambda o: "/api/v1/operational-plans/",
            lambda o: {"department": o.unit.code, "year": o.year + 1, "title": "Verksamhetsplan"},
        ),
        (
            "ui:projects:operational_plan_create",
            lambda o: "/planer/verksamhetsplan/ny/",
            lambda o: {"department": o.unit.pk, "year": o.year + 1, "title": "Verksamhetsplan"},
        ),
        allowed=PROJECT_MANAGERS,
        rule="G01",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_operational_plans_activities_create",
            lambda o: f"/api/v1/operational-plans/{o.operational_plan.pk}/activities/",
            lambda o: {"goal": o.goal.pk, "title": "Införa digital signering"},
        ),
        (
            "ui:projects:activity_add",
            lambda o: f"/planer/verksamhetsplan/{o.operational_plan.pk}/aktivitet/",
            lambda o: {"goal": o.goal.pk, "title": "Införa digital signering"},
        ),
        allowed=PROJECT_MANAGERS,
        rule="G01",
        api_ok=201,
    ),
]

# --- rental (G08, G16, G24) -------------------------------------------------------------------
# The rented equipment is registered, returned and transferred by the coordinator and the
# policy's rental managers (the IT unit: not governance acts, the superuser may); the rent is
# drafted by the coordinator, ``manage_budget`` and the recorders of the rent decision and
# decided by the financing group (its members among ``rent_decision_roles``): governance acts,
# not the superuser's. The monthly run (the ledger from the decided rent) by the coordinator and
# ``run_rent``, an operation the superuser may run; the investment budget by ``manage_budget``
# (G08), a budget: not the superuser's.
RENTAL_MANAGERS = (
    "it_strategist",
    "head_of_it_unit",
    "it_unit_economist",
    "service_desk",
    "superuser",
)
RENT_DRAFTERS = ("it_strategist", "finance_director", "head_of_it_unit", "it_unit_economist")
RENT_RECORDERS = ("it_strategist", "finance_director")
RENT_RUNNERS = ("it_strategist", "head_of_it_unit", "it_unit_economist", "superuser")
BUDGET_MANAGERS = ("head_of_it_unit", "it_unit_economist")
# who sees a vof asset (G24): every department's (403 unless a manager) or vof's (403); the
# rest do not see it (404)
ASSET_READERS = {
    "finance_director": 403,
    "head_of_department": 403,
    "department_economist": 403,
}


def _month(o) -> str:
    return f"{datetime.date(o.year, 1, 1):%Y-%m}"


RENT_DECISION = {"reference": "Finansieringsgruppen 2026-11-23 § 4"}

ROWS += [
    # G08, G24: rented equipment registered, returned and transferred (page and API)
    *both(
        (
            "api:v1_assets_create",
            lambda o: "/api/v1/assets/",
            lambda o: {
                "asset_type": o.asset_type.code,
                "tag": "EK-99001",
                "serial_number": "SN-99001",
                "model": "Latitude 5550",
                "department": o.unit.code,
                "start_date": _d(),
            },
        ),
        (
            "ui:rental:asset_create",
            lambda o: "/hyra/utrustning/ny/",
            lambda o: {
                "asset_type": o.asset_type.pk,
                "tag": "EK-99001",
                "serial_number": "SN-99001",
                "model": "Latitude 5550",
                "department": o.unit.pk,
                "start_date": _d(),
            },
        ),
        allowed=RENTAL_MANAGERS,
        api_ok=201,
        rule="G08",
    ),
    *both(
        (
            "api:v1_assets_return_create",
            lambda o: f"/api/v1/assets/{o.asset.pk}/return/",
            lambda o: {"end_date": _d()},
        ),
        (
            "ui:rental:asset_detail",
            lambda o: f"/hyra/utrustning/{o.asset.pk}/",
            lambda o: {"end_date": _d()},
        ),
        allowed=RENTAL_MANAGERS,
        rule="G24",
        denied=404,
        exceptions=ASSET_READERS,
    ),
    *both(
        (
            "api:v1_assets_transfer_create",
            lambda o: f"/api/v1/assets/{o.asset.pk}/transfer/",
            lambda o: {"to_department": o.other_unit.code, "date": _d()},
        ),
        (
            "ui:rental:asset_detail#transfer",
            lambda o: f"/hyra/utrustning/{o.asset.pk}/",
            lambda o: {"action": "transfer", "to_department": o.other_unit.pk, "date": _d()},
        ),
        allowed=RENTAL_MANAGERS,
        api_ok=201,
        rule="G24",
        denied=404,
        exceptions=ASSET_READERS,
    ),
    *both(
        (
            "api:v1_rent_levels_create",
            lambda o: "/api/v1/rent-levels/",
            lambda o: {
                "asset_type": o.asset_type.code,
                "year": o.year + 1,
                "monthly_amount": "260.00",
            },
        ),
        (
            "ui:rental:rent_levels",
            lambda o: "/hyra/hyresnivaer/",
            lambda o: {
                "asset_type": o.asset_type.pk,
                "year": o.year + 1,
                "monthly_amount": "260.00",
            },
        ),
        allowed=RENT_DRAFTERS,
        rule="G16",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_rent_levels_decide_create",
            lambda o: "/api/v1/rent-levels/decide/",
            lambda o: {**RENT_DECISION, "year": o.year + 1, "decided_on": _d(-8)},
        ),
        (
            "ui:rental:rent_levels#decide",
            lambda o: "/hyra/hyresnivaer/",
            lambda o: {
                **RENT_DECISION,
                "action": "decide",
                "year": o.year + 1,
                "decided_on": _d(-8),
            },
        ),
        allowed=RENT_RECORDERS,
        rule="G16",
        api_ok=201,
    ),
    # G16: a year the financing group has decided is closed: the recorders get the conflict
    *both(
        (
            "api:v1_rent_levels_decide_create#decided",
            lambda o: "/api/v1/rent-levels/decide/",
            lambda o: {**RENT_DECISION, "year": o.year, "decided_on": _d(-8)},
        ),
        (
            "ui:rental:rent_levels#decided",
            lambda o: "/hyra/hyresnivaer/",
            lambda o: {**RENT_DECISION, "action": "decide", "year": o.year, "decided_on": _d(-8)},
        ),
        allowed=(),
        rule="G16",
        exceptions=dict.fromkeys(RENT_RECORDERS, 409),
    ),
    *both(
        ("api:v1_rent_runs_create", lambda o: "/api/v1/rent-runs/", lambda o: {"month": _month(o)}),
        ("ui:rental:rent_run", lambda o: "/hyra/korning/", lambda o: {"month": _month(o)}),
        allowed=RENT_RUNNERS,
        rule="G08",
        api_ok=201,
    ),
    # G08: the rent is not run for a month to come: the runners get the conflict
    *both(
        (
            "api:v1_rent_runs_create#future",
            lambda o: "/api/v1/rent-runs/",
            lambda o: {"month": f"{o.year + 1}-01"},
        ),
        (
            "ui:rental:rent_run#future",
            lambda o: "/hyra/korning/",
            lambda o: {"month": f"{o.year + 1}-01"},
        ),
        allowed=(),
        rule="G08",
        exceptions=dict.fromkeys(RENT_RUNNERS, 409),
    ),
    # G08: the investment budget of a year the financing group has not decided
    *both(
        (
            "api:v1_investment_budgets_create",
            lambda o: "/api/v1/investment-budgets/",
            lambda o: {"year": o.year + 4, "amount": "2300000.00"},
        ),
        (
            "ui:rental:budget",
            lambda o: "/hyra/investeringsbudget/",
            lambda o: {"year": o.year + 4, "amount": "2300000"},
        ),
        allowed=BUDGET_MANAGERS,
        api_ok=201,
        rule="G08",
    ),
]

# --- the service desk (G07): fulfilment and the catalogue's import ----------------------------
# the approved order of vof: the IT unit delivers (``fulfilled_by``; the superuser may, no
# governance act); who sees the order without delivering gets 403, everyone else 404
FULFILLERS = ("service_desk", "head_of_it_unit", "superuser")
CATALOGUE = ("it_strategist", "head_of_it_unit", "service_desk", "superuser")
CATALOGUE_FILE = _csv(
    "namn;slag;beskrivning;hyrs;utrustningstyp;system;pris;aktiv",
    "Headset H2;Övrigt;Trådlöst headset.;nej;;;450;ja",
)


def _assets(o) -> list[dict]:
    return [
        {"tag": f"EK-9810{i}", "serial_number": f"SN-9810{i}"}
        for i in range(1, o.approved_order.quantity + 1)
    ]


def _fulfil_form(o) -> dict:
    form = {"delivery_date": _d()}
    for i, asset in enumerate(_assets(o), start=1):
        form[f"tag_{i}"], form[f"serial_{i}"] = asset["tag"], asset["serial_number"]
    return form


ROWS += [
    *both(
        (
            "api:v1_orders_fulfil_create",
            lambda o: f"/api/v1/orders/{o.approved_order.pk}/fulfil/",
            lambda o: {"delivery_date": _d(), "assets": _assets(o)},
        ),
        (
            "ui:servicedesk:order_action#fulfil",
            lambda o: f"/kundservice/bestallningar/{o.approved_order.pk}/leverera/",
            _fulfil_form,
        ),
        allowed=FULFILLERS,
        rule="G07",
        denied=404,
        exceptions={
            "it_strategist": 403,
            "head_of_department": 403,
            "department_economist": 403,
            "system_owner": 403,
        },
    ),
    # an order not yet approved is not delivered: the IT unit gets the workflow conflict
    *both(
        (
            "api:v1_orders_fulfil_create#not_approved",
            lambda o: f"/api/v1/orders/{o.pending_order.pk}/fulfil/",
            lambda o: {"delivery_date": _d(), "assets": [{"tag": "EK-98201"}]},
        ),
        (
            "ui:servicedesk:order_action#fulfil_not_approved",
            lambda o: f"/kundservice/bestallningar/{o.pending_order.pk}/leverera/",
            lambda o: {"delivery_date": _d(), "tag_1": "EK-98201"},
        ),
        allowed=(),
        rule="G07",
        denied=404,
        exceptions={
            **dict.fromkeys(FULFILLERS, 409),
            "it_strategist": 403,
            "head_of_department": 403,
            "department_economist": 403,
            "system_owner": 403,
        },
    ),
    *both(
        (
            "api:v1_catalogue_import_create",
            lambda o: "/api/v1/catalogue/import/",
            lambda o: {"file": _file("katalog.csv", CATALOGUE_FILE)},
        ),
        (
            "ui:servicedesk:catalogue_import",
            lambda o: "/kundservice/importera/",
            lambda o: {"file": _file("katalog.csv", CATALOGUE_FILE)},
        ),
        allowed=CATALOGUE,
        rule="G07",
        ui_ok=200,
        multipart=True,
    ),
]


def add_objects(objs, ctx, people) -> None:
    """The demo objects the rows above act on (the demo of ``styrsam/demo``)."""
    from styrsam.finance.models import BudgetPlan
    from styrsam.meetings.models import Meeting
    from styrsam.organisation.models import OrgUnit
    from styrsam.projects.models import Goal, MissionPlan, OperationalPlan, Project, Staffing
    from styrsam.rental.models import RentedAsset
    from styrsam.servicedesk.models import Order
    from styrsam.systems.models import System

    draft = BudgetPlan.objects.filter(status=BudgetPlan.Status.DRAFT)
    objs.draft_budget = draft.filter(kind="operating").order_by("pk").first()
    objs.decided_budget = (
        BudgetPlan.objects.filter(status=BudgetPlan.Status.DECIDED, kind="operating")
        .order_by("-first_year")
        .first()
    )
    objs.platform_draft = draft.filter(kind="platform").order_by("pk").first()
    objs.shared_system = (
        System.objects.filter(category="common", financing_principle="allocated")
        .order_by("pk")
        .first()
    )
    objs.other_unit = OrgUnit.objects.get(code="bou")
    objs.own_project = (
        Project.objects.filter(department=objs.unit, manager=people["eva"], phase="ongoing")
        .order_by("pk")
        .first()
    )
    objs.held_meeting = (
        Meeting.objects.filter(group=objs.planned_meeting.group, status=Meeting.Status.HELD)
        .order_by("-date")
        .first()
    )
    objs.closed_project = Project.objects.filter(phase="finished").order_by("pk").first()
    objs.it_staff = people["rasmus"]
    objs.staffing = Staffing.objects.order_by("pk").first()
    objs.mission_plan = MissionPlan.objects.order_by("pk").first()
    objs.goal = Goal.objects.order_by("pk").first()
    objs.operational_plan = OperationalPlan.objects.filter(department=objs.unit).first()
    objs.asset = (
        RentedAsset.objects.filter(department=objs.unit, end_date__isnull=True)
        .exclude(user__username__in=["eva", "ingrid", "tomas", "anstalld"])
        .order_by("pk")
        .first()
    )
    objs.approved_order = Order.objects.filter(status="approved", department=objs.unit).first()
