"""A department's statement of its IT costs for a year, and the municipality overview of all
departments side by side (G24–G27): one set-based query per source, whatever the number of
departments and systems (docs/performance.md).

Lines (``models.Source``), each with budget, outcome and forecast:

- **rent** (G24): the department's ledger lines of the year (``rental.LedgerLine``), so the
  line is the ledger, to the öre;
- **own systems** (G25): the yearly cost lines of the systems it owns whose financing
  principle the policy charges to the owner;
- **shares of common systems** (G26): its share, by the key in force, of each system whose
  cost the policy shares out (``allocation.py``: largest remainder in öre);
- **co-financing received** (G27): the grants in force on cases it reported, decided in the
  year; received money, so it is subtracted from the net cost.

Forecast for the whole year (``FORECAST_METHOD``): rent is extrapolated linearly from the
months charged so far — outcome + (outcome ÷ months charged) × (12 − the last month charged);
the register's system costs and the shares are yearly amounts, so their forecast is the
outcome itself; a grant is a decision, not a running cost, so its forecast is what is
granted. A past year's forecast is its outcome.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import LedgerLine
from styrsam.systems.models import SystemCost

from . import selectors
from .allocation import allocate, allocate_to
from .models import SOURCE_RULES, SOURCE_SHORT, DepartmentBudget, Source

ZERO = Decimal("0.00")
SIGN = {Source.RENT: 1, Source.OWN_SYSTEMS: 1, Source.SHARES: 1, Source.GRANTS: -1}
FORECAST_METHOD = gettext_lazy(
    "Prognosen för helåret: hyran räknas upp linjärt från de månader som debiterats hittills "
    "(utfall + utfall ÷ debiterade månader × återstående månader efter den senast debiterade); "
    "systemkostnader och andelar är årsbelopp i systemförteckningen, så prognosen är "
    "utfallet; delfinansiering är beslutade belopp och räknas inte upp. För ett avslutat år "
    "är prognosen utfallet."
)


@dataclass
class Row:
    """One row behind a line: an asset type, a system or a case, with its amount (positive:
    a cost to the department; a grant is positive here and subtracted by its line's sign)."""

    source: str
    label: str
    amount: Decimal
    system_id: int | None = None
    asset_type: str = ""
    case_id: int | None = None
    reference: str = ""

    @property
    def signed_amount(self) -> Decimal:
        return self.amount * SIGN[self.source]


@dataclass
class Line:
    source: str
    budget: Decimal | None = None
    outcome: Decimal = ZERO
    forecast: Decimal = ZERO
    rows: list[Row] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Source(self.source).label)

    @property
    def short_label(self) -> str:
        return str(SOURCE_SHORT[self.source])

    @property
    def rule(self) -> str:
        return SOURCE_RULES[self.source]

    @property
    def sign(self) -> int:
        return SIGN[self.source]

    @property
    def deviation(self) -> Decimal | None:
        """Budget minus forecast: positive is money left, negative an overrun (for a grant
        line, negative means less received than budgeted)."""
        if self.budget is None:
            return None
        return (self.budget - self.forecast) * self.sign


@dataclass
class Statement:
    department: OrgUnit
    year: int
    lines: dict[str, Line]
    months_charged: int = 0
    last_month_charged: int = 0

    def _net(self, attr: str) -> Decimal | None:
        values = [(getattr(line, attr), line.sign) for line in self.lines.values()]
        if attr == "budget" and all(v is None for v, _s in values):
            return None
        return sum(((v or ZERO) * s for v, s in values), ZERO)

    # computed once: the page and the export read each several times (the lines are not
    # changed after the statement is built)
    @cached_property
    def budget(self) -> Decimal | None:
        return self._net("budget")

    @cached_property
    def outcome(self) -> Decimal:
        return self._net("outcome")

    @cached_property
    def forecast(self) -> Decimal:
        return self._net("forecast")

    @property
    def deviation(self) -> Decimal | None:
        budget = self.budget
        return None if budget is None else budget - self.forecast

    def rows(self) -> list[Row]:
        return [row for line in self.lines.values() for row in line.rows]


