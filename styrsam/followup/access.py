"""Who answers a self-assessment and who runs a citizen panel — asked of the policy.

- G30: the obligation of kind ``self_assessment`` names the group that answers (the
  preparatory group by default) and the group the result goes to (``report_to``: the steering
  group). An area assigned to a department is answered by the group's member who represents
  that department; an area assigned to a person by that person, who must sit in the group.
  A policy without such a group lets the department's head (``lead_unit``) answer.
- G31: the coordinator (the IT strategist) runs every panel; a role with the capability
  ``run_panels`` runs the panels of its own unit (a municipality-wide role: every panel).
"""

from __future__ import annotations

from django.db.models import Q

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup
from styrsam.organisation.roles import is_coordinator, memberships_of, roles_of

SELF_ASSESSMENT = "self_assessment"
CITIZEN_PANEL = "citizen_panel"
_REPRESENTS_ATTR = "_followup_represented_units"


def self_assessment_obligation() -> dict:
    return get_policy().obligation_of_kind(SELF_ASSESSMENT)[1] or {}


def citizen_panel_obligation() -> dict:
    return get_policy().obligation_of_kind(CITIZEN_PANEL)[1] or {}


def respondent_group() -> GovernanceGroup | None:
    """The group whose members answer (G30), or ``None`` when the policy names none."""
    code = self_assessment_obligation().get("group")
    return GovernanceGroup.objects.filter(code=code).first() if code else None


def report_group() -> GovernanceGroup | None:
    """The group the compiled result is sent to (G30: the steering group)."""
    code = self_assessment_obligation().get("report_to")
    return GovernanceGroup.objects.filter(code=code).first() if code else None


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def runs_rounds(user) -> bool:
    """G02, G30: the coordinator opens, assigns, compiles and sends the rounds, loads the
    instruments and the other municipalities' results. Not the superuser: the self-assessment
    is the governance's own follow-up and the system administrator is no governance actor
    (issue 11); he reads what the coordinator reads (``reads_every_assignment``)."""
    return is_coordinator(user)


def reads_every_assignment(user) -> bool:
    """Every assignment and its answers: whoever runs the rounds, and the superuser (reads)."""
    return runs_rounds(user) or is_superuser(user)


def represented_units(user) -> frozenset[int]:
    """The departments the user answers for (G30), cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _REPRESENTS_ATTR, None)
    if cached is None:
        code = self_assessment_obligation().get("group")
        if code:
            cached = frozenset(
                m.represents_id
                for m in memberships_of(user)
                if m.group_code == code and m.represents_id is not None
            )
        else:
            wanted = set(get_policy().roles_with("lead_unit"))
            cached = frozenset(u for r, u in roles_of(user) if r in wanted and u is not None)
        setattr(user, _REPRESENTS_ATTR, cached)
    return cached


def respondent_q(user) -> Q:
    """Assignments the user answers: theirs by name, or their department's."""
    return Q(person_id=user.pk) | Q(unit_id__in=list(represented_units(user)))


def answers_assignment(user, assignment) -> bool:
    if assignment is None or not getattr(user, "is_authenticated", False):
        return False
    if assignment.person_id is not None:
        return assignment.person_id == user.pk
    return assignment.unit_id in represented_units(user)


def panel_roles() -> frozenset[str]:
    """The roles with the capability ``run_panels``. A policy version stored before the
    capability existed names none: then only the coordinator runs panels (no error)."""
    return frozenset(get_policy().data.get("capabilities", {}).get("run_panels", ()))


def panel_units(user) -> frozenset[int] | None:
    """The units whose panels the user sees; ``None``: every panel (G31). The superuser sees
    every panel (reads) but runs none (``manages_panel``)."""
    if is_coordinator(user) or is_superuser(user):
        return None
    wanted = panel_roles()
    units = set()
    for role, unit in roles_of(user):
        if role in wanted:
            if unit is None:
                return None
            units.add(unit)
    return frozenset(units)


def runs_any_panel(user) -> bool:
    """Sees some panel (reads, the superuser too)."""
    return panel_units(user) != frozenset()


def starts_panels(user) -> bool:
    """May start a panel (of some unit): not the superuser, no governance actor (issue 11)."""
    return not is_superuser(user) and runs_any_panel(user)


def sees_panel(user, panel) -> bool:
    if panel is None:
        return False
    units = panel_units(user)
    if units is None:
        return True
    return panel.unit_id is not None and panel.unit_id in units


def manages_panel(user, panel) -> bool:
    """Runs ``panel``: edits it, invites, sends its surveys, handles its members' data (G31).
    Not the superuser, who sees every panel but is no governance actor (issue 11)."""
    return not is_superuser(user) and sees_panel(user, panel)


def may_create_panel_for(user, unit) -> bool:
    """A municipality-wide panel (``unit`` None) only for whoever runs every panel; never the
    superuser (issue 11)."""
    if is_superuser(user):
        return False
    units = panel_units(user)
    return units is None or (unit is not None and unit.pk in units)
