"""Who sees and does what with the money (loaded by rules' autodiscovery), by the policy's
capabilities (``guideline/schema.py``):

- ``read_all_finance`` (the finance director, the IT unit's economist, the IT strategist —
  the financing group's municipality-wide members, G16) see every department's statement,
  the municipality overview, every budget and key;
- ``read_unit_finance`` (department economists, heads of department) see their own
  department's statement (G24–G27) and the budgets and keys that make it up;
- ``propose_budget`` drafts budgets, ``record_budget_decisions`` records the deciding group's
  decision (G16), ``manage_allocation`` sets allocation keys (G26), ``manage_unit_budget``
  sets the own department's IT budget.
"""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
from styrsam.organisation.roles import (
    capability,
    coordinates,
    coordinator,
    has_capability,
    is_superuser,
    units_with_capability,
)

sees_all_finance = capability("read_all_finance")
sees_unit_finance = capability("read_unit_finance")
proposes_budget = capability("propose_budget")
records_budget_decisions = capability("record_budget_decisions")
manages_allocation = capability("manage_allocation")
sees_all_costs = capability("read_all_costs")


def sees_all_departments(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_capability(user, "read_all_finance")


def statement_unit_ids(user) -> set[int] | None:
    """None: every department; else the departments whose statement ``user`` may open."""
    if sees_all_departments(user):
        return None
    return units_with_capability(user, "read_unit_finance")


@rules.predicate
def sees_statement_of(user, department) -> bool:
    ids = statement_unit_ids(user)
    return ids is None or (department is not None and department.pk in ids)


@rules.predicate
def sets_budget_of(user, department) -> bool:
    return department is not None and department.pk in units_with_capability(
        user, "manage_unit_budget"
    )


sees_money = (
    coordinator
    | sees_all_finance
    | sees_unit_finance
    | proposes_budget
    | records_budget_decisions
    | manages_allocation
    | sees_all_costs
)

rules.add_perm("finance.view_finance", sees_money)
rules.add_perm("finance.view_budgets", sees_money)
governance_permission("finance.change_budget", coordinates | proposes_budget)
governance_permission("finance.decide_budget", records_budget_decisions)
rules.add_perm("finance.view_allocations", sees_money)
governance_permission("finance.manage_allocation", manages_allocation)
rules.add_perm("finance.view_statements", is_superuser | sees_all_finance | sees_unit_finance)
rules.add_perm("finance.view_statement", sees_statement_of)
rules.add_perm("finance.view_overview", is_superuser | sees_all_finance)
governance_permission("finance.set_department_budget", sets_budget_of)
