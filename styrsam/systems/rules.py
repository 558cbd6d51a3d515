"""Who may read, edit and see the costs of a system (loaded by rules' autodiscovery).

Everyone logged in reads the register. The IT strategist edits every system, a system owner
only those they own. Cost figures are confidential: only the roles that budget them see them.
"""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.organisation.roles import (
    capability,
    coordinates,
    coordinator,
    has_capability,
    is_staff_member,
)

# Who sees costs, registers systems and manages the platform: the policy's capabilities
# read_all_costs (G16), read_unit_costs (G25), register_systems (G17), manage_platform (G20).


@rules.predicate
def is_system_owner_of(user, system) -> bool:
    return system is not None and user.is_authenticated and system.owner_id == user.pk


sees_all_costs = capability("read_all_costs")
may_register_systems = capability("register_systems")
manages_platform = capability("manage_platform")


@rules.predicate
def sees_unit_costs(user, system) -> bool:
    if system is None:
        return False
    return has_capability(user, "read_unit_costs", system.owner_unit_id)


rules.add_perm("systems.view_system", is_staff_member)
governance_permission("systems.add_system", coordinates | may_register_systems)
governance_permission("systems.change_system", coordinates | is_system_owner_of)
# owner, owning department, category, common kind and criticality (services.REGISTER_FIELDS):
# the coordinator only, never the system owner alone (issue 11)
governance_permission("systems.change_register", coordinates)
rules.add_perm(
    "systems.view_costs", coordinator | sees_all_costs | is_system_owner_of | sees_unit_costs
)
rules.add_perm("systems.view_all_costs", coordinator | sees_all_costs)
governance_permission("systems.manage_platform", coordinates | manages_platform)
governance_permission("systems.import_systems", coordinates)


@rules.predicate
def received_message(user, message) -> bool:
    if message is None or not user.is_authenticated:
        return False
    return message.deliveries.filter(person_id=user.pk).exists()


# G15: the IT strategist carries information to every system owner and representative
governance_permission("systems.send_message", coordinates)
rules.add_perm("systems.view_message", coordinator | received_message)
