"""The organisation's answer to a new policy version (guideline/compatibility.py): the roles
people hold and the groups that have members; on a rename the rows follow the new codes."""

from __future__ import annotations

from .models import GovernanceGroup, Membership, RoleAssignment
from .roles import active_q


def codes_in_use() -> dict[str, set[str]]:
    roles = set(RoleAssignment.objects.filter(active_q()).values_list("role", flat=True))
    groups = set(
        Membership.objects.filter(active_q()).values_list("group__code", flat=True).distinct()
    )
    return {"roles": roles, "groups": groups}


def codes_renamed(*, renames: dict[str, dict[str, str]]) -> None:
    """Roles held move to their new codes. A group takes its new code; when the new code is
    already a group (two groups merged into one), the old group stays as history."""
    for old, new in renames.get("roles", {}).items():
        RoleAssignment.objects.filter(role=old).update(role=new)
    taken = set(GovernanceGroup.objects.values_list("code", flat=True))
    for old, new in renames.get("groups", {}).items():
        if new not in taken:
            GovernanceGroup.objects.filter(code=old).update(code=new)
            taken.add(new)
