"""What the finance app adds to other apps' pages, through their registries:

- a system's page and ``GET /api/v1/systems/{id}/`` (``systems.hooks.SystemSection``): its
  total cost per year — licence, operation, support and its share of the IT platform — and,
  for a system whose cost is shared out (G26), its key and the departments' shares;
- the page of a case that carries an amount (``cases.hooks.CaseSection``): what is left of
  the co-financing pool for the year, where the decision is prepared (G27)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from styrsam.cases.hooks import CaseSection
from styrsam.core.access import may
from styrsam.guideline.policy import get_policy
from styrsam.systems.hooks import SystemSection
from styrsam.systems.models import System, SystemCost

from . import selectors
from .allocation import allocate, from_ore, largest_remainder_of, to_ore
from .models import AllocationKey, AllocationWeight, BudgetKind, BudgetPlan

ZERO = Decimal("0.00")


def _platform_costs(years) -> dict[int, Decimal]:
    """year → the IT platform's cost (years with a cost only). One query."""
    platform = selectors.platform_kind_q()
    costs = dict(
        SystemCost.objects.filter(year__in=years, system__in=System.objects.filter(platform))
        .values("year")
        .annotate(s=Sum("amount"))
        .values_list("year", "s")
    )
    return {y: selectors.money(v) for y, v in costs.items() if v}


def _platform_users() -> list[tuple[int, int]]:
    """(system id, users) of the systems in use the platform's cost is shared over, in the
    tie-break order (name). One query."""
    return list(
        System.objects.exclude(selectors.platform_kind_q())
        .exclude(lifecycle=System.Lifecycle.RETIRED)
        .filter(user_count__gt=0)
        .order_by("name", "pk")
        .values_list("pk", "user_count")
    )


def platform_shares(years) -> dict[int, dict[int, Decimal]]:
    """year → system id → its share of the IT platform's cost, shared over the systems in
    use by their number of users (the register's ``user_count``), largest remainder in öre.
    Two queries."""
    costs = _platform_costs(list(years))
    if not costs:
        return {}
    weights = _platform_users()
    if not weights:
        return {}
    return {year: allocate(cost, weights) for year, cost in costs.items()}


def platform_share(system_pk: int, years) -> dict[int, Decimal]:
    """year → one system's share of the IT platform's cost: exactly
    ``platform_shares(years)[year][system_pk]`` (no year for a system without users), but
    without sharing the cost out over every system in use — a system's page and API need
    its own share only, and there are thousands of systems (issue 18). Two queries."""
    costs = _platform_costs(list(years))
    if not costs:
        return {}
    users = _platform_users()
    if system_pk not in {pk for pk, _n in users}:
        return {}
    # ``allocate`` weighs by ``weight_units`` (hundredths): n users weigh 100·n, as here
    weights = [(pk, n * 100) for pk, n in users]
    return {
        year: from_ore(largest_remainder_of(to_ore(cost), weights, system_pk))
        for year, cost in costs.items()
    }


def _keys_by_year(system: System, years) -> dict[int, AllocationKey]:
    keys = list(
        AllocationKey.objects.filter(system=system)
        .prefetch_related(
            Prefetch(
                "weights",
                queryset=AllocationWeight.objects.select_related("department").order_by(
                    "department__code", "department_id"
                ),
            )
        )
        .order_by("-valid_from", "-id")
    )
    out = {}
    for year in years:
        key = next((k for k in keys if k.valid_from <= year), None)
        if key is not None:
            out[year] = key
    return out


