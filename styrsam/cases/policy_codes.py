"""The cases' answer to a new policy version (guideline/compatibility.py): the case types of
cases still under way; on a rename the cases, and the steps of open cases (their performers and
consultation groups), follow the new codes. A decided case keeps its path as it was."""

from __future__ import annotations

from .models import Case, CaseStep

UNDER_WAY = (Case.Status.OPEN, Case.Status.READY)


def codes_in_use() -> dict[str, set[str]]:
    types = Case.objects.filter(status__in=UNDER_WAY).values_list("case_type", flat=True)
    return {"case_types": set(types.distinct())}


def codes_renamed(*, renames: dict[str, dict[str, str]]) -> None:
    for old, new in renames.get("case_types", {}).items():
        Case.objects.filter(case_type=old).update(case_type=new)
    roles, groups = renames.get("roles", {}), renames.get("groups", {})
    if not roles and not groups:
        return
    changed = []
    for step in CaseStep.objects.filter(case__status__in=UNDER_WAY):
        performers = [roles.get(r, r) for r in step.performer_roles]
        group = groups.get(step.consultation_group, step.consultation_group)
        if performers != step.performer_roles or group != step.consultation_group:
            step.performer_roles, step.consultation_group = performers, group
            changed.append(step)
    CaseStep.objects.bulk_update(changed, ["performer_roles", "consultation_group"])
