"""Object-level permissions of meetings (loaded by rules' autodiscovery)."""

import rules

from styrsam.core.access import governance_permission

from .access import (
    approves_minutes,
    is_authenticated,
    is_group_member,
    may_plan,
    reads_meeting,
    records_company_meetings,
    runs_meeting,
    sees_minutes,
)

rules.add_perm("meetings.view_meetings", is_authenticated)
rules.add_perm("meetings.view_meeting", reads_meeting)
governance_permission("meetings.plan_meeting", may_plan)
governance_permission("meetings.run_meeting", runs_meeting)
governance_permission("meetings.approve_minutes", approves_minutes)
rules.add_perm("meetings.view_minutes", sees_minutes)
rules.add_perm("meetings.report_status", is_group_member)
rules.add_perm("meetings.view_compliance", is_authenticated)
governance_permission("meetings.record_company_meeting", records_company_meetings)
