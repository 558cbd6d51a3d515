"""Who sees and manages what in the rental system (loaded by rules' autodiscovery).

The IT unit and the finance director see every department's assets and charges; a head of
department or department economist sees their own department's (G24); everyone sees the
equipment registered to themselves.
"""

from __future__ import annotations

import rules

from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import coordinator, has_any_role, is_staff_member, units_for_role

SEES_ALL = ("head_of_it_unit", "it_unit_economist", "service_desk", "finance_director")
SEES_UNIT = ("head_of_department", "department_economist")
BUDGET_MANAGERS = ("head_of_it_unit", "it_unit_economist")


def sees_all_departments(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_any_role(
        user, (*SEES_ALL, "it_strategist")
    )


def visible_department_ids(user) -> set[int] | None:
    """None means every department; otherwise the departments whose charges the user sees."""
    if sees_all_departments(user):
        return None
    ids: set[int] = set()
    for role in SEES_UNIT:
        ids |= units_for_role(user, role)
    return ids


@rules.predicate
def sees_charges(user) -> bool:
    return sees_all_departments(user) or bool(visible_department_ids(user))


@rules.predicate
def manages_rental(user) -> bool:
    return has_any_role(user, get_policy().rental_manager_roles())


@rules.predicate
def decides_rent(user) -> bool:
    return has_any_role(user, get_policy().rent_decision_roles())


@rules.predicate
def manages_budget(user) -> bool:
    return has_any_role(user, BUDGET_MANAGERS)


@rules.predicate
def sees_budget(user) -> bool:
    return has_any_role(user, (*BUDGET_MANAGERS, "finance_director", "it_strategist"))


rules.add_perm("rental.view_assets", is_staff_member)
rules.add_perm("rental.manage_assets", coordinator | manages_rental)
rules.add_perm("rental.view_rent_levels", is_staff_member)
rules.add_perm("rental.draft_rent_levels", coordinator | manages_budget | decides_rent)
rules.add_perm("rental.decide_rent", decides_rent)
rules.add_perm("rental.run_rent", coordinator | manages_budget)
rules.add_perm("rental.view_ledger", coordinator | sees_charges)
rules.add_perm("rental.view_budget", coordinator | sees_budget | manages_budget)
rules.add_perm("rental.manage_budget", manages_budget)