@dataclass
class Overview:
    year: int
    statements: list[Statement]
    shared_cost: Decimal  # the yearly cost of the systems with a key (G26)
    unallocated: list[dict]  # systems shared out by the policy but without a key

    def total(self, attr: str, source: str | None = None) -> Decimal:
        if source is None:
            return sum(((getattr(s, attr) or ZERO) for s in self.statements), ZERO)
        return sum(((getattr(s.lines[source], attr) or ZERO) for s in self.statements), ZERO)

    @property
    def total_shares(self) -> Decimal:
        return self.total("outcome", Source.SHARES)

    @property
    def total_budget(self) -> Decimal:
        return self.total("budget")

    @property
    def total_outcome(self) -> Decimal:
        return self.total("outcome")

    @property
    def total_forecast(self) -> Decimal:
        return self.total("forecast")

    @property
    def shares_reconcile(self) -> bool:
        """G26: the departments' shares sum to the shared systems' cost, to the öre."""
        return self.total("outcome", Source.SHARES) == self.shared_cost


def this_year() -> int:
    return timezone.localdate().year


# --- the sources -------------------------------------------------------------------------


def _rent(year: int, ids, detail: bool):
    """dept → (rows per asset type, or one row without ``detail``) and dept → (months
    charged, the last month charged). One query."""
    qs = LedgerLine.objects.filter(month__year=year)
    if ids is not None:
        qs = qs.filter(department_id__in=ids)
    rows: dict[int, dict[str, Row]] = defaultdict(dict)
    months: dict[int, tuple[int, int]] = {}
    if not detail:  # the overview: one sum per department, months counted in the database
        grouped = (
            qs.values("department_id")
            .annotate(s=Sum("amount"), n=Count("month", distinct=True), last=Max("month"))
            .order_by()
        )
        for r in grouped:
            dept = r["department_id"]
            rows[dept][""] = Row(Source.RENT, "", selectors.money(r["s"]))
            months[dept] = (r["n"], r["last"].month)
        return rows, months
    grouped = (
        qs.values("department_id", "asset_type__code", "asset_type__name", "month")
        .annotate(s=Sum("amount"))
        .order_by("department_id", "asset_type__name", "month")
    )
    charged: dict[int, set[int]] = defaultdict(set)
    for r in grouped:
        dept = r["department_id"]
        charged[dept].add(r["month"].month)
        row = rows[dept].get(r["asset_type__code"])
        if row is None:
            row = rows[dept][r["asset_type__code"]] = Row(
                Source.RENT, r["asset_type__name"], ZERO, asset_type=r["asset_type__code"]
            )
        row.amount += selectors.money(r["s"])
    return rows, {dept: (len(m), max(m)) for dept, m in charged.items()}


def _own_systems(year: int, ids, detail: bool):
    """dept → rows of its own systems' yearly costs (G25). One query."""
    qs = SystemCost.objects.filter(
        year=year, system__financing_principle__in=get_policy().owner_paid_principles()
    )
    if ids is not None:
        qs = qs.filter(system__owner_unit_id__in=ids)
    keys = (
        ["system__owner_unit_id", "system_id", "system__name"]
        if detail
        else ["system__owner_unit_id"]
    )
    out: dict[int, list[Row]] = defaultdict(list)
    for r in qs.values(*keys).annotate(s=Sum("amount")).order_by(*keys):
        out[r["system__owner_unit_id"]].append(
            Row(
                Source.OWN_SYSTEMS,
                r.get("system__name", ""),
                selectors.money(r["s"]),
                system_id=r.get("system_id"),
            )
        )
    return out


@dataclass
class Allocation:
    """The shares of every shared system's cost in a year (G26)."""

    year: int
    shares: dict[int, list[Row]]  # dept → a row per system
    shared_cost: Decimal
    unallocated: list[dict]
    by_system: dict[int, dict[int, Decimal]]  # system → dept → share


