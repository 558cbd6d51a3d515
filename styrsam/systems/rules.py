"""Who may read, edit and see the costs of a system (loaded by rules' autodiscovery).

Everyone logged in reads the register. The IT strategist edits every system, a system owner
only those they own. Cost figures are confidential: only the roles that budget them see them.
"""

from __future__ import annotations

import rules

from styrsam.organisation.roles import coordinator, has_any_role, has_role, is_staff_member

# Roles that see every system's costs (municipality-wide budget work, G16).
COST_ROLES_ALL = ("finance_director", "head_of_it_unit", "it_unit_economist")
# Roles that see the costs of systems owned by their own unit.
COST_ROLES_UNIT = ("head_of_department", "department_economist")
# Roles that may register a system for their own unit.
REGISTER_ROLES_UNIT = ("system_owner", "head_of_department")


@rules.predicate
def is_system_owner_of(user, system) -> bool:
    return system is not None and user.is_authenticated and system.owner_id == user.pk


@rules.predicate
def sees_all_costs(user) -> bool:
    return has_any_role(user, COST_ROLES_ALL)


@rules.predicate
def sees_unit_costs(user, system) -> bool:
    if system is None:
        return False
    return any(has_role(user, role, system.owner_unit_id) for role in COST_ROLES_UNIT)


@rules.predicate
def may_register_systems(user) -> bool:
    return has_any_role(user, REGISTER_ROLES_UNIT)


@rules.predicate
def is_head_of_it_unit(user) -> bool:
    return has_role(user, "head_of_it_unit")


rules.add_perm("systems.view_system", is_staff_member)
rules.add_perm("systems.add_system", coordinator | may_register_systems)
rules.add_perm("systems.change_system", coordinator | is_system_owner_of)
rules.add_perm(
    "systems.view_costs", coordinator | sees_all_costs | is_system_owner_of | sees_unit_costs
)
rules.add_perm("systems.view_all_costs", coordinator | sees_all_costs)
rules.add_perm("systems.manage_platform", coordinator | is_head_of_it_unit)
rules.add_perm("systems.import_systems", coordinator)
