"""Reads of the finance app, restricted to the user (convention 2). The statements and the
overview are built in ``statement.py`` from the set-based reads here: one aggregate query per
source, whatever the number of departments and systems."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils import timezone

from styrsam.cases.models import Decision
from styrsam.core.memo import per_page
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import MinuteItem
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import InvestmentPurchase, LedgerLine
from styrsam.systems.models import System, SystemCost

from .models import AllocationKey, AllocationWeight, BudgetFrame, BudgetKind, BudgetPlan
from .rules import statement_unit_ids

ZERO = Decimal(0)


def money(value) -> Decimal:
    """A sum from the database as Decimal öre (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


# --- departments -------------------------------------------------------------------------


def chargeable_units() -> QuerySet[OrgUnit]:
    """The units that pay (G24): the departments and the IT unit (which rents and orders as
    a department does), active, by name."""
    return OrgUnit.objects.filter(
        Q(kind=OrgUnit.Kind.DEPARTMENT) | Q(code=get_policy().it_unit_code()), is_active=True
    ).order_by("name", "pk")


def statement_departments(*, user) -> QuerySet[OrgUnit]:
    ids = statement_unit_ids(user)
    qs = chargeable_units()
    return qs if ids is None else qs.filter(pk__in=ids)


def statement_department(*, user, code: str | None) -> tuple[OrgUnit, list[OrgUnit]]:
    """The department whose statement the user opens — the one asked for (404 outside the
    user's scope), else the user's own (the first they may see) — and every department the
    user may choose. One query."""
    units = list(statement_departments(user=user))
    unit = next((u for u in units if u.code == code), None) if code else next(iter(units), None)
    if unit is None:
        raise Http404
    return unit, units


# --- budgets (G13, G16) ------------------------------------------------------------------


def plan_list(*, user) -> QuerySet[BudgetPlan]:
    return (
        BudgetPlan.objects.select_related(
            "proposed_minute_item__meeting__group", "decided_minute_item__meeting__group"
        )
        .prefetch_related(Prefetch("frames", queryset=BudgetFrame.objects.order_by("year")))
        .order_by("-first_year", "kind", "-id")
    )


def plan_get(*, user, pk: int) -> BudgetPlan:
    try:
        return plan_list(user=user).select_related("created_by", "decided_by").get(pk=pk)
    except BudgetPlan.DoesNotExist as exc:
        raise Http404 from exc


def decided_frames(*, years=None, kinds=None) -> QuerySet[BudgetFrame]:
    """Every decided frame, the latest decision first for each kind and year."""
    qs = BudgetFrame.objects.filter(plan__status=BudgetPlan.Status.DECIDED).select_related(
        "plan__decided_minute_item__meeting"
    )
    if years is not None:
        qs = qs.filter(year__in=list(years))
    if kinds is not None:
        qs = qs.filter(plan__kind__in=list(kinds))
    return qs.order_by("plan__kind", "year", "-plan__decided_on", "-plan_id")


def frames_in_force(*, years, kinds=None) -> dict[tuple[str, int], BudgetFrame]:
    """(kind, year) → the frame of the latest decision covering it (G16). One query."""
    found: dict[tuple[str, int], BudgetFrame] = {}
    for frame in decided_frames(years=years, kinds=kinds):
        found.setdefault((frame.plan.kind, frame.year), frame)
    return found


def start_page_frames(user, year: int) -> dict[tuple[str, int], BudgetFrame]:
    """``frames_in_force`` of ``year`` and the next, every kind, read once per request for the
    start page, whose to-dos (next year's frames) and IT unit's chart (this year's investment
    frame) both show them (issue 18)."""
    return per_page(
        user, ("frames_in_force", year), lambda: frames_in_force(years=[year, year + 1])
    )


def frame_in_force(kind: str, year: int, *, lock: bool = False) -> BudgetFrame | None:
    frame = frames_in_force(years=[year], kinds=[kind]).get((kind, year))
    if frame is not None and lock:  # serialise writers drawing on the same frame
        BudgetPlan.objects.select_for_update().filter(pk=frame.plan_id).first()
    return frame


def frame_history(*, kind: str, years) -> dict[int, list[BudgetFrame]]:
    """year → every decided frame of ``kind``, the one in force first (the history, G16)."""
    out: dict[int, list[BudgetFrame]] = defaultdict(list)
    for frame in decided_frames(years=years, kinds=[kind]):
        out[frame.year].append(frame)
    return dict(out)


def budget_minute_items(*, group: str | None, today: datetime.date) -> QuerySet[MinuteItem]:
    """§ of this and last year's minutes of ``group``, newest first: the choices when a
    proposal (G13) or decision (G16) is registered."""
    qs = MinuteItem.objects.select_related("meeting__group").filter(year__gte=today.year - 1)
    qs = qs.filter(meeting__group__code=group) if group else qs.none()
    return qs.order_by("-meeting__date", "-number")


# --- outcomes of the budgets --------------------------------------------------------------


def grants_in_force() -> QuerySet[Decision]:
    """G27: the granted amounts in force: approved decisions with an amount, on case types
    that carry one, not corrected by a later decision."""
    return Decision.objects.filter(
        outcome=Decision.Outcome.APPROVED,
        amount_granted__isnull=False,
        corrections__isnull=True,
        case__case_type__in=get_policy().case_types_with_amount(),
    )


def granted_in_year(year: int, *, exclude_decision: int | None = None) -> Decimal:
    qs = grants_in_force().filter(decided_at__year=year)
    if exclude_decision is not None:
        qs = qs.exclude(pk=exclude_decision)
    return money(qs.aggregate(s=Sum("amount_granted"))["s"])


def platform_kind_q(prefix: str = "") -> Q:
    kind = get_policy().platform_kind()
    return Q(**{f"{prefix}common_kind": kind}) if kind else Q(pk__in=[])


def budget_outcomes(*, years) -> dict[tuple[str, int], Decimal]:
    """(kind, year) → the outcome: purchases on the investment budget (G08), the yearly
    costs of the systems the IT unit owns (operating) and of the IT platform (G13), and the
    grants in force (G27). Three queries."""
    years = list(years)
    out: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    purchases = (
        InvestmentPurchase.objects.filter(date__year__in=years)
        .annotate(y=ExtractYear("date"))
        .values("y")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    for row in purchases:
        out[(BudgetKind.INVESTMENT, row["y"])] = money(row["s"])
    platform = platform_kind_q("system__")
    it_unit = Q(system__owner_unit__code=get_policy().it_unit_code())
    costs = (
        # only the lines that one of the sums counts (issue 18: every system's costs were
        # joined and summed, 9,444 lines of 3,052 systems at scale, to sum those of a few)
        SystemCost.objects.filter(platform | it_unit, year__in=years)
        .values("year")
        .annotate(
            platform=Sum("amount", filter=platform),
            operating=Sum("amount", filter=it_unit & ~platform),
        )
        .order_by()
    )
    for row in costs:
        out[(BudgetKind.PLATFORM, row["year"])] = money(row["platform"])
        out[(BudgetKind.OPERATING, row["year"])] = money(row["operating"])
    grants = (
        grants_in_force()
        .filter(decided_at__year__in=years)
        .annotate(y=ExtractYear("decided_at"))
        .values("y")
        .annotate(s=Sum("amount_granted"))
        .order_by()
    )
    for row in grants:
        out[(BudgetKind.POOL, row["y"])] = money(row["s"])
    return out


def rent_income(*, years) -> dict[int, Decimal]:
    """year → the rent charged to the departments in the ledger (G08, G24): what the IT unit's
    rented equipment brings in. One query."""
    rows = (
        LedgerLine.objects.filter(month__year__in=list(years))
        .annotate(y=ExtractYear("month"))
        .values("y")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {row["y"]: money(row["s"]) for row in rows}


def months_elapsed(year: int, today: datetime.date | None = None) -> int:
    """Whole calendar months of ``year`` up to and including today's (12 for a past year,
    0 for a future one)."""
    today = today or timezone.localdate()
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


# --- allocation keys (G26) ----------------------------------------------------------------


def allocation_key_list(*, user) -> QuerySet[AllocationKey]:
    return AllocationKey.objects.select_related("system", "created_by").prefetch_related(
        Prefetch("weights", queryset=AllocationWeight.objects.select_related("department"))
    )


def allocation_key_get(*, user, pk: int) -> AllocationKey:
    try:
        return allocation_key_list(user=user).get(pk=pk)
    except AllocationKey.DoesNotExist as exc:
        raise Http404 from exc


def keys_in_force_q(year: int) -> Q:
    """The keys in force in ``year``: from a year ≤ it, with no later key of the same system
    from a year ≤ it (a later ``valid_from``, or the same with a higher id)."""
    later = AllocationKey.objects.filter(
        system_id=OuterRef("system_id"), valid_from__lte=year
    ).filter(
        Q(valid_from__gt=OuterRef("valid_from"))
        | Q(valid_from=OuterRef("valid_from"), pk__gt=OuterRef("pk"))
    )
    return Q(valid_from__lte=year) & ~Q(Exists(later))


def keys_in_force(*, system_ids, year: int) -> dict[int, tuple[int, list[tuple[int, Decimal]]]]:
    """system id → (the id of the key in force in ``year``, its weights as (department id,
    weight) ordered by department code: the tie-break order). One query, no model objects."""
    keys = AllocationKey.objects.filter(keys_in_force_q(year), system_id__in=list(system_ids))
    rows = (
        AllocationWeight.objects.filter(key__in=keys)
        .order_by("key__system_id", "department__code", "department_id")
        .values_list("key__system_id", "key_id", "department_id", "weight")
    )
    found: dict[int, tuple[int, list[tuple[int, Decimal]]]] = {}
    for system_id, key_id, department_id, weight in rows:
        found.setdefault(system_id, (key_id, []))[1].append((department_id, weight))
    return found


def key_periods(system_id: int) -> list[tuple[AllocationKey, int | None]]:
    """A system's keys, newest first, each with the last year of its period (None: open):
    a key's period ends the year before the next key's ``valid_from``."""
    keys = list(
        AllocationKey.objects.filter(system_id=system_id)
        .select_related("created_by")
        .order_by("-valid_from", "-id")
    )
    out = []
    later_from: int | None = None
    for key in keys:
        if later_from is not None and later_from <= key.valid_from:
            out.append((key, key.valid_from - 1))  # superseded before it began
            continue
        out.append((key, later_from - 1 if later_from is not None else None))
        later_from = key.valid_from
    return out


def allocated_systems() -> QuerySet[System]:
    """G26: the systems whose cost the policy shares out to the departments by a key."""
    return System.objects.filter(financing_principle__in=get_policy().allocated_principles())


def yearly_costs(*, year: int, systems: QuerySet[System] | None = None) -> dict[int, tuple]:
    """system id → (name, the sum of its cost lines of ``year``). One query."""
    qs = SystemCost.objects.filter(year=year)
    if systems is not None:
        qs = qs.filter(system__in=systems)
    rows = qs.values("system_id", "system__name").annotate(s=Sum("amount")).order_by()
    return {row["system_id"]: (row["system__name"], money(row["s"])) for row in rows}


def investment_by_month(*, year: int) -> dict[int, Decimal]:
    """month number → the purchases on the IT unit's investment budget in that month of
    ``year`` (G08); months without purchases are absent. One query."""
    rows = (
        InvestmentPurchase.objects.filter(date__year=year)
        .annotate(m=ExtractMonth("date"))
        .values("m")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {row["m"]: money(row["s"]) for row in rows}
