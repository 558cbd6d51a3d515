"""Object-level permissions of the organisation app (loaded by rules' autodiscovery)."""

import rules

from .roles import coordinator, grants_some_role, is_staff_member

rules.add_perm("organisation.view_organisation", is_staff_member)
rules.add_perm("organisation.manage_memberships", coordinator)
rules.add_perm("organisation.manage_roles", grants_some_role)
rules.add_perm("guideline.view_policy", is_staff_member)
rules.add_perm("guideline.load_policy", coordinator)
