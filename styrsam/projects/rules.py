"""Permissions of the projects app (loaded by rules' autodiscovery), built on ``access``."""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.organisation.roles import is_staff_member

from . import access


@rules.predicate
def manages_any(user) -> bool:
    return access.manages_any(user)


@rules.predicate
def manages_all(user) -> bool:
    return access.manages_all(user)


@rules.predicate
def changes_project(user, project) -> bool:
    return project is not None and access.changes_project(user, project)


@rules.predicate
def staffs_projects(user) -> bool:
    return access.staffs_projects(user)


rules.add_perm("projects.view_projects", is_staff_member)
governance_permission("projects.add_project", manages_any)
governance_permission("projects.change_project", changes_project)
governance_permission("projects.manage_mission_plans", manages_all)
governance_permission("projects.manage_operational_plans", manages_any)
governance_permission("projects.staff_projects", staffs_projects)
