"""G26: a common system's cost is shared out in öre by the largest-remainder rule. Property
tests over random keys and costs prove that the shares sum exactly to the cost, that no share
is negative and that each share is within one öre of its exact proportion; and, through the
database, that the departments' shares of a year sum to the allocated systems' cost."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrsam.finance import services, statement
from styrsam.finance.allocation import (
    allocate,
    allocate_to,
    largest_remainder,
    largest_remainder_of,
    to_ore,
)
from styrsam.finance.models import Source
from tests.factories import OrgUnitFactory, SystemCostFactory, SystemFactory

from .conftest import YEAR

costs = st.integers(min_value=0, max_value=10**12)  # öre: up to ten thousand million kronor
weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60).filter(
    lambda ws: sum(ws) > 0
)


@pytest.mark.rule("G26")
@given(total=costs, ws=weights)
def test_g26_shares_sum_exactly_are_not_negative_and_within_one_ore(total, ws):
    shares = largest_remainder(total, list(enumerate(ws)))
    assert sum(shares.values()) == total
    whole = sum(ws)
    for key, weight in enumerate(ws):
        assert shares[key] >= 0
        exact = Fraction(total * weight, whole)
        assert abs(shares[key] - exact) < 1
        if weight == 0:
            assert shares[key] == 0


@pytest.mark.rule("G26")
@given(total=costs, ws=weights)
def test_g26_the_rule_is_deterministic_and_ties_go_in_the_given_order(total, ws):
    items = list(enumerate(ws))
    assert largest_remainder(total, items) == largest_remainder(total, items)
    equal = largest_remainder(total, [(i, 1) for i in range(len(ws))])
    left = total % len(ws)
    assert [equal[i] for i in range(len(ws))] == [
        total // len(ws) + (1 if i < left else 0) for i in range(len(ws))
    ]


@pytest.mark.rule("G26")
@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
    percents=st.lists(st.integers(min_value=1, max_value=9999), min_size=1, max_size=20),
)
def test_g26_percent_keys_in_kronor(amount, percents):
    """Percentages with two decimals (as the percent basis stores them) share kronor exactly."""
    ws = [(i, Decimal(p) / 100) for i, p in enumerate(percents)]
    shares = allocate(amount, ws)
    assert sum(shares.values()) == amount
    assert all(v >= 0 and v == v.quantize(Decimal("0.01")) for v in shares.values())


@pytest.mark.rule("G26")
@given(
    amount=st.decimals(min_value=-(10**9), max_value=10**9, places=2),
    ws=weights,
    wanted=st.sets(st.integers(min_value=0, max_value=59)),
)
def test_g26_one_departments_shares_are_those_of_the_whole_split(amount, ws, wanted):
    """``allocate_to`` (a department's statement) gives exactly the shares ``allocate`` gives
    the wanted keys: the remainders are ranked over every weight, not over the wanted ones."""
    items = list(enumerate(ws))
    whole = allocate(amount, items)
    assert allocate_to(amount, items, wanted) == {k: whole[k] for k in whole if k in wanted}


@pytest.mark.rule("G26")
@given(total=st.integers(min_value=-(10**12), max_value=10**12), ws=weights, data=st.data())
def test_g26_one_share_alone_is_that_of_the_whole_split(total, ws, data):
    """``largest_remainder_of`` (one system's share of the IT platform) gives exactly the
    share ``largest_remainder`` gives that key, ties and left-over öre included."""
    items = list(enumerate(ws))
    key = data.draw(st.integers(min_value=0, max_value=len(ws) - 1))
    assert largest_remainder_of(total, items, key) == largest_remainder(total, items)[key]


@pytest.mark.rule("G26")
def test_g26_one_share_alone_worked_example_and_refusals():
    """100 öre in three equal parts: 34 + 33 + 33, the left-over öre to the first given."""
    items = [("bou", 1), ("soc", 1), ("vof", 1)]
    assert [largest_remainder_of(100, items, k) for k, _w in items] == [34, 33, 33]
    assert [largest_remainder_of(-100, items, k) for k, _w in items] == [-34, -33, -33]
    with pytest.raises(KeyError):
        largest_remainder_of(100, items, "kof")
    with pytest.raises(ValueError):
        largest_remainder_of(100, [("a", 0), ("b", 0)], "a")
    with pytest.raises(ValueError):
        largest_remainder_of(100, [("a", -1), ("b", 2)], "b")


@pytest.mark.rule("G26")
@given(total=st.integers(min_value=-(10**9), max_value=-1), ws=weights)
def test_g26_a_credit_is_shared_like_a_cost(total, ws):
    items = list(enumerate(ws))
    credit = largest_remainder(total, items)
    assert credit == {k: -v for k, v in largest_remainder(-total, items).items()}
    assert sum(credit.values()) == total


@pytest.mark.rule("G26")
def test_g26_a_key_without_a_positive_weight_is_refused():
    with pytest.raises(ValueError):
        largest_remainder(100, [("a", 0), ("b", 0)])
    with pytest.raises(ValueError):
        largest_remainder(100, [("a", -1), ("b", 2)])


@pytest.mark.rule("G26")
def test_g26_worked_example_one_hundred_kronor_in_three():
    """100 kr in three equal parts: 33.34 + 33.33 + 33.33 — the first in code order."""
    shares = allocate(Decimal(100), [("bou", 1), ("soc", 1), ("vof", 1)])
    assert shares == {"bou": Decimal("33.34"), "soc": Decimal("33.33"), "vof": Decimal("33.33")}
    assert to_ore(Decimal("33.335")) == 3334


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.rule("G26")
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**9),  # the system's cost in kronor
            st.sampled_from(["users", "employees", "licences", "equal"]),
            st.lists(st.integers(min_value=0, max_value=5000), min_size=6, max_size=6).filter(
                lambda ws: sum(ws) > 0
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_g26_departments_shares_sum_to_the_allocated_systems_cost(policy, it_economist, data):
    """For any keys and costs, the overview's shares of all departments equal the allocated
    systems' total cost to the öre, and each statement's share line is its rows' sum."""
    try:
        with transaction.atomic():
            units = [OrgUnitFactory(code=f"d{i}", name=f"Förvaltning {i}") for i in range(6)]
            total = Decimal(0)
            for n, (cost, basis, ws) in enumerate(data):
                system = SystemFactory(
                    name=f"Gemensamt {n}",
                    category="common",
                    common_kind="",
                    financing_principle="allocated",
                    owner_unit=units[0],
                )
                SystemCostFactory(system=system, year=YEAR, kind="licence", amount=cost)
                services.allocation_key_create(
                    actor=it_economist,
                    system=system,
                    basis=basis,
                    valid_from=YEAR,
                    weights=list(zip(units, ws, strict=True)),
                )
                total += cost
            overview = statement.municipality_overview(YEAR)
            assert overview.shared_cost == total
            assert overview.total("outcome", Source.SHARES) == total
            assert overview.shares_reconcile
            for st_ in overview.statements:
                line = st_.lines[Source.SHARES]
                assert line.outcome >= 0
            one = statement.department_statement(units[0], YEAR)
            line = one.lines[Source.SHARES]
            assert line.outcome == sum((r.amount for r in line.rows), Decimal(0))
            # a statement computes only its department's shares: each is, to the öre, the
            # whole allocation's share of that department, system by system
            whole = statement.allocation_of_year(YEAR)
            for unit in units:
                own = statement.department_statement(unit, YEAR).lines[Source.SHARES].rows
                assert [(r.system_id, r.label, r.amount) for r in own] == [
                    (r.system_id, r.label, r.amount) for r in whole.shares.get(unit.pk, [])
                ]
            raise _Rollback
    except _Rollback:
        pass