def allocation_of_year(year: int, systems=None) -> Allocation:
    """Share out the year's cost of each system the policy allocates (or of ``systems``) by
    its key in force: three queries, then the largest-remainder rule per system."""
    if systems is None:
        systems = selectors.allocated_systems()
    costs = selectors.yearly_costs(year=year, systems=systems)
    keys = selectors.keys_in_force(system_ids=list(costs), year=year)
    shares: dict[int, list[Row]] = defaultdict(list)
    by_system: dict[int, dict[int, Decimal]] = {}
    unallocated = []
    shared_cost = ZERO
    for system_id in sorted(costs, key=lambda pk: (costs[pk][0], pk)):
        name, cost = costs[system_id]
        _key, weights = keys.get(system_id, (None, []))
        if not any(w > 0 for _d, w in weights):
            unallocated.append({"system_id": system_id, "name": name, "amount": cost})
            continue
        split = allocate(cost, weights)
        by_system[system_id] = split
        shared_cost += cost
        for dept, amount in split.items():
            shares[dept].append(Row(Source.SHARES, name, amount, system_id=system_id))
    return Allocation(year, dict(shares), shared_cost, unallocated, by_system)


def department_shares(year: int, department_ids) -> dict[int, list[Row]]:
    """dept → a row per shared system (G26), for ``department_ids`` only: the same queries as
    ``allocation_of_year``, but only the systems whose key in force weighs one of them are
    split (by the same rule, over all the key's weights: a share depends on every weight)
    and only these departments' shares are turned into rows. Each row is the one
    ``allocation_of_year(year).shares`` holds for the department (a property test)."""
    wanted = set(department_ids)
    costs = selectors.yearly_costs(year=year, systems=selectors.allocated_systems())
    keys = selectors.keys_in_force(system_ids=list(costs), year=year)
    shares: dict[int, list[Row]] = defaultdict(list)
    for system_id in sorted(keys, key=lambda pk: (costs[pk][0], pk)):
        name, cost = costs[system_id]
        _key, weights = keys[system_id]
        if not any(d in wanted for d, _w in weights):
            continue  # the key does not weigh these departments: no row for them
        if not any(w > 0 for _d, w in weights):
            continue  # unallocated: no department carries it
        for dept, amount in allocate_to(cost, weights, wanted).items():
            shares[dept].append(Row(Source.SHARES, name, amount, system_id=system_id))
    return dict(shares)


def _grants(year: int, ids, detail: bool):
    """dept → rows of the grants in force it received in ``year`` (G27). One query."""
    qs = selectors.grants_in_force().filter(decided_at__year=year)
    if ids is not None:
        qs = qs.filter(case__reporting_unit_id__in=ids)
    rows = qs.values(
        "case__reporting_unit_id",
        "case_id",
        "case__series",
        "case__year",
        "case__number",
        "case__title",
        "amount_granted",
    ).order_by("case__year", "case__number", "id")
    out: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        number = f"{r['case__series']} {r['case__year']}/{r['case__number']}"
        out[r["case__reporting_unit_id"]].append(
            Row(
                Source.GRANTS,
                r["case__title"],
                selectors.money(r["amount_granted"]),
                case_id=r["case_id"],
                reference=number,
            )
        )
    return out


def _budgets(year: int, ids) -> dict[int, dict[str, Decimal]]:
    qs = DepartmentBudget.objects.filter(year=year)
    if ids is not None:
        qs = qs.filter(department_id__in=ids)
    out: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for dept, source, amount in qs.values_list("department_id", "source", "amount"):
        out[dept][source] = selectors.money(amount)
    return out


