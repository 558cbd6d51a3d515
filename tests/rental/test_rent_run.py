"""The rent run: pro rata, per department (G24), idempotent, corrections never edits (G08)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from styrsam.core.errors import Conflict, NotAllowed
from styrsam.rental import services
from styrsam.rental.models import LedgerLine, RentRun
from styrsam.rental.money import charge_amount
from styrsam.rental.runs import rent_run
from tests.factories import RentedAssetFactory

from .conftest import SEPT

D = datetime.date


def _lines(month=SEPT):
    return list(LedgerLine.objects.filter(month=month).order_by("id"))


@pytest.mark.rule("G24")
def test_g24_each_department_charged_for_own_assets(head_of_it, vof, bou, computer, rent_2026):
    RentedAssetFactory.create_batch(
        3, asset_type=computer, department=vof, start_date=D(2026, 1, 1)
    )
    RentedAssetFactory(asset_type=computer, department=bou, start_date=D(2026, 1, 1))
    rent_run(actor=head_of_it, month=SEPT)
    by_dept = {line.department_id: line for line in _lines()}
    assert by_dept[vof.pk].asset_count == 3
    assert by_dept[vof.pk].amount == Decimal("900.00")
    assert by_dept[bou.pk].asset_count == 1
    assert by_dept[bou.pk].amount == Decimal("300.00")


@pytest.mark.rule("G08")
def test_g08_pro_rata_for_assets_starting_and_ending_mid_month(
    head_of_it, vof, computer, rent_2026
):
    RentedAssetFactory(asset_type=computer, department=vof, start_date=D(2026, 9, 11))  # 20 days
    RentedAssetFactory(
        asset_type=computer, department=vof, start_date=D(2026, 1, 1), end_date=D(2026, 9, 10)
    )  # 10 days
    RentedAssetFactory(
        asset_type=computer, department=vof, start_date=D(2026, 1, 1), end_date=D(2026, 8, 31)
    )  # none
    rent_run(actor=head_of_it, month=SEPT)
    [line] = _lines()
    assert (line.asset_count, line.asset_days) == (2, 30)
    assert line.amount == Decimal("300.00")


def test_rounding_is_defined_once_half_up_to_ore():
    assert charge_amount(Decimal("62"), 1, SEPT) == Decimal("2.07")  # 2.0666…
    assert charge_amount(Decimal("100"), 1, D(2026, 8, 1)) == Decimal("3.23")  # 3.2258…
    assert charge_amount(Decimal("0.15"), 1, D(2026, 2, 1)) == Decimal("0.01")  # 0.00535…


@pytest.mark.rule("G08")
def test_g08_second_run_for_the_same_month_adds_nothing(head_of_it, vof, computer, rent_2026):
    RentedAssetFactory.create_batch(2, asset_type=computer, department=vof)
    first = rent_run(actor=head_of_it, month=SEPT)
    second = rent_run(actor=head_of_it, month=SEPT)
    assert first.lines_added == 1
    assert second.lines_added == 0
    assert LedgerLine.objects.count() == 1
    assert RentRun.objects.count() == 2


@pytest.mark.rule("G08")
def test_g08_late_change_adds_only_the_difference_as_correction(
    head_of_it, vof, bou, computer, rent_2026
):
    asset = RentedAssetFactory(asset_type=computer, department=vof, start_date=D(2026, 1, 1))
    rent_run(actor=head_of_it, month=SEPT)
    [charge] = _lines()
    # Late news: the computer was handed over to bou on 16 September.
    services.asset_transfer(actor=head_of_it, asset=asset, to_department=bou, date=D(2026, 9, 16))
    run = rent_run(actor=head_of_it, month=SEPT)
    assert run.lines_added == 2
    charge.refresh_from_db()
    assert charge.amount == Decimal("300.00")  # never edited
    correction = LedgerLine.objects.get(department=vof, kind="correction")
    assert correction.corrects_id == charge.pk
    assert (correction.asset_count, correction.asset_days) == (0, -15)
    assert correction.amount == Decimal("-150.00")
    new = LedgerLine.objects.get(department=bou)
    assert (new.kind, new.asset_days, new.amount) == ("charge", 15, Decimal("150.00"))
    assert LedgerLine.objects.aggregate(s=Sum("amount"))["s"] == Decimal("300.00")


@pytest.mark.rule("G16")
def test_g16_run_refused_without_decided_rent(head_of_it, vof, computer):
    RentedAssetFactory(asset_type=computer, department=vof)
    with pytest.raises(Conflict) as exc:
        rent_run(actor=head_of_it, month=SEPT)
    assert exc.value.rule == "G16"
    assert LedgerLine.objects.count() == 0


def test_run_refused_for_a_future_month(head_of_it, rent_2026):
    with pytest.raises(Conflict):
        rent_run(actor=head_of_it, month=D(2099, 1, 1))


def test_run_refused_for_department_economist(economist_vof, rent_2026):
    with pytest.raises(NotAllowed):
        rent_run(actor=economist_vof, month=SEPT)
