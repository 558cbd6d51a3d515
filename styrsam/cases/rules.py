"""Who may read and act on cases (loaded by rules' autodiscovery). The finer checks (the
step's performer roles, who records a decision) are in the services, which ask the policy."""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import coordinates, has_any_role, is_staff_member


@rules.predicate
def may_report_some_case(user) -> bool:
    policy = get_policy()
    roles = {
        r
        for code in policy.case_type_codes()
        for r in policy.case_type(code).get("reported_by", [])
    }
    return has_any_role(user, roles)


rules.add_perm("cases.view_case", is_staff_member)
# reporting a need is the first act of a governance case (G03, G21, G23, G27): the roles the
# policy names, never the superuser, who is no governance actor (issue 11)
governance_permission("cases.add_case", coordinates | may_report_some_case)
governance_permission("cases.manage_case", coordinates)
rules.add_perm("cases.view_decision", is_staff_member)
