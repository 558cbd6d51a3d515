"""Reads of the service desk (convention 2): each list is restricted to the user."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.organisation.roles import (
    has_any_role,
    is_coordinator,
    roles_of,
    units_for_role,
    units_with_capability,
)

from .models import CatalogueItem, Order, OrderApproval
from .rules import may_answer


def catalogue_list(*, user, include_inactive: bool = False) -> QuerySet[CatalogueItem]:
    """The catalogue; retired articles too when ``include_inactive`` (for its managers)."""
    qs = CatalogueItem.objects.select_related("asset_type", "system")
    if not include_inactive:
        qs = qs.filter(is_active=True)
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


def _items_of_systems_owned_by(user) -> QuerySet[CatalogueItem]:
    """The catalogue items (permissions) of the systems ``user`` owns, as a subquery: an
    ``OR`` across the joined systems made PostgreSQL read and join every order (issue 18);
    on the order's own ``item_id`` each condition of the ``OR`` has its index."""
    return CatalogueItem.objects.filter(system__owner=user).values("pk")


def sees_all_orders(user) -> bool:
    """The service desk (the policy's ``orders.fulfilled_by``) and the coordinator see every
    order."""
    return (
        bool(user.is_superuser)
        or is_coordinator(user)
        or has_any_role(user, get_policy().order_fulfil_roles())
    )


def order_list(*, user) -> QuerySet[Order]:
    """Orders the user is party to (orderer, recipient, the department's management — the
    capability ``read_unit_orders`` — and the owner of the system); the IT unit sees all.
    The list's filters are in ``lists.OrderFilterSet``."""
    qs = _orders()
    if not sees_all_orders(user):
        units = units_with_capability(user, "read_unit_orders")
        qs = qs.filter(
            Q(ordered_by=user)
            | Q(for_person=user)
            | Q(department_id__in=units)
            | Q(item__in=_items_of_systems_owned_by(user))
        )
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


def waiting_for_answer(*, user) -> list[int]:
    """Ids of the orders waiting for an answer from this user (the first unanswered step of the policy's
    ``orders.approvals`` is theirs, and the order is neither placed by them nor for them:
    four eyes, G07), oldest first. The candidates are read as values in one query, and their
    yes-answers in one more (the start page counts them so): a department's queue holds
    hundreds of orders at scale, and a model object of each cost more than the check
    (issue 18)."""
    candidates = approval_candidates(user=user)
    # the steps as their JSON text, decoded once per distinct text: the orders of a policy
    # share a few lists of steps (issue 18: a list decoded per order)
    rows = (
        candidates.annotate(steps_text=Cast("required_approvals", TextField()))
        .order_by("created_at", "id")
        .values_list(
            "id",
            "status",
            "ordered_by_id",
            "for_person_id",
            "department_id",
            "steps_text",
            "item__system__owner_id",
        )
    )
    rows = list(rows)
    if not rows:
        return []
    approved: dict[int, set[str]] = {}
    # by the candidates' ids (as a prefetch asks), not the candidates' condition again
    for order_id, role in OrderApproval.objects.filter(
        order_id__in=[row[0] for row in rows], approved=True
    ).values_list("order_id", "role"):
        approved.setdefault(order_id, set()).add(role)
    waiting = []
    decoded: dict[str | None, list[dict]] = {None: []}
    for pk, status, ordered_by, for_person, department, steps_text, owner in rows:
        if steps_text not in decoded:
            decoded[steps_text] = json.loads(steps_text)
        steps = decoded[steps_text]
        order = _Candidate(pk, status, ordered_by, for_person, department, _Item(_System(owner)))
        done = approved.get(pk, ())
        if may_answer(user, order, [s for s in steps or () if s["role"] not in done]):
            waiting.append(pk)
    return waiting


@dataclass(frozen=True, slots=True)
class _System:
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class _Item:
    system: _System


@dataclass(frozen=True, slots=True)
class _Candidate:
    """What ``rules.may_answer`` asks of an order, read as values (``waiting_for_answer``);
    a system without an owner and an article without a system both answer no one."""

    pk: int
    status: str
    ordered_by_id: int | None
    for_person_id: int | None
    department_id: int | None
    item: _Item


def approval_candidates(*, user) -> QuerySet[Order]:
    """The orders awaiting approval of the units and systems for which ``user`` may hold a
    step of the policy's ``orders.approvals`` (``waiting_for_answer`` keeps those that wait
    for them)."""
    steps = _all_steps()
    units: set[int] = set()
    for step in steps:
        if step["of"] == "ordering_unit":
            units |= units_for_role(user, step["role"])
    condition = Q(department_id__in=units)
    if any(s["of"] == "system" for s in steps):
        condition |= Q(item__in=_items_of_systems_owned_by(user))
    return Order.objects.filter(condition, status=Order.Status.AWAITING_APPROVAL)


def approval_queue(*, user) -> QuerySet[Order]:
    """Orders waiting for an answer from this user (``waiting_for_answer``), oldest first."""
    waiting = waiting_for_answer(user=user)
    return _orders().filter(pk__in=waiting).order_by("created_at", "id")


def pending_steps(order: Order) -> list[dict]:
    """The steps of ``order``'s approval not yet answered with a yes."""
    done = {a.role for a in order.approvals.all() if a.approved}
    return [s for s in order.required_approvals if s["role"] not in done]


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
    it_unit = get_policy().it_unit_code()
    qs = OrgUnit.objects.filter(Q(kind=OrgUnit.Kind.DEPARTMENT) | Q(code=it_unit), is_active=True)
    if sees_all_orders(user):
        return qs.order_by("name")
    ids = {u for _r, u in roles_of(user) if u}
    profile = getattr(user, "profile", None)
    if profile is not None and profile.unit_id:
        ids.add(profile.unit_id)
    return qs.filter(pk__in=ids).order_by("name")


def waiting_order_counts(*, user) -> dict[str, int]:
    """Of the orders ``user`` sees (``order_list``), how many wait for an approval and how
    many are approved and wait to be delivered (G07), by status. One query."""
    waiting = (Order.Status.AWAITING_APPROVAL, Order.Status.APPROVED)
    rows = (
        order_list(user=user)
        .prefetch_related(None)
        .filter(status__in=waiting)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(waiting, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
