"""The demo's money (G08, G13, G16, G24–G27): three years of decided budgets with outcomes, a
revision that supersedes an earlier decision, next year's drafts, keys for every common system
whose cost is shared out, co-financing grants drawing on this year's pool, and statements that
reconcile."""

from __future__ import annotations

import pytest
from django.utils import timezone

from styrsam.demo.loader import load_demo
from styrsam.finance import statement
from styrsam.finance.models import AllocationKey, BudgetKind, BudgetPlan, DepartmentBudget, Source
from styrsam.finance.sections import pool_status
from styrsam.finance.selectors import budget_outcomes, frame_history, frames_in_force
from styrsam.rental.models import InvestmentBudget
from styrsam.systems.models import System
from tests.demo_fixture import demo_kommun


@pytest.mark.django_db
@pytest.mark.rule("G16")
@pytest.mark.rule("G26")
@pytest.mark.rule("G27")
def test_g16_g26_g27_demo_money():
    context = load_demo(demo_kommun())
    year = timezone.localdate().year
    years = range(year - 2, year + 1)
    in_force = frames_in_force(years=years)
    assert {(k, y) for k in BudgetKind.values for y in years} <= set(in_force)
    outcomes = budget_outcomes(years=years)
    assert all(outcomes[(BudgetKind.PLATFORM, y)] > 0 for y in years)
    assert all(outcomes[(BudgetKind.INVESTMENT, y)] > 0 for y in years)
    assert outcomes[(BudgetKind.POOL, year)] >= 450000  # two grants this year
    pool = frame_history(kind=BudgetKind.POOL, years=[year])[year]
    assert len(pool) == 3 and pool[0].amount == 1500000  # the revision supersedes
    platform = in_force[(BudgetKind.PLATFORM, year)].plan
    assert platform.proposed_reference and platform.decided_reference  # G13, G16
    assert set(BudgetPlan.objects.filter(first_year=year + 1).values_list("status", flat=True)) == {
        "draft"
    }
    assert (
        InvestmentBudget.objects.get(year=year).amount
        == in_force[(BudgetKind.INVESTMENT, year)].amount
    )
    allocated = System.objects.filter(financing_principle="allocated")
    assert set(AllocationKey.objects.values_list("system", flat=True)) >= set(
        allocated.values_list("pk", flat=True)
    )
    overview = statement.municipality_overview(year)
    assert overview.shares_reconcile and overview.unallocated == []
    assert overview.total("outcome", Source.GRANTS) == pool_status(year)["granted"]
    tomas = context.people["tomas"]
    vof = context.units["vof"]
    assert DepartmentBudget.objects.filter(department=vof, year=year).count() == 4
    assert not DepartmentBudget.objects.filter(department__code="rtj", year=year).exists()
    care = statement.department_statement(vof, year)
    assert care.lines[Source.GRANTS].outcome == 200000
    assert tomas.has_perm("finance.view_statement", vof)
