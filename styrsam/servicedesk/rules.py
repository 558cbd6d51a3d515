"""Who may order, approve, fulfil and manage the catalogue (G07), from the policy's roles."""

from __future__ import annotations

import rules

from styrsam.core.access import governance_permission
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


def own_order(user, order) -> bool:
    """Four eyes (G07): the order was placed by ``user`` or is for ``user``."""
    return getattr(user, "pk", None) is not None and user.pk in (
        order.ordered_by_id,
        order.for_person_id,
    )


def steps_to_answer(user, order, pending: list[dict]) -> list[dict]:
    """The steps ``user`` answers now: the steps are answered in the policy's order, so only
    the leading run of ``pending`` steps that ``user`` holds (several when one person holds
    consecutive steps). Empty when the first pending step is someone else's."""
    mine: list[dict] = []
    for step in pending:
        if not approval_step_holder(user, order, step):
            break
        mine.append(step)
    return mine


def may_answer(user, order, pending: list[dict]) -> bool:
    """Whether the order page offers ``user`` to approve or reject now."""
    return (
        order.status == "awaiting_approval"
        and not getattr(user, "is_superuser", False)
        and not own_order(user, order)
        and bool(steps_to_answer(user, order, pending))
    )


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
# Cancelling ends a department's order before its approver or the IT unit has answered it: an
# act in the order's workflow (G07), by the one who placed it or it is for (withdrawing one's
# own request) or the service desk (the policy's ``fulfilled_by``). Asked without Django's
# superuser shortcut: the system administrator is no governance actor (issue 11 item 1).
governance_permission(
    "servicedesk.cancel_order", rules.predicate(own_order, name="own_order") | fulfils_orders
)
