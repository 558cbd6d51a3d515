"""Rental API regressions found by tests/api/test_openapi_fuzz.py: integer query parameters and
responses that did not match the published schema (null values, the ledger's month)."""

from __future__ import annotations

import datetime
import re

import pytest

from styrsam.rental.runs import rent_run
from tests.factories import RentedAssetFactory, RentLevelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def components(api_client, head_of_it):
    api_client.force_authenticate(head_of_it)
    return api_client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


@pytest.mark.parametrize("value", [str(2**64), str(2**63), "²", "٣", "-1", "20x6", "1999"])
def test_rent_levels_invalid_year_filter_is_refused(api_client, it_economist, rent_2026, value):
    """Once a 500 (found by schemathesis); then ignored; now a declared filter of the schema
    (lists.RentLevelFilterSet): a value that is not a year 2000–2100 answers 400."""
    api_client.force_authenticate(it_economist)
    response = api_client.get("/api/v1/rent-levels/", {"year": value})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == ["year"]


def test_rent_levels_year_filter_in_the_schema(components, api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    [year] = [
        p
        for p in schema["paths"]["/api/v1/rent-levels/"]["get"]["parameters"]
        if p["name"] == "year"
    ]
    assert year["schema"]["type"] == "integer"


def test_rent_levels_year_filter(api_client, it_economist, computer, rent_2026):
    RentLevelFactory(asset_type=computer, year=2027, monthly_amount=310)
    api_client.force_authenticate(it_economist)
    data = api_client.get("/api/v1/rent-levels/", {"year": "2027"}).json()
    assert [level["year"] for level in data["results"]] == [2027]


@pytest.mark.rule("G16")
def test_g16_draft_rent_level_has_null_decision(
    api_client, it_economist, computer, rent_2026, components
):
    RentLevelFactory(asset_type=computer, year=2027, monthly_amount=310)
    api_client.force_authenticate(it_economist)
    levels = api_client.get("/api/v1/rent-levels/", {"year": 2027}).json()["results"]
    assert [(level["status"], level["decision"]) for level in levels] == [("draft", None)]
    assert components["RentLevel"]["properties"]["decision"]["nullable"] is True


def test_asset_without_user_is_null_in_the_schema_too(
    api_client, head_of_it, vof, computer, components
):
    asset = RentedAssetFactory(asset_type=computer, department=vof, user=None)
    api_client.force_authenticate(head_of_it)
    assert api_client.get(f"/api/v1/assets/{asset.pk}/").json()["user"] is None
    assert api_client.get("/api/v1/assets/").json()["results"][0]["user"] is None
    assert components["Asset"]["properties"]["user"]["nullable"] is True


@pytest.mark.rule("G08")
def test_g08_ledger_month_is_yyyy_mm_as_documented(
    api_client, head_of_it, vof, computer, rent_2026, components
):
    RentedAssetFactory(asset_type=computer, department=vof)
    rent_run(actor=head_of_it, month=datetime.date(2026, 9, 1))
    api_client.force_authenticate(head_of_it)
    [line] = api_client.get("/api/v1/ledger/").json()["results"]
    assert line["month"] == "2026-09"  # the wire format exports and clients rely on
    assert api_client.get(f"/api/v1/ledger/{line['id']}/").json()["month"] == "2026-09"
    month = components["LedgerLine"]["properties"]["month"]
    assert month["type"] == "string" and "format" not in month
    assert re.fullmatch(month["pattern"], line["month"])
