"""/api/v1/systems/: filters, create, update by owner or IT strategist, the G18 409."""

from __future__ import annotations

import pytest

from styrsam.core.api import MAX_PAGE_SIZE
from styrsam.systems.api import CostSerializer
from styrsam.systems.models import System
from tests.factories import OrgUnitFactory, SystemCostFactory, SystemFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/systems/"


def _names(response):
    return [row["name"] for row in response.json()["results"]]


def test_api_list_filters(api_client, plain_user, vof, bou):
    SystemFactory(name="Lifecare", owner_unit=vof, lifecycle="in_use")
    SystemFactory(name="Unikum", owner_unit=bou, lifecycle="phase_out")
    SystemFactory(
        name="Raindance",
        owner_unit=vof,
        category="common",
        common_kind="finance",
        financing_principle="allocated",
    )
    api_client.force_authenticate(plain_user)
    assert _names(api_client.get(URL, {"owner_unit": "bou"})) == ["Unikum"]
    assert _names(api_client.get(URL, {"category": "common"})) == ["Raindance"]
    assert _names(api_client.get(URL, {"common_kind": "finance"})) == ["Raindance"]
    assert _names(api_client.get(URL, {"lifecycle": "phase_out"})) == ["Unikum"]
    assert _names(api_client.get(URL, {"q": "life"})) == ["Lifecare"]
    assert len(_names(api_client.get(URL))) == 3


def test_api_requires_login(api_client, policy):
    assert api_client.get(URL).status_code in {401, 403}


@pytest.mark.rule("G18")
def test_g18_api_second_finance_system_is_409(api_client, it_strategist, vof):
    api_client.force_authenticate(it_strategist)
    body = {
        "name": "Raindance",
        "category": "common",
        "common_kind": "finance",
        "owner_unit": "vof",
        "financing_principle": "allocated",
    }
    assert api_client.post(URL, body, format="json").status_code == 201
    response = api_client.post(URL, {**body, "name": "Agresso"}, format="json")
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "common_kind_taken"
    assert data["rule"] == "G18"
    assert "Raindance" in data["detail"]


@pytest.mark.rule("G25")
def test_g25_api_business_system_with_central_budget_is_400(api_client, it_strategist, vof):
    api_client.force_authenticate(it_strategist)
    body = {
        "name": "Treserva",
        "category": "business",
        "owner_unit": "vof",
        "financing_principle": "central_budget",
    }
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["rule"] == "G25"


def test_api_create_with_people_and_units(
    api_client, it_strategist, owner, system_manager, vof, bou
):
    api_client.force_authenticate(it_strategist)
    body = {
        "name": "Lifecare",
        "category": "business",
        "owner_unit": "vof",
        "owner": "eva",
        "manager": "therese",
        "representatives": ["eva"],
        "using_units": ["vof", "bou"],
        "criticality": "larger_critical",
    }
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["owner"] == "eva" and data["manager"] == "therese"
    assert sorted(data["using_units"]) == ["bou", "vof"]
    assert data["financing_principle"] == "department_own"


def test_api_owner_updates_own_system(api_client, owner, care_system):
    api_client.force_authenticate(owner)
    response = api_client.patch(f"{URL}{care_system.pk}/", {"vendor": "Tietoevry"}, format="json")
    assert response.status_code == 200, response.json()
    care_system.refresh_from_db()
    assert care_system.vendor == "Tietoevry"


def test_api_other_owner_gets_403(api_client, other_owner, care_system):
    api_client.force_authenticate(other_owner)
    response = api_client.patch(f"{URL}{care_system.pk}/", {"vendor": "X"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_api_plain_user_cannot_create(api_client, plain_user, vof):
    api_client.force_authenticate(plain_user)
    body = {"name": "X", "category": "business", "owner_unit": "vof"}
    assert api_client.post(URL, body, format="json").status_code == 403
    assert not System.objects.filter(name="X").exists()


def test_api_costs_only_for_those_who_may_see_them(api_client, owner, plain_user, care_system):
    SystemCostFactory(system=care_system, amount=5000)
    api_client.force_authenticate(plain_user)
    assert api_client.get(f"{URL}{care_system.pk}/").json()["costs"] is None
    api_client.force_authenticate(owner)
    costs = api_client.get(f"{URL}{care_system.pk}/").json()["costs"]
    assert costs == [{"year": 2026, "kind": "licence", "amount": "5000"}]


def test_api_list_query_count_equal_for_1_and_50(api_client, plain_user, count_queries):
    unit = OrgUnitFactory()
    api_client.force_authenticate(plain_user)
    SystemFactory(owner_unit=unit)
    api_client.get(URL)
    with count_queries() as one:
        api_client.get(URL)
    SystemFactory.create_batch(49, owner_unit=unit)
    with count_queries() as fifty:
        response = api_client.get(URL)
    assert len(response.json()["results"]) == 50
    assert one.count == fifty.count


def test_api_list_costs_without_a_serializer_per_row(
    api_client, owner, care_system, vof, monkeypatch
):
    """Issue 18: 50 systems' costs are read without allocating a serializer per row, and
    read the same as before (year, kind, amount as text)."""
    for system in [care_system, *SystemFactory.create_batch(49, owner=owner, owner_unit=vof)]:
        SystemCostFactory(system=system, amount=5000)
    created = []
    original_init = CostSerializer.__init__

    def counting_init(self, *args, **kwargs):
        created.append(1)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(CostSerializer, "__init__", counting_init)
    api_client.force_authenticate(owner)
    response = api_client.get(URL)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 50
    assert all(
        row["costs"] == [{"year": 2026, "kind": "licence", "amount": "5000"}] for row in rows
    )
    assert len(created) <= 1


def test_api_largest_page_size_is_bounded(api_client, plain_user, vof):
    """Issue 18: ``page_size`` above the bound gives the bound's number of rows, not all."""
    SystemFactory.create_batch(MAX_PAGE_SIZE + 1, owner_unit=vof)
    api_client.force_authenticate(plain_user)
    response = api_client.get(URL, {"page_size": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == MAX_PAGE_SIZE + 1
    assert len(body["results"]) == MAX_PAGE_SIZE
    assert body["next"] is not None


def test_api_schema_documents_systems(api_client, plain_user):
    api_client.force_authenticate(plain_user)
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/systems/" in paths
    assert "409" in paths["/api/v1/systems/"]["post"]["responses"]
