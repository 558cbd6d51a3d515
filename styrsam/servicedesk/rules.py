"""Who may order, approve, fulfil and manage the catalogue (G07), from the policy's roles."""

from __future__ import annotations

import rules

from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import (
    coordinator,
    has_any_role,
    has_capability,
    has_role,
    is_staff_member,
)


def approval_step_holder(user, order, step: dict) -> bool:
    """Whether ``user`` answers ``step`` of ``order``: the role for the ordering department,
    or the owner of the system in the register."""
    if not getattr(user, "is_authenticated", False):
        return False
    if step["of"] == "system":
        system = order.item.system
        return system is not None and system.owner_id == user.pk
    return has_role(user, step["role"], order.department_id)


@rules.predicate
def fulfils_orders(user) -> bool:
    return has_any_role(user, get_policy().order_fulfil_roles())


@rules.predicate
def manages_catalogue(user) -> bool:
    return has_any_role(user, get_policy().catalogue_manager_roles())


@rules.predicate
def is_party_to_order(user, order) -> bool:
    if order is None or not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (order.ordered_by_id, order.for_person_id):
        return True
    if has_capability(user, "read_unit_orders", order.department_id):
        return True  # the department's management (head, economist by default)
    return any(approval_step_holder(user, order, s) for s in order.required_approvals)


rules.add_perm("servicedesk.view_catalogue", is_staff_member)
rules.add_perm("servicedesk.manage_catalogue", coordinator | manages_catalogue)
rules.add_perm("servicedesk.place_order", is_staff_member)
rules.add_perm("servicedesk.view_order", is_party_to_order | fulfils_orders | coordinator)
rules.add_perm("servicedesk.fulfil_orders", fulfils_orders)
