"""Reads of the service desk (convention 2): each list is restricted to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import has_any_role, roles_of, units_for_role

from .models import CatalogueItem, Order
from .rules import approval_step_holder


def catalogue_list(*, user, kind: str | None = None, include_inactive: bool = False):
    qs = CatalogueItem.objects.select_related("asset_type", "system")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind", "name")


def catalogue_get(*, user, pk: int, include_inactive: bool = False) -> CatalogueItem:
    try:
        return catalogue_list(user=user, include_inactive=include_inactive).get(pk=pk)
    except CatalogueItem.DoesNotExist as exc:
        raise Http404 from exc


def _orders() -> QuerySet[Order]:
    return Order.objects.select_related(
        "item", "item__system", "item__asset_type", "department", "ordered_by", "for_person"
    ).prefetch_related("approvals", "assets")


def sees_all_orders(user) -> bool:
    return bool(user.is_superuser) or has_any_role(
        user, (*get_policy().order_fulfil_roles(), "it_strategist")
    )


def order_list(*, user, status: str | None = None, department: int | None = None):
    """Orders the user is party to (orderer, recipient, department management, system owner);
    the IT unit sees all."""
    qs = _orders()
    if not sees_all_orders(user):
        units = units_for_role(user, "head_of_department") | units_for_role(
            user, "department_economist"
        )
        qs = qs.filter(
            Q(ordered_by=user)
            | Q(for_person=user)
            | Q(department_id__in=units)
            | Q(item__system__owner=user)
        )
    if status:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(department_id=department)
    return qs.order_by("-created_at", "-id")


def my_orders(*, user):
    return _orders().filter(Q(ordered_by=user) | Q(for_person=user)).order_by("-created_at", "-id")


def order_get(*, user, pk: int) -> Order:
    try:
        order = _orders().prefetch_related("history__actor").get(pk=pk)
    except Order.DoesNotExist as exc:
        raise Http404 from exc
    if not user.has_perm("servicedesk.view_order", order):
        raise Http404
    return order


def approval_queue(*, user) -> list[Order]:
    """Orders waiting for an answer from this user, in one query plus the prefetch."""
    unit_steps = [s for s in _all_steps() if s["of"] == "ordering_unit"]
    units: set[int] = set()
    for step in unit_steps:
        units |= units_for_role(user, step["role"])
    condition = Q(department_id__in=units)
    if any(s["of"] == "system" for s in _all_steps()):
        condition |= Q(item__system__owner=user)
    candidates = _orders().filter(condition, status=Order.Status.AWAITING_APPROVAL)
    from .services import pending_steps

    return [
        o
        for o in candidates.order_by("created_at", "id")
        if any(approval_step_holder(user, o, s) for s in pending_steps(o))
    ]


def _all_steps() -> list[dict]:
    policy = get_policy()
    seen, out = set(), []
    for kind in CatalogueItem.Kind.values:
        for step in policy.order_approvals(kind):
            key = (step["role"], step["of"])
            if key not in seen:
                seen.add(key)
                out.append(step)
    return out


def fulfilment_queue(*, user):
    return _orders().filter(status=Order.Status.APPROVED).order_by("created_at", "id")


def orderable_departments(*, user) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(Q(kind=OrgUnit.Kind.DEPARTMENT) | Q(code="it_unit"), is_active=True)
    if sees_all_orders(user):
        return qs.order_by("name")
    ids = {u for _r, u in roles_of(user) if u}
    profile = getattr(user, "profile", None)
    if profile is not None and profile.unit_id:
        ids.add(profile.unit_id)
    return qs.filter(pk__in=ids).order_by("name")
