"""Property-based tests of the rent run: pro rata is exact and a rerun adds nothing (G08)."""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrsam.rental.models import LedgerLine, RentedAsset
from styrsam.rental.money import round_ore
from styrsam.rental.runs import rent_run
from tests.factories import OrgUnitFactory

YEAR_START = datetime.date(2026, 1, 1)
assets_strategy = st.lists(
    st.tuples(
        st.integers(0, 1),  # department index
        st.integers(0, 1),  # asset type index
        st.integers(0, 364),  # start offset in 2026
        st.one_of(st.none(), st.integers(0, 120)),  # length in days, or still rented
    ),
    max_size=25,
)
month_strategy = st.integers(1, 10)


def _naive(assets, month: datetime.date, levels) -> dict:
    """The expected charge computed asset by asset and day by day, in plain Python."""
    dim = calendar.monthrange(month.year, month.month)[1]
    days: dict = {}
    for a in assets:
        for d in range(dim):
            day = month + datetime.timedelta(days=d)
            if a.start_date <= day and (a.end_date is None or day <= a.end_date):
                key = (a.department_id, a.asset_type_id)
                days[key] = days.get(key, 0) + 1
    return {
        k: (Decimal(levels[k[1]]) * n / dim).quantize(Decimal("0.01"), ROUND_HALF_UP)
        for k, n in days.items()
    }


def _create(spec, units, types, prefix="P"):
    rows = []
    for i, (u, t, start, length) in enumerate(spec):
        start_date = YEAR_START + datetime.timedelta(days=start)
        end = None if length is None else start_date + datetime.timedelta(days=length)
        rows.append(
            RentedAsset(
                asset_type=types[t],
                department=units[u],
                tag=f"{prefix}{i}",
                start_date=start_date,
                end_date=end,
            )
        )
    return RentedAsset.objects.bulk_create(rows)


@pytest.mark.rule("G08")
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=assets_strategy, month_no=month_strategy)
def test_g08_property_pro_rata_sum_equals_naive_computation(
    head_of_it, computer, screen, rent_2026, spec, month_no
):
    from django.db import transaction

    with transaction.atomic():
        units = [OrgUnitFactory(), OrgUnitFactory()]
        types = [computer, screen]
        assets = _create(spec, units, types)
        month = datetime.date(2026, month_no, 1)
        rent_run(actor=head_of_it, month=month)
        expected = _naive(assets, month, {computer.pk: 300, screen.pk: 62})
        got = {
            (r["department_id"], r["asset_type_id"]): round_ore(r["s"])
            for r in LedgerLine.objects.filter(month=month)
            .values("department_id", "asset_type_id")
            .annotate(s=Sum("amount"))
        }
        assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}
        transaction.set_rollback(True)


@pytest.mark.rule("G08")
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=assets_strategy, later=assets_strategy, month_no=month_strategy)
def test_g08_property_rerun_is_idempotent_and_corrections_reconcile(
    head_of_it, computer, screen, rent_2026, spec, later, month_no
):
    from django.db import transaction

    with transaction.atomic():
        units = [OrgUnitFactory(), OrgUnitFactory()]
        types = [computer, screen]
        month = datetime.date(2026, month_no, 1)
        first = _create(spec, units, types)
        rent_run(actor=head_of_it, month=month)
        assert rent_run(actor=head_of_it, month=month).lines_added == 0
        # a late change: some assets removed from the month (ended before it), others added
        for asset in first[::2]:
            RentedAsset.objects.filter(pk=asset.pk).update(
                start_date=YEAR_START, end_date=YEAR_START
            )
        _create(later, units, types, prefix="L")
        rent_run(actor=head_of_it, month=month)
        assert rent_run(actor=head_of_it, month=month).lines_added == 0
        current = list(RentedAsset.objects.filter(department__in=units))
        expected = _naive(current, month, {computer.pk: 300, screen.pk: 62})
        got = sum(
            LedgerLine.objects.filter(month=month, department__in=units).values_list(
                "amount", flat=True
            ),
            Decimal("0"),
        )
        assert got == sum(expected.values(), Decimal("0"))
        transaction.set_rollback(True)
