"""One validation layer for bounds (styrsam.core.bounds, issue #12): a value a column cannot
hold is refused before it is saved, with a Swedish error naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from styrsam.core import bounds
from styrsam.core.errors import ValidationFailed
from styrsam.organisation.models import OrgUnit
from styrsam.rental.models import LedgerLine, RentDecision, RentLevel
from styrsam.systems.models import System, SystemCost


def _refused(instance) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        bounds.check_instance(instance)
    assert caught.value.status == 400
    assert caught.value.code == "out_of_bounds"
    return caught.value


@pytest.mark.parametrize("name", ["a\x00b", "a\x07b", "tab\there", "cr\rhere", "del\x7f", "c1\x85"])
def test_single_line_text_refuses_control_characters(name, db):
    error = _refused(OrgUnit(code="x", name=name, kind="department"))
    assert error.field == "name"
    assert error.detail.startswith("Namn: ")
    assert "styrtecken" in error.detail


def test_multi_line_text_keeps_line_breaks_and_tabs_but_not_nul(db):
    bounds.check_instance(System(name="A", description="rad 1\r\nrad 2\tindrag"))
    assert _refused(System(name="A", description="a\x00")).field == "description"


def test_text_within_max_length(db):
    bounds.check_instance(System(name="x" * 200))
    error = _refused(System(name="x" * 201))
    assert error.field == "name"
    assert "högst 200 tecken" in error.detail


def test_money_within_the_columns_digits_and_not_negative(db):
    bounds.check_instance(SystemCost(year=2026, kind="licence", amount=Decimal("999999999999")))
    error = _refused(SystemCost(year=2026, kind="licence", amount=Decimal("1e15")))
    assert error.field == "amount"
    assert "för stort belopp" in error.detail
    assert "får inte vara negativt" in _refused(SystemCost(year=2026, amount=-1)).detail
    assert "måste vara ett tal" in _refused(SystemCost(year=2026, amount=Decimal("NaN"))).detail


def test_a_correction_line_may_be_negative(db):
    line = LedgerLine(
        month=datetime.date(2026, 9, 1),
        asset_count=-1,
        asset_days=-30,
        monthly_amount=Decimal("300"),
        amount=Decimal("-300.00"),
    )
    bounds.check_instance(line)


def test_integers_within_the_column_on_every_database(db):
    error = _refused(System(name="A", user_count=2**31))
    assert error.field == "user_count"
    assert "2147483647" in error.detail


@pytest.mark.parametrize("year", [0, 1, 1900, 1999, 2101, 9999])
def test_years_outside_the_window_are_refused(year, db):
    error = _refused(RentLevel(year=year, monthly_amount=1))
    assert error.field == "year"
    assert "mellan 2000 och 2100" in error.detail


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(1, 1, 1),
        datetime.date(1999, 12, 31),
        datetime.date(2101, 1, 1),
        datetime.date(9999, 12, 31),
    ],
)
def test_dates_outside_the_window_are_refused(day, db):
    error = _refused(System(name="A", contract_end=day))
    assert error.field == "contract_end"
    assert "2000-01-01 och 2100-12-31" in error.detail


def test_a_decision_is_not_dated_in_the_future(db):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    decision = RentDecision(year=2026, group_code="g", reference="r", decided_on=tomorrow)
    assert "framtiden" in _refused(decision).detail


def test_the_policy_sets_the_date_window(policy):
    from styrsam.guideline.models import PolicyVersion
    from tests.factories import replace_active_policy_data

    version = PolicyVersion.objects.get(is_active=True)
    replace_active_policy_data(
        {**version.data, "limits": {"date_window": {"first_year": 1990, "last_year": 2050}}}
    )
    assert bounds.date_window() == (1990, 2050)
    bounds.check_instance(System(name="A", contract_end=datetime.date(1995, 1, 1)))
    assert "mellan 1990 och 2050" in _refused(RentLevel(year=2051, monthly_amount=1)).detail


def test_policy_file_with_limits_is_valid_and_a_bad_window_is_refused():
    from styrsam.guideline.policy import default_policy_path
    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    text = default_policy_path().read_text(encoding="utf-8")
    good = text + "\nlimits:\n  date_window:\n    first_year: 1995\n    last_year: 2080\n"
    assert validate_policy(good)["limits"]["date_window"]["first_year"] == 1995
    with pytest.raises(PolicyInvalid):
        validate_policy(
            text + "\nlimits:\n  date_window:\n    first_year: 0\n    last_year: 2080\n"
        )


def test_every_save_of_a_styrsam_model_is_checked(db):
    """The pre_save signal covers every service without each one calling it."""
    with pytest.raises(ValidationFailed):
        OrgUnit.objects.create(code="x", name="a\x00b", kind="department")
    assert not OrgUnit.objects.filter(code="x").exists()


def test_the_audit_log_is_exempt(db):
    from styrsam.core.models import AuditEntry

    assert AuditEntry.bounds_exempt is True
