"""Every system page shows its total cost per year: licence, operation, support and its share
of the IT platform; for a common system whose cost is shared out, how it falls on the
departments (G25, G26) — on the page and in GET /api/v1/systems/{id}/, only for those who
may see costs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from styrsam.finance import services
from styrsam.finance.sections import platform_share, platform_shares
from tests.factories import SystemCostFactory, SystemFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(it_unit):
    system = SystemFactory(
        name="IT-plattformen",
        category="common",
        common_kind="it_platform",
        financing_principle="allocated",
        owner_unit=it_unit,
        user_count=None,
    )
    SystemCostFactory(system=system, year=YEAR, kind="operation", amount=1000)
    return system


def section(response):
    return {s["key"]: s["context"] for s in response.context["sections"]}["total_costs"]


@pytest.mark.rule("G25")
def test_g25_total_cost_with_the_platform_share(
    client, finance_director, platform, own_system, common_system
):
    """The platform's 1 000 kr shared by users: Lifecare 100 of 600 users, e-mail 500."""
    client.force_login(finance_director)
    response = client.get(reverse("systems:system_detail", args=[own_system.pk]))
    rows = section(response)["rows"]
    assert [
        (r["year"], r["licence"], r["support"], r["platform_share"], r["total"]) for r in rows
    ] == [(YEAR, Decimal(40000), Decimal(5000), Decimal("166.67"), Decimal("45166.67"))]
    assert "Totalkostnad per år" in response.content.decode()
    shares = platform_shares([YEAR])[YEAR]
    assert sum(shares.values()) == Decimal(1000)
    # one system's share alone (its page and API) is its share of the whole split
    assert shares == {own_system.pk: Decimal("166.67"), common_system.pk: Decimal("833.33")}
    assert platform_share(own_system.pk, [YEAR, YEAR - 1]) == {YEAR: Decimal("166.67")}
    assert platform_share(common_system.pk, [YEAR]) == {YEAR: Decimal("833.33")}
    assert platform_share(platform.pk, [YEAR]) == {}  # no users: not shared to
    page = client.get(reverse("systems:system_detail", args=[platform.pk]))
    assert section(page)["rows"][0]["platform_share"] is None  # it is the platform


@pytest.mark.rule("G26")
def test_g26_a_shared_system_shows_its_allocation(
    client, finance_director, it_economist, common_system, vof, bou
):
    services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="licences",
        valid_from=YEAR - 1,
        weights=[(vof, 120), (bou, 60)],
    )
    client.force_login(finance_director)
    response = client.get(reverse("systems:system_detail", args=[common_system.pk]))
    row = section(response)["rows"][0]
    assert [(a["department"].code, a["share"]) for a in row["allocation"]] == [
        ("bou", Decimal("33333.33")),
        ("vof", Decimal("66666.67")),
    ]
    assert "Fördelning på förvaltningarna (G26)" in response.content.decode()


@pytest.mark.rule("G26")
def test_g26_total_costs_in_the_api_only_for_those_who_see_costs(
    api_client, finance_director, outsider, it_economist, common_system, vof
):
    services.allocation_key_create(
        actor=it_economist, system=common_system, basis="equal", valid_from=YEAR, weights=[(vof, 1)]
    )
    api_client.force_authenticate(finance_director)
    data = api_client.get(f"/api/v1/systems/{common_system.pk}/").json()
    assert data["total_costs"][0]["total"] == "100000.00"
    assert data["total_costs"][0]["allocation"] == [
        {"department": "vof", "weight": "1.00", "share": "100000.00"}
    ]
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/v1/systems/{common_system.pk}/").json()["total_costs"] is None


def test_hidden_from_those_who_may_not_see_costs(client, outsider, own_system):
    client.force_login(outsider)
    response = client.get(reverse("systems:system_detail", args=[own_system.pk]))
    assert "total_costs" not in {s["key"] for s in response.context["sections"]}
    assert "Totalkostnad per år" not in response.content.decode()


@pytest.mark.rule("G13")
def test_g13_the_outcomes_sum_the_platforms_and_the_it_units_costs_and_no_others(
    policy, it_unit, vof
):
    """The budget page's outcomes: the IT platform's costs and the other systems the IT unit
    owns (operating), per year; a department's own system counts in neither (issue 18: the
    sums now read only these lines, not every system's)."""
    from styrsam.finance.models import BudgetKind
    from styrsam.finance.selectors import budget_outcomes

    platform = SystemFactory(
        category="common", common_kind=policy.platform_kind(), owner_unit=it_unit
    )
    SystemCostFactory(system=platform, year=YEAR, kind="operation", amount=1000)
    SystemCostFactory(system=platform, year=YEAR - 1, kind="licence", amount=300)
    it_own = SystemFactory(owner_unit=it_unit)
    SystemCostFactory(system=it_own, year=YEAR, kind="licence", amount=70)
    SystemCostFactory(system=it_own, year=YEAR, kind="support", amount=5)
    SystemCostFactory(system=it_own, year=YEAR - 5, kind="support", amount=999)  # not asked
    others = SystemFactory(owner_unit=vof)
    SystemCostFactory(system=others, year=YEAR, kind="licence", amount=40000)

    outcomes = budget_outcomes(years=[YEAR - 1, YEAR])
    assert outcomes[(BudgetKind.PLATFORM, YEAR)] == Decimal("1000.00")
    assert outcomes[(BudgetKind.PLATFORM, YEAR - 1)] == Decimal("300.00")
    assert outcomes[(BudgetKind.OPERATING, YEAR)] == Decimal("75.00")
    assert outcomes[(BudgetKind.OPERATING, YEAR - 1)] == Decimal("0.00")
