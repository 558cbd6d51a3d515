"""Plans (G01): a committee's mission plan with its goals, kept by the IT strategist (G05:
projects are initiated according to the adopted mission plan); a department's operational
plan with activities tied to those goals. Goals are imported from Excel, where
municipalities keep them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create
from styrsam.core.errors import NotAllowed, ValidationFailed
from styrsam.core.spreadsheets import FileRefused, read_rows
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import Committee, OrgUnit

from .. import access
from ..models import Activity, Goal, MissionPlan, OperationalPlan

GOAL_HEADERS = ("Nummer", "Mål", "Beskrivning")


def _require_all(actor) -> None:
    if actor is not None and not access.manages_all(actor):
        raise NotAllowed(
            _("Uppdragsplanerna förs av %(role)s för hela kommunen (G01, G05).")
            % {"role": get_policy().capability_name("manage_projects", unit_scoped=False)},
            code="not_plan_keeper",
            rule="G05",
        )


def _require_unit(actor, department: OrgUnit) -> None:
    if actor is not None and not access.manages_department(actor, department.pk):
        raise NotAllowed(
            _("Du för bara din egen förvaltnings verksamhetsplan (G01)."),
            code="not_own_department",
            rule="G01",
        )


def _unique(qs, owner, year: int, label: str) -> None:
    if qs.filter(year=year).exists():
        raise ValidationFailed(
            _("%(owner)s har redan en %(label)s för %(year)s.")
            % {"owner": owner.name, "label": label, "year": year},
            field="year",
            code="duplicate",
        )


@transaction.atomic
def mission_plan_create(*, actor, committee: Committee, year: int, title: str) -> MissionPlan:
    _require_all(actor)
    if committee is None:
        raise ValidationFailed(_("Ange nämnden."), field="committee", rule="G01")
    _unique(MissionPlan.objects.filter(committee=committee), committee, year, _("uppdragsplan"))
    plan = MissionPlan.objects.create(committee=committee, year=year, title=title.strip())
    audited_create(actor=actor, action="mission_plan.create", obj=plan, rule="G01")
    return plan


@transaction.atomic
def goal_add(*, actor, plan: MissionPlan, number: str, title: str, description: str = "") -> Goal:
    _require_all(actor)
    number, title = (number or "").strip(), (title or "").strip()
    if not number:
        raise ValidationFailed(_("Ange målets nummer."), field="number", rule="G01")
    if not title:
        raise ValidationFailed(_("Ange målet."), field="title", rule="G01")
    if plan.goals.filter(number=number).exists():
        raise ValidationFailed(
            _("Planen har redan ett mål %(n)s.") % {"n": number}, field="number", code="duplicate"
        )
    goal = Goal.objects.create(plan=plan, number=number, title=title, description=description)
    audited_create(actor=actor, action="goal.create", obj=goal, rule="G01")
    return goal


@transaction.atomic
def goals_import(*, actor, plan: MissionPlan, filename: str, data: bytes) -> dict:
    """The plan's goals from an Excel (or CSV) file with the columns Nummer, Mål,
    Beskrivning. All or nothing: every row is checked, the errors are listed by row, and
    nothing is saved unless every row passes. A goal whose number exists is updated."""
    _require_all(actor)
    try:
        rows = read_rows(filename or "", data)
    except FileRefused as exc:
        raise ValidationFailed(str(exc), field="file") from exc
    except Exception as exc:  # a file that is not a spreadsheet
        raise ValidationFailed(
            _("Filen kunde inte läsas som Excel eller CSV."), field="file"
        ) from exc
    if not rows or [str(c or "").strip() for c in rows[0][:2]] != list(GOAL_HEADERS[:2]):
        raise ValidationFailed(
            _("Första raden ska vara rubrikerna: %(h)s.") % {"h": ", ".join(GOAL_HEADERS)},
            field="file",
        )
    errors: list[str] = []
    parsed: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        cells = [("" if c is None else str(c)).strip() for c in [*row, "", "", ""][:3]]
        if not any(cells):
            continue
        number, title, description = cells
        if number.endswith(".0"):
            number = number[:-2]
        if not number or not title:
            errors.append(_("Rad %(n)s: nummer och mål krävs.") % {"n": n})
        elif number in seen:
            errors.append(_("Rad %(n)s: målet %(m)s finns två gånger.") % {"n": n, "m": number})
        elif len(number) > 20 or len(title) > 300:
            errors.append(_("Rad %(n)s: nummer eller mål är för långt.") % {"n": n})
        seen.add(number)
        parsed.append((number, title, description))
    if errors:
        raise ValidationFailed(" ".join(errors[:20]), field="file", code="import_errors")
    existing = {g.number: g for g in plan.goals.all()}
    created = updated = 0
    for number, title, description in parsed:
        goal = existing.get(number)
        if goal is None:
            Goal.objects.create(plan=plan, number=number, title=title, description=description)
            created += 1
        elif (goal.title, goal.description) != (title, description):
            goal.title, goal.description = title, description
            goal.save()
            updated += 1
    audit_record(
        actor=actor,
        action="goal.import",
        obj=plan,
        after={"created": created, "updated": updated},
        rule="G01",
    )
    return {"created": created, "updated": updated, "unchanged": len(parsed) - created - updated}


@transaction.atomic
def operational_plan_create(
    *, actor, department: OrgUnit, year: int, title: str
) -> OperationalPlan:
    _require_unit(actor, department)
    _unique(
        OperationalPlan.objects.filter(department=department),
        department,
        year,
        _("verksamhetsplan"),
    )
    plan = OperationalPlan.objects.create(department=department, year=year, title=title.strip())
    audited_create(actor=actor, action="operational_plan.create", obj=plan, rule="G01")
    return plan


@transaction.atomic
def activity_add(*, actor, plan: OperationalPlan, goal: Goal | None, title: str) -> Activity:
    """An activity of the operational plan, tied to a goal of a mission plan (G01)."""
    _require_unit(actor, plan.department)
    if goal is None:
        raise ValidationFailed(
            _("En aktivitet knyts till ett mål i en uppdragsplan (G01)."), field="goal", rule="G01"
        )
    if not (title or "").strip():
        raise ValidationFailed(_("Beskriv aktiviteten."), field="title", rule="G01")
    activity = Activity.objects.create(plan=plan, goal=goal, title=title.strip())
    audited_create(actor=actor, action="activity.create", obj=activity, rule="G01")
    return activity
