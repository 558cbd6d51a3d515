"""Projects (G01, G03, G05, G09): register, change, move between phases; and the project a
forwarded notification becomes (G03)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audited_create, audited_update
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit

from .. import access
from ..models import Activity, Goal, Project

Phase = Project.Phase
# The moves a project may make; a finished or stopped project is closed.
PHASE_MOVES = {
    Phase.IDEA: {Phase.PLANNED, Phase.STOPPED},
    Phase.PLANNED: {Phase.ONGOING, Phase.STOPPED, Phase.IDEA},
    Phase.ONGOING: {Phase.FINISHED, Phase.STOPPED},
    Phase.FINISHED: set(),
    Phase.STOPPED: set(),
}
ORIGIN_RULES = {
    Project.Origin.NOTIFICATION: "G03",
    Project.Origin.MISSION_PLAN: "G05",
    Project.Origin.IT_UNIT: "G09",
}


def _require_department(actor, department: OrgUnit | None) -> None:
    if department is None:
        raise ValidationFailed(
            _("Ange förvaltningen som driver och betalar projektet (G01)."),
            field="department",
            rule="G01",
        )
    if actor is not None and not access.manages_department(actor, department.pk):
        raise NotAllowed(
            _("Du registrerar bara projekt för din egen förvaltning (G01)."),
            code="not_own_department",
            rule="G01",
        )


def _check_dates(start, end, field: str) -> None:
    if start and end and end < start:
        raise ValidationFailed(_("Slutet kan inte ligga före starten."), field=field)


def _check(data: dict) -> dict:
    """The cross-field checks of a project's values; the goal follows the activity."""
    _check_dates(data.get("planned_start"), data.get("planned_end"), "planned_end")
    _check_dates(data.get("actual_start"), data.get("actual_end"), "actual_end")
    budget = data.get("budget")
    if budget is not None and Decimal(budget) < 0:
        raise ValidationFailed(_("Budgeten kan inte vara negativ."), field="budget")
    activity: Activity | None = data.get("activity")
    goal: Goal | None = data.get("goal")
    if activity is not None:
        if goal is not None and goal.pk != activity.goal_id:
            raise ValidationFailed(
                _("Aktiviteten hör till ett annat mål än det angivna (G01)."),
                field="goal",
                rule="G01",
            )
        data["goal"] = activity.goal
    origin = data.get("origin")
    if origin == Project.Origin.MISSION_PLAN and data.get("goal") is None:
        raise ValidationFailed(
            _("Ett projekt som %(role)s initierar enligt uppdragsplanen anger sitt mål (G05).")
            % {"role": get_policy().coordinator_name()},
            field="goal",
            rule="G05",
        )
    return data


@transaction.atomic
def project_create(
    *,
    actor,
    name: str,
    department: OrgUnit | None,
    origin: str,
    description: str = "",
    owner=None,
    manager=None,
    phase: str = Phase.IDEA,
    goal: Goal | None = None,
    activity: Activity | None = None,
    case=None,
    systems=(),
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    actual_start: datetime.date | None = None,
    actual_end: datetime.date | None = None,
    budget: Decimal | None = None,
    funding: str = Project.Funding.OWN,
) -> Project:
    _require_department(actor, department)
    if not (name or "").strip():
        raise ValidationFailed(_("Ange projektets namn."), field="name")
    if origin not in Project.Origin.values:
        raise ValidationFailed(_("Ange projektets ursprung."), field="origin")
    if origin == Project.Origin.NOTIFICATION and case is None:
        raise ValidationFailed(
            _("Ett projekt från en anmälan skapas när %(role)s vidarebefordrar den (G03).")
            % {"role": get_policy().coordinator_name()},
            field="origin",
            rule="G03",
        )
    if phase in (Phase.FINISHED, Phase.STOPPED):
        raise ValidationFailed(
            _("Ett nytt projekt är en idé, planerat eller pågående."), field="phase"
        )
    data = _check(
        {
            "planned_start": planned_start,
            "planned_end": planned_end,
            "actual_start": actual_start,
            "actual_end": actual_end,
            "budget": budget,
            "activity": activity,
            "goal": goal,
            "origin": origin,
        }
    )
    project = Project.objects.create(
        name=name.strip(),
        description=description,
        department=department,
        owner=owner,
        manager=manager,
        phase=phase,
        origin=origin,
        goal=data["goal"],
        activity=activity,
        case=case,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        budget=budget,
        funding=funding,
    )
    if systems:
        project.systems.set(list(systems))
    audited_create(actor=actor, action="project.create", obj=project, rule=ORIGIN_RULES[origin])
    return project


