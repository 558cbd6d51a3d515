"""Bounds of the rental system (issue #12): months and years outside the policy's date window
are refused before they reach the append-only tables; month parameters never answer 500."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from styrsam.core.errors import ValidationFailed
from styrsam.rental.models import LedgerLine, RentDecision, RentLevel, RentRun
from styrsam.rental.runs import rent_run

BAD_MONTHS = ["0000-01", "0001-01", "1900-01", "2101-01", "9999-12"]


@pytest.mark.parametrize("month", BAD_MONTHS)
def test_rent_run_for_a_month_outside_the_window_is_refused_by_the_api(
    api_client, head_of_it, rent_2026, month
):
    api_client.force_authenticate(head_of_it)
    response = api_client.post("/api/v1/rent-runs/", {"month": month}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "mellan 2000-01 och 2100-12" in response.json()["errors"]["month"][0]
    assert not RentRun.objects.exists()


@pytest.mark.parametrize("month", ["0001-01", "1900-01"])
def test_rent_run_page_and_command_refuse_old_months(client, head_of_it, rent_2026, month):
    client.force_login(head_of_it)
    assert client.post(reverse("rental:rent_run"), {"month": month}).status_code == 400
    with pytest.raises(CommandError, match="mellan 2000-01 och 2100-12"):
        call_command("rent_run", month=month)
    assert not RentRun.objects.exists()


def test_rent_run_service_refuses_a_month_outside_the_window(head_of_it, rent_2026):
    with pytest.raises(ValidationFailed) as caught:
        rent_run(actor=head_of_it, month=datetime.date(1900, 1, 1))
    assert caught.value.field == "month"
    assert not RentRun.objects.exists()
    assert not LedgerLine.objects.exists()


def test_rent_decision_dated_9999_12_31_is_refused(api_client, finance_director, computer):
    RentLevel.objects.create(asset_type=computer, year=2027, monthly_amount=300)
    api_client.force_authenticate(finance_director)
    response = api_client.post(
        "/api/v1/rent-levels/decide/",
        {"year": 2027, "reference": "§ 5", "decided_on": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "decided_on"
    assert not RentDecision.objects.exists()
    assert RentLevel.objects.get(year=2027).status == "draft"


def test_rent_decision_dated_in_the_future_is_refused(api_client, finance_director, computer):
    RentLevel.objects.create(asset_type=computer, year=2027, monthly_amount=300)
    api_client.force_authenticate(finance_director)
    later = datetime.date.today() + datetime.timedelta(days=30)
    response = api_client.post(
        "/api/v1/rent-levels/decide/",
        {"year": 2027, "reference": "§ 5", "decided_on": later.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "framtiden" in response.json()["detail"]
    assert not RentDecision.objects.exists()


@pytest.mark.parametrize("year", [0, 1, 1999, 32767])
def test_rent_level_draft_for_a_year_outside_the_window_is_refused(
    api_client, it_economist, computer, year
):
    api_client.force_authenticate(it_economist)
    response = api_client.post(
        "/api/v1/rent-levels/",
        {"asset_type": "computer", "year": year, "monthly_amount": "300"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "year"
    assert not RentLevel.objects.exists()


def test_rent_level_beyond_the_columns_digits_is_refused(api_client, it_economist, computer):
    api_client.force_authenticate(it_economist)
    response = api_client.post(
        "/api/v1/rent-levels/",
        {"asset_type": "computer", "year": 2027, "monthly_amount": "1e15"},
        format="json",
    )
    assert response.status_code == 400
    assert not RentLevel.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/hyra/reskontra/",
        "/hyra/reskontra/export.xlsx",
        "/hyra/reskontra/export.csv",
        "/hyra/fakturaunderlag/",
        "/hyra/fakturaunderlag/?format=xlsx",
        "/hyra/fakturaunderlag/?format=csv",
    ],
)
def test_month_parameters_outside_the_window_fall_back(client, head_of_it, url):
    """Every bad month on one page in one test (the policy and the persona made once per
    page, decision 0020); the assertion names each month that failed."""
    client.force_login(head_of_it)
    joiner = "&" if "?" in url else "?"
    statuses = {m: client.get(f"{url}{joiner}manad={m}").status_code for m in BAD_MONTHS}
    assert statuses == dict.fromkeys(BAD_MONTHS, 200)


def test_ledger_api_month_outside_the_window_is_400(api_client, head_of_it):
    api_client.force_authenticate(head_of_it)
    answers = {}
    for month in BAD_MONTHS:
        response = api_client.get("/api/v1/ledger/", {"month": month})
        answers[month] = (response.status_code, response.json()["code"])
    assert answers == dict.fromkeys(BAD_MONTHS, (400, "invalid"))
