"""Who sees and manages what in the rental system (loaded by rules' autodiscovery).

Asked of the policy's capabilities, never by role code: ``read_all_ledger`` (the IT unit and
the finance director by default) sees every department's assets and charges, as does the
coordinator; ``read_unit_ledger`` (head of department, department economist) sees its own
department's (G24); everyone sees the equipment registered to themselves. ``manage_budget``,
``read_budget`` and ``run_rent`` are the investment budget and the monthly rent run (G08).
"""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import (
    capability,
    coordinates,
    coordinator,
    has_any_role,
    has_capability,
    is_coordinator,
    is_staff_member,
    units_with_capability,
)


def sees_all_departments(user) -> bool:
    return (
        bool(getattr(user, "is_superuser", False))
        or is_coordinator(user)
        or has_capability(user, "read_all_ledger")
    )


def visible_department_ids(user) -> set[int] | None:
    """None means every department; otherwise the departments whose charges the user sees."""
    if sees_all_departments(user):
        return None
    return units_with_capability(user, "read_unit_ledger")


@rules.predicate
def sees_charges(user) -> bool:
    return sees_all_departments(user) or bool(visible_department_ids(user))


@rules.predicate
def manages_rental(user) -> bool:
    return has_any_role(user, get_policy().rental_manager_roles())


@rules.predicate
def decides_rent(user) -> bool:
    return has_any_role(user, get_policy().rent_decision_roles())


manages_budget = capability("manage_budget")
sees_budget = capability("read_budget")
runs_rent = capability("run_rent")

rules.add_perm("rental.view_assets", is_staff_member)
rules.add_perm("rental.manage_assets", coordinator | manages_rental)
rules.add_perm("rental.view_rent_levels", is_staff_member)
# the rent and the investment budget are governance acts (G08, G16): no superuser shortcut
governance_permission("rental.draft_rent_levels", coordinates | manages_budget | decides_rent)
governance_permission("rental.decide_rent", decides_rent)
rules.add_perm("rental.run_rent", coordinator | runs_rent)
rules.add_perm("rental.view_ledger", coordinator | sees_charges)
rules.add_perm("rental.view_budget", coordinator | sees_budget | manages_budget)
governance_permission("rental.manage_budget", manages_budget)
