"""Who does what with plans, projects, status reports and staffing, by the policy's
capabilities (``guideline/schema.py``). The services enforce these; ``rules.py`` gives the
pages and the API the same answers.

- Every member of staff reads the portfolio, the plans and the reports: one trail from goal
  to outcome that anyone may follow.
- ``manage_projects`` registers and changes projects and operational plans — a role of the
  unit scope for its own department only (G01: the department runs and pays for its own
  projects), a municipality-wide role (the IT strategist, G05) for every department.
  Mission plans are the municipality's: only a municipality-wide holder keeps them.
- The project's manager and owner change their own project and report its status.
- A member of the meeting's group who represents the project's department reports its status
  before the meeting (G14).
- ``staff_projects`` (the head of the IT unit) puts IT unit staff on projects (G11).
- These are governance acts: the superuser administers the system and holds none of them
  (issue 11; ``rules.py`` registers them with ``governance_permission``).
"""

from __future__ import annotations

from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q, has_capability

NO_UNIT = -1


def manages_any(user) -> bool:
    return has_capability(user, "manage_projects")


def manages_all(user) -> bool:
    """A municipality-wide holder of ``manage_projects`` (not only for their own unit)."""
    # asked for a unit no unit-scoped role is tied to: true only through a municipality role
    return has_capability(user, "manage_projects", NO_UNIT)


def manages_department(user, department_id: int | None) -> bool:
    if department_id is None:
        return manages_any(user)
    return has_capability(user, "manage_projects", department_id)


def changes_project(user, project) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return manages_department(user, project.department_id) or user.pk in (
        project.manager_id,
        project.owner_id,
    )


def represents(user, meeting, department_id: int) -> bool:
    return Membership.objects.filter(
        active_q(), group_id=meeting.group_id, person=user, represents_id=department_id
    ).exists()


def reports_on(user, project, meeting=None) -> bool:
    """G14: the project's manager or owner, the department's member of the meeting's group,
    or whoever manages the department's projects."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if changes_project(user, project):
        return True
    return meeting is not None and represents(user, meeting, project.department_id)


def staffs_projects(user) -> bool:
    return has_capability(user, "staff_projects")
