"""Object-level permissions of the organisation app (loaded by rules' autodiscovery)."""

import rules

from styrsam.core.access import governance_permission
from styrsam.guideline.policy import get_policy

from .roles import coordinates, coordinator, grants_some_role, has_role, is_staff_member

rules.add_perm("organisation.view_organisation", is_staff_member)
governance_permission("organisation.manage_memberships", coordinates)
rules.add_perm("organisation.manage_roles", grants_some_role)
# Set-up (issue 21): committees, units, people and their import, by the coordinating role;
# also by the superuser, who sets the system up (a set-up act, not a governance one).
rules.add_perm("organisation.manage_organisation", coordinator)
rules.add_perm("guideline.view_policy", is_staff_member)
governance_permission("guideline.load_policy", coordinates)


@rules.predicate
def holds_adopting_role(user) -> bool:
    """G29: the user holds the role the policy names to adopt the guideline."""
    role = get_policy().adopting_role()
    return bool(role) and has_role(user, role)


governance_permission("guideline.adopt_policy", holds_adopting_role)