def _rent_forecast(
    outcome: Decimal, months: tuple[int, int] | None, year: int, today: datetime.date
) -> Decimal:
    """Linear from the months charged: outcome + outcome ÷ months charged × the months left
    after the last one charged (this year only; a past year's forecast is its outcome)."""
    if year != today.year or not months:
        return outcome
    count, last = months
    return (outcome + outcome / count * (12 - last)).quantize(Decimal("0.01"))


# --- statements -----------------------------------------------------------------------------


def build(
    departments: list[OrgUnit],
    year: int,
    *,
    detail: bool,
    today: datetime.date | None = None,
    whole_allocation: bool = True,
) -> tuple[list[Statement], Allocation | None]:
    """The statements of ``departments`` for ``year``: seven queries in all. Without
    ``whole_allocation`` only these departments' shares are computed
    (``department_shares``) and no ``Allocation`` is returned."""
    today = today or timezone.localdate()
    ids = [d.pk for d in departments]
    rent, months = _rent(year, ids, detail)
    own = _own_systems(year, ids, detail)
    allocation = allocation_of_year(year) if whole_allocation else None
    shares = allocation.shares if allocation is not None else department_shares(year, ids)
    grants = _grants(year, ids, detail)
    budgets = _budgets(year, ids)
    statements = []
    for dept in departments:
        lines = {}
        for source, rows in (
            (Source.RENT, list(rent.get(dept.pk, {}).values())),
            (Source.OWN_SYSTEMS, own.get(dept.pk, [])),
            (Source.SHARES, shares.get(dept.pk, [])),
            (Source.GRANTS, grants.get(dept.pk, [])),
        ):
            outcome = sum((r.amount for r in rows), ZERO)
            if source == Source.RENT:
                forecast = _rent_forecast(outcome, months.get(dept.pk), year, today)
            else:
                forecast = outcome
            lines[source] = Line(
                source,
                budget=budgets.get(dept.pk, {}).get(source),
                outcome=outcome,
                forecast=forecast,
                rows=rows if detail else [],
            )
        count, last = months.get(dept.pk, (0, 0))
        statements.append(Statement(dept, year, lines, count, last))
    return statements, allocation


def department_statement(department: OrgUnit, year: int, today=None) -> Statement:
    """One department's statement: only its own shares of the common systems are computed."""
    return build([department], year, detail=True, today=today, whole_allocation=False)[0][0]


def municipality_overview(year: int, today=None) -> Overview:
    """Every paying unit's statement side by side (no rows behind the lines). A unit that is
    no longer active but still carries a share of a key is added, so the shares always sum
    to the shared cost (G26)."""
    departments = list(selectors.chargeable_units())
    statements, allocation = build(departments, year, detail=False, today=today)
    missing = set(allocation.shares) - {d.pk for d in departments}
    if missing:
        extra = list(OrgUnit.objects.filter(pk__in=missing).order_by("name", "pk"))
        statements += build(extra, year, detail=False, today=today)[0]
    return Overview(year, statements, allocation.shared_cost, allocation.unallocated)


def statement_table(statement: Statement) -> tuple[list[str], list[list]]:
    """The statement as a table for Excel: one row per line, then the rows behind it."""
    headers = [
        _("Rad"),
        _("Regel"),
        _("Avser"),
        _("Referens"),
        _("Budget (kr)"),
        _("Utfall (kr)"),
        _("Prognos helår (kr)"),
        _("Avvikelse (kr)"),
    ]
    out = []
    for line in statement.lines.values():
        out.append(
            [
                line.label,
                line.rule,
                _("Summa"),
                "",
                line.budget,
                line.outcome,
                line.forecast,
                line.deviation,
            ]
        )
        for row in line.rows:
            out.append(
                [
                    line.label,
                    line.rule,
                    row.label,
                    row.reference or row.asset_type,
                    None,
                    row.amount,
                    None,
                    None,
                ]
            )
    out.append(
        [
            _("Nettokostnad"),
            "",
            "",
            "",
            statement.budget,
            statement.outcome,
            statement.forecast,
            statement.deviation,
        ]
    )
    return headers, out