def system_total_costs(system: System) -> dict:
    """G25, G26: the system's yearly cost lines, its share of the IT platform and, when its
    cost is shared out (or paid centrally), how it falls on the departments. Uses the
    system's cost lines as loaded (the page and the API prefetch them); four queries more."""
    policy = get_policy()
    lines: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for cost in system.costs.all():
        lines[cost.year][cost.kind] = Decimal(cost.amount)
    years = sorted(lines, reverse=True)
    is_platform = bool(system.common_kind) and system.common_kind == policy.platform_kind()
    shares = {} if is_platform or system.is_retired else platform_share(system.pk, years)
    principle = system.financing_principle
    shared = principle in policy.allocated_principles()
    central = principle in policy.central_principles()
    keys = _keys_by_year(system, years) if (shared or central) else {}
    rows = []
    for year in years:
        own = sum(lines[year].values(), ZERO)
        platform = shares.get(year, ZERO)
        key = keys.get(year)
        split = []
        if key is not None:
            weights = [(w.department, w.weight) for w in key.weights.all()]
            amounts = allocate(own, [(w.department_id, w.weight) for w in key.weights.all()])
            split = [
                {"department": unit, "weight": weight, "share": amounts[unit.pk]}
                for unit, weight in weights
            ]
        rows.append(
            {
                "year": year,
                "licence": lines[year].get(SystemCost.Kind.LICENCE),
                "operation": lines[year].get(SystemCost.Kind.OPERATION),
                "support": lines[year].get(SystemCost.Kind.SUPPORT),
                "own_total": own,
                "platform_share": None if is_platform else platform,
                "total": own + (ZERO if is_platform else platform),
                "key": key,
                "allocation": split,
            }
        )
    keyed = [row for row in rows if row["key"] is not None]
    return {
        "system": system,
        "rows": rows,
        "latest": keyed[0] if keyed else None,  # the allocation shown on the page
        "earlier": keyed[1:],
        "is_platform": is_platform,
        "shared": shared,
        "central": central,
        "principle_name": policy.financing_principles().get(principle, {}).get("name", principle),
    }


def _costs_context(*, user, system):
    if not user.has_perm("systems.view_costs", system):
        return None
    return {
        **system_total_costs(system),
        "can_manage_allocation": may(user, "finance.manage_allocation"),
    }


class AllocationShareSerializer(serializers.Serializer):
    department = serializers.CharField(source="department.code", help_text="Förvaltningens kod")
    weight = serializers.DecimalField(max_digits=12, decimal_places=2)
    share = serializers.DecimalField(max_digits=16, decimal_places=2, help_text="Andel i kronor")


class TotalCostSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    licence = serializers.DecimalField(max_digits=14, decimal_places=0, allow_null=True)
    operation = serializers.DecimalField(max_digits=14, decimal_places=0, allow_null=True)
    support = serializers.DecimalField(max_digits=14, decimal_places=0, allow_null=True)
    platform_share = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Andel av IT-plattformens kostnad (efter antal användare); null för plattformen.",
    )
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    allocation_key = serializers.IntegerField(
        source="key.pk", allow_null=True, default=None, help_text="Fördelningsnyckeln (G26)"
    )
    allocation = AllocationShareSerializer(many=True, help_text="Förvaltningarnas andelar (G26)")


@extend_schema_field(TotalCostSerializer(many=True, allow_null=True))
class TotalCostsField(serializers.Field):
    """Totalkostnad per år; null för den som inte får se kostnader."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault(
            "help_text",
            "Totalkostnad per år (licens, drift, support, andel av IT-plattformen) och "
            "förvaltningarnas andelar (G26); null för den som inte får se kostnader.",
        )
        super().__init__(**kwargs)

    def to_representation(self, system):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("systems.view_costs", system):
            return None
        return TotalCostSerializer(system_total_costs(system)["rows"], many=True).data


# --- the co-financing pool on a case's page (G27) ---------------------------------------------


def pool_status(year: int) -> dict:
    frame = selectors.frame_in_force(BudgetKind.POOL, year)
    granted = selectors.granted_in_year(year)
    budgeted = (
        frame is not None
        or BudgetPlan.objects.filter(
            kind=BudgetKind.POOL, status=BudgetPlan.Status.DECIDED
        ).exists()
    )
    return {
        "year": year,
        "frame": frame,
        "budgeted": budgeted,
        "granted": granted,
        "remaining": (frame.amount - granted) if frame is not None else None,
    }


def _pool_context(*, user, case):
    if not get_policy().carries_amount(case.case_type):
        return None
    status = pool_status(timezone.localdate().year)
    requested = case.amount_requested
    status["requested"] = requested
    status["exceeds"] = (
        requested is not None
        and status["remaining"] is not None
        and requested > status["remaining"]
    )
    status["can_see_budgets"] = user.has_perm("finance.view_budgets")
    return status


SYSTEM_SECTIONS = [
    SystemSection("total_costs", "finance/_system_costs.html", _costs_context, TotalCostsField, 5),
]
CASE_SECTIONS = [CaseSection("pool", "finance/_case_pool.html", _pool_context, 10)]