EDITABLE = (
    "name",
    "description",
    "owner",
    "manager",
    "goal",
    "activity",
    "systems",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "funding",
)


def _require_changer(actor, project: Project) -> None:
    if actor is not None and not access.changes_project(actor, project):
        raise NotAllowed(
            _("Bara förvaltningen, projektledaren eller %(role)s ändrar projektet (G01).")
            % {"role": get_policy().capability_name("manage_projects", unit_scoped=False)},
            code="not_project_changer",
            rule="G01",
        )


@transaction.atomic
def project_update(*, actor, project: Project, **changes) -> Project:
    """Change the project's values (not its department, origin or phase)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_changer(actor, project)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("Fältet kan inte ändras här: %(f)s.") % {"f": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    if "name" in changes and not (changes["name"] or "").strip():
        raise ValidationFailed(_("Ange projektets namn."), field="name")
    merged = {
        f: changes.get(f, getattr(project, f))
        for f in ("planned_start", "planned_end", "actual_start", "actual_end", "budget")
    }
    merged["activity"] = changes.get("activity", project.activity)
    merged["goal"] = changes.get("goal", project.goal)
    merged["origin"] = project.origin
    checked = _check(merged)
    if "activity" in changes or "goal" in changes:
        changes["goal"] = checked["goal"]
    audited_update(actor=actor, obj=project, action="project.update", changes=changes)
    return project


@transaction.atomic
def project_set_phase(
    *, actor, project: Project, phase: str, on: datetime.date | None = None
) -> Project:
    """Move the project to ``phase``: ongoing sets the actual start, finished or stopped the
    actual end (``on``, default today) unless already set."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_changer(actor, project)
    if phase not in Phase.values:
        raise ValidationFailed(_("Okänd fas."), field="phase")
    if phase not in PHASE_MOVES[Phase(project.phase)]:
        raise Conflict(
            _("Ett projekt i fasen %(from)s kan inte gå till %(to)s.")
            % {"from": project.get_phase_display(), "to": Phase(phase).label},
            code="phase_not_allowed",
        )
    on = on or timezone.localdate()
    changes: dict = {"phase": phase}
    if phase == Phase.ONGOING and project.actual_start is None:
        changes["actual_start"] = on
    if phase in (Phase.FINISHED, Phase.STOPPED) and project.actual_end is None:
        if project.actual_start and on < project.actual_start:
            raise ValidationFailed(_("Slutet kan inte ligga före starten."), field="on")
        changes["actual_end"] = on
    audited_update(actor=actor, obj=project, action="project.phase", changes=changes)
    return project


def project_from_case(*, actor, case) -> Project | None:
    """G03: a forwarded notification becomes a planned project of the reporting department
    (receiver of ``cases.hooks.case_forwarded``, inside the forwarding's transaction). A case
    without a reporting department, or that already has its project, makes none."""
    if case.reporting_unit_id is None or Project.objects.filter(case=case).exists():
        return None
    project = Project.objects.create(
        name=case.title,
        description=case.description,
        department_id=case.reporting_unit_id,
        owner=case.reporter,
        phase=Phase.PLANNED,
        origin=Project.Origin.NOTIFICATION,
        case=case,
    )
    if case.system_id:
        project.systems.set([case.system_id])
    audited_create(actor=actor, action="project.create", obj=project, rule="G03")
    return project
