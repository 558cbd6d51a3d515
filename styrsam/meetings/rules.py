"""Object-level permissions of meetings (loaded by rules' autodiscovery)."""

import rules

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
rules.add_perm("meetings.plan_meeting", may_plan)
rules.add_perm("meetings.run_meeting", runs_meeting)
rules.add_perm("meetings.approve_minutes", approves_minutes)
rules.add_perm("meetings.view_minutes", sees_minutes)
rules.add_perm("meetings.report_status", is_group_member)
rules.add_perm("meetings.view_compliance", is_authenticated)
rules.add_perm("meetings.record_company_meeting", records_company_meetings)
