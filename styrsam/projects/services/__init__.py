"""Every write of the projects app: keyword-only, in one transaction with its audit."""

from .plans import (
    activity_add,
    goal_add,
    goals_import,
    mission_plan_create,
    operational_plan_create,
)
from .projects import project_create, project_from_case, project_set_phase, project_update
from .reminders import reporters_remind
from .reports import (
    expected_projects,
    missing_reports,
    open_meetings,
    project_report_submit,
    refresh_latest_lights,
    reporting_group_name,
    reporting_meeting,
)
from .staffing import staffing_add, staffing_remove

__all__ = [
    "activity_add",
    "expected_projects",
    "goal_add",
    "goals_import",
    "missing_reports",
    "mission_plan_create",
    "operational_plan_create",
    "project_create",
    "project_from_case",
    "open_meetings",
    "project_report_submit",
    "refresh_latest_lights",
    "reporters_remind",
    "reporting_group_name",
    "reporting_meeting",
    "project_set_phase",
    "project_update",
    "staffing_add",
    "staffing_remove",
]
