"""The rented equipment and the investment budget through the API (G08, G24): registered,
returned and transferred by those who manage the equipment, the budget set by those who
manage it — through the same services as the pages, audited; a refused write leaves nothing."""

from __future__ import annotations

import datetime

import pytest

from styrsam.core.models import AuditEntry
from styrsam.rental.models import InvestmentBudget, RentedAsset
from tests.factories import RentedAssetFactory

D = datetime.date


@pytest.fixture
def laptop(computer, vof):
    return RentedAssetFactory(
        tag="EK-1", asset_type=computer, department=vof, start_date=D(2026, 1, 1)
    )


@pytest.mark.rule("G08")
def test_g08_register_through_the_api_as_on_the_page(api_client, service_desk, computer, vof):
    api_client.force_authenticate(service_desk)
    body = {
        "asset_type": "computer",
        "tag": "EK-2001",
        "model": "Latitude 5550",
        "department": "vof",
        "start_date": "2026-09-01",
    }
    created = api_client.post("/api/v1/assets/", body, format="json")
    assert created.status_code == 201, created.json()
    asset = RentedAsset.objects.get(tag="EK-2001")
    assert created.json()["id"] == asset.pk
    assert (asset.department, asset.start_date) == (vof, D(2026, 9, 1))
    assert AuditEntry.objects.filter(action="asset.register", object_id=str(asset.pk)).count() == 1

    again = api_client.post("/api/v1/assets/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "tag_taken"
    assert RentedAsset.objects.filter(tag="EK-2001").count() == 1


@pytest.mark.rule("G08")
def test_g08_a_department_economist_registers_nothing(api_client, economist_vof, computer, vof):
    api_client.force_authenticate(economist_vof)
    audit = AuditEntry.objects.count()
    refused = api_client.post(
        "/api/v1/assets/",
        {"asset_type": "computer", "tag": "X", "department": "vof", "start_date": "2026-09-01"},
        format="json",
    )
    assert refused.status_code == 403
    assert not RentedAsset.objects.exists()
    assert AuditEntry.objects.count() == audit


@pytest.mark.rule("G08")
def test_g08_equipment_is_rented_to_departments_only(api_client, service_desk, computer, vof):
    """A committee or another kind of unit does not rent (400 with the rule)."""
    from tests.factories import OrgUnitFactory

    office = OrgUnitFactory(code="stab", kind="office")
    api_client.force_authenticate(service_desk)
    refused = api_client.post(
        "/api/v1/assets/",
        {
            "asset_type": "computer",
            "tag": "X",
            "department": office.code,
            "start_date": "2026-09-01",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["rule"] == "G08"
    assert not RentedAsset.objects.exists()


@pytest.mark.rule("G24")
def test_g24_return_and_transfer_through_the_api(api_client, head_of_it, laptop, bou):
    api_client.force_authenticate(head_of_it)
    moved = api_client.post(
        f"/api/v1/assets/{laptop.pk}/transfer/",
        {"to_department": "bou", "date": "2026-10-01"},
        format="json",
    )
    assert moved.status_code == 201, moved.json()
    laptop.refresh_from_db()
    new = RentedAsset.objects.get(pk=moved.json()["id"])
    assert (laptop.end_date, laptop.ended_by_transfer) == (D(2026, 9, 30), True)
    assert (new.department, new.start_date, new.transferred_from) == (bou, D(2026, 10, 1), laptop)

    refused = api_client.post(
        f"/api/v1/assets/{laptop.pk}/return/", {"end_date": "2026-10-31"}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "already_returned"

    early = api_client.post(
        f"/api/v1/assets/{new.pk}/return/", {"end_date": "2026-09-01"}, format="json"
    )
    assert early.status_code == 400
    new.refresh_from_db()
    assert new.end_date is None
    returned = api_client.post(
        f"/api/v1/assets/{new.pk}/return/", {"end_date": "2026-12-31"}, format="json"
    )
    assert returned.status_code == 200, returned.json()
    assert returned.json()["end_date"] == "2026-12-31"


@pytest.mark.rule("G08")
def test_g08_investment_budget_through_the_api(api_client, head_of_it, economist_vof):
    api_client.force_authenticate(economist_vof)
    assert (
        api_client.post(
            "/api/v1/investment-budgets/", {"year": 2027, "amount": "1000.00"}, format="json"
        ).status_code
        == 403
    )
    assert not InvestmentBudget.objects.exists()

    api_client.force_authenticate(head_of_it)
    negative = api_client.post(
        "/api/v1/investment-budgets/", {"year": 2027, "amount": "-1"}, format="json"
    )
    assert negative.status_code == 400
    assert not InvestmentBudget.objects.exists()
    saved = api_client.post(
        "/api/v1/investment-budgets/", {"year": 2027, "amount": "2300000.00"}, format="json"
    )
    assert saved.status_code == 201, saved.json()
    changed = api_client.post(
        "/api/v1/investment-budgets/", {"year": 2027, "amount": "2400000.00"}, format="json"
    )
    assert changed.status_code == 201
    assert InvestmentBudget.objects.get(year=2027).amount == 2400000
    listed = api_client.get("/api/v1/investment-budgets/").json()
    assert [(row["year"], row["amount"], row["used"]) for row in listed["results"]] == [
        (2027, "2400000.00", "0.00")
    ]
    assert AuditEntry.objects.filter(action="budget.set").count() == 2


@pytest.mark.rule("G08")
def test_g08_investment_budget_list_queries_do_not_grow_with_rows(
    api_client, head_of_it, count_queries
):
    """What each year's purchases used is summed in the list's one query, not per row."""
    from decimal import Decimal

    from styrsam.rental.models import InvestmentPurchase

    def add(year):
        budget = InvestmentBudget.objects.create(year=year, amount=Decimal("1000000"))
        InvestmentPurchase.objects.create(
            budget=budget, date=D(year, 3, 1), amount=Decimal("1200.50"), description="Datorer"
        )
        InvestmentPurchase.objects.create(
            budget=budget, date=D(year, 4, 1), amount=Decimal("99.50"), description="Skärmar"
        )

    api_client.force_authenticate(head_of_it)
    add(2020)
    api_client.get("/api/v1/investment-budgets/")  # warm: the policy in force is cached
    with count_queries() as one:
        first = api_client.get("/api/v1/investment-budgets/")
    for year in range(2021, 2030):
        add(year)
    with count_queries() as ten:
        response = api_client.get("/api/v1/investment-budgets/")
    assert first.status_code == response.status_code == 200
    assert one.count == ten.count
    rows = response.json()["results"]
    assert len(rows) == 10
    assert {row["used"] for row in rows} == {"1300.00"}
