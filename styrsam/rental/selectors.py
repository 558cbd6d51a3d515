"""Reads of the rental system, restricted to what the user may see (convention 2, G24)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import OrgUnit

from .models import (
    AssetType,
    InvestmentBudget,
    LedgerLine,
    RentDecision,
    RentedAsset,
    RentLevel,
    RentRun,
)
from .money import round_ore
from .rules import visible_department_ids


def _restrict_departments(qs: QuerySet, user, field: str = "department_id") -> QuerySet:
    ids = visible_department_ids(user)
    return qs if ids is None else qs.filter(**{f"{field}__in": ids})


def department_choices(*, user) -> QuerySet[OrgUnit]:
    """The departments (and the IT unit, which rents as one) whose rent the user sees."""
    it_unit = get_policy().it_unit_code()
    qs = OrgUnit.objects.filter(Q(kind=OrgUnit.Kind.DEPARTMENT) | Q(code=it_unit))
    return _restrict_departments(qs, user, "pk").order_by("name")


def asset_type_list(*, user) -> QuerySet[AssetType]:
    return AssetType.objects.order_by("name")


def asset_list(*, user) -> QuerySet[RentedAsset]:
    """Assets of the departments the user sees, plus the user's own equipment, current and
    returned (the list's filters are in ``lists.AssetFilterSet``)."""
    qs = RentedAsset.objects.select_related("asset_type", "department", "user")
    ids = visible_department_ids(user)
    if ids is not None:
        qs = qs.filter(Q(department_id__in=ids) | Q(user=user))
    return qs.order_by("department__name", "asset_type__name", "tag", "id")


def asset_get(*, user, pk: int) -> RentedAsset:
    try:
        return asset_list(user=user).get(pk=pk)
    except RentedAsset.DoesNotExist as exc:
        raise Http404 from exc


def rent_level_list(*, user) -> QuerySet[RentLevel]:
    return RentLevel.objects.select_related("asset_type", "decision").order_by(
        "-year", "asset_type__name"
    )


def rent_comparison(*, year: int) -> list[dict]:
    """Each asset type's rent in ``year`` next to ``year + 1`` (the draft or decision)."""
    levels = {
        (lv.asset_type_id, lv.year): lv
        for lv in RentLevel.objects.filter(year__in=[year, year + 1]).select_related(
            "decision__minute_item__meeting"
        )
    }
    rows = []
    for at in AssetType.objects.filter(is_active=True).order_by("name"):
        now, nxt = levels.get((at.pk, year)), levels.get((at.pk, year + 1))
        diff = pct = None
        if now and nxt:
            diff = nxt.monthly_amount - now.monthly_amount
            if now.monthly_amount:
                pct = (diff * 100 / now.monthly_amount).quantize(Decimal("0.1"))
        rows.append({"asset_type": at, "current": now, "next": nxt, "diff": diff, "pct": pct})
    return rows


def rent_decisions(rows: list[dict]) -> dict[str, RentDecision | None]:
    """The decisions of the two years of ``rent_comparison`` rows (no query)."""
    found: dict[str, RentDecision | None] = {"current": None, "next": None}
    for row in rows:
        for key in found:
            level = row[key]
            if found[key] is None and level is not None and level.decision_id:
                found[key] = level.decision
    return found


def rent_minute_items(*, user, today: datetime.date) -> QuerySet[MinuteItem]:
    """§ of this and last year's minutes of the group that decides the rent (policy
    ``rental.rent_decided_by``, G16), newest first: the choices when a decision is registered.
    One query with meeting and group."""
    group = get_policy().rent_decided_by_group()
    qs = MinuteItem.objects.select_related("meeting__group").filter(year__gte=today.year - 1)
    if group:
        qs = qs.filter(meeting__group__code=group)
    return qs.order_by("-meeting__date", "-number")


def ledger_list(*, user) -> QuerySet[LedgerLine]:
    """The ledger lines of the departments the user sees (G24)."""
    qs = _restrict_departments(
        LedgerLine.objects.select_related("department", "asset_type", "run"), user
    )
    return qs.order_by("month", "department__name", "asset_type__name", "id")


def rent_run_list(*, user) -> QuerySet[RentRun]:
    return RentRun.objects.select_related("actor").order_by("-run_at", "-id")


def _used_percent(used: Decimal, amount: Decimal) -> Decimal | None:
    return (used * 100 / amount).quantize(Decimal("0.1")) if amount else None


def budget_use(*, year: int) -> dict:
    """The year's investment budget, what is used of it and the share, in one query (the
    start page's to-do, issue 18); ``percent`` None without a budget."""
    budget = (
        InvestmentBudget.objects.filter(year=year)
        .annotate(used=Coalesce(Sum("purchases__amount"), Value(Decimal("0"))))
        .order_by("pk")
        .first()
    )
    if budget is None:
        return {"budget": None, "year": year, "percent": None}
    return {
        "budget": budget,
        "year": year,
        "used": budget.used,
        "remaining": budget.amount - budget.used,
        "percent": _used_percent(budget.used, budget.amount),
    }


def budget_overview(*, year: int) -> dict:
    budget = InvestmentBudget.objects.filter(year=year).first()
    if budget is None:
        return {"budget": None, "year": year}
    purchases = budget.purchases.select_related("actor").order_by("-date", "-id")
    used = purchases.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    percent = _used_percent(used, budget.amount)
    return {
        "budget": budget,
        "year": year,
        "used": used,
        "remaining": budget.amount - used,
        "percent": percent,
        "purchases": purchases,
    }


def rent_by_month(*, user, year: int) -> dict[int, Decimal]:
    """month number → the rent charged in ``year`` to the departments whose ledger ``user``
    sees (G24); months without a rent run are absent. One query."""
    rows = (
        ledger_list(user=user)
        .filter(month__year=year)
        .values("month")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {row["month"].month: round_ore(Decimal(str(row["s"] or 0))) for row in rows}
