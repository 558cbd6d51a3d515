"""The finance API (/api/v1/budgets/, /cost-allocations/, /department-costs/,
/department-budgets/): the same services as the pages, exact status codes, JSON errors with
the rule, filters in the schema, query counts that do not grow with the rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from styrsam.finance import services
from styrsam.finance.models import AllocationKey, BudgetFrame, BudgetPlan, DepartmentBudget
from tests.vocab import c

from .conftest import RECENT, YEAR, decided_plan, plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/budgets/",
        "/api/v1/cost-allocations/",
        "/api/v1/department-costs/",
        "/api/v1/department-budgets/",
    ],
)
def test_anonymous_is_refused(api_client, url, policy):
    assert api_client.get(url).status_code == 401


@pytest.mark.parametrize(
    "url", ["/api/v1/budgets/", "/api/v1/cost-allocations/", "/api/v1/department-costs/"]
)
def test_without_a_finance_role_forbidden(api_client, outsider, url):
    api_client.force_authenticate(outsider)
    assert api_client.get(url).status_code == 403


# budgets


@pytest.mark.rule("G16")
def test_g16_budgets_filtered_by_year_and_kind(api_client, finance_director, it_economist):
    decided = decided_plan(finance_director, it_economist, first_year=YEAR)
    draft = plan(it_economist, kind="operating", first_year=YEAR + 2)
    api_client.force_authenticate(finance_director)
    data = api_client.get("/api/v1/budgets/", {"year": YEAR}).json()
    assert [p["id"] for p in data["results"]] == [decided.pk]
    frames = data["results"][0]["frames"]
    assert [(f["year"], f["amount"], f["in_force"]) for f in frames][0] == (YEAR, "1000000", True)
    data = api_client.get("/api/v1/budgets/", {"kind": "operating"}).json()
    assert [p["id"] for p in data["results"]] == [draft.pk]
    assert data["results"][0]["rule"] == "G16" and data["results"][0]["status"] == "draft"
    bad = api_client.get("/api/v1/budgets/", {"kind": "salaries"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert api_client.get("/api/v1/budgets/", {"year": "x"}).status_code == 400


@pytest.mark.rule("G16")
def test_g16_create_and_decide_through_the_api(
    api_client, it_economist, finance_director, financing_item, other_item
):
    api_client.force_authenticate(it_economist)
    response = api_client.post(
        "/api/v1/budgets/",
        {"kind": "investment", "first_year": YEAR + 1, "amounts": [100, 200, 300]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    short = api_client.post(
        "/api/v1/budgets/", {"kind": "pool", "first_year": YEAR + 1, "amounts": [1]}, format="json"
    )
    assert short.status_code == 400
    assert (short.json()["code"], short.json()["rule"]) == ("budget_horizon", "G16")
    changed = api_client.patch(
        f"/api/v1/budgets/{pk}/", {"amounts": [110, 210, 310]}, format="json"
    )
    assert changed.status_code == 200
    assert [f["amount"] for f in changed.json()["frames"]] == ["110", "210", "310"]
    refused = api_client.post(f"/api/v1/budgets/{pk}/decide/", {"minute_item": financing_item.pk})
    assert refused.status_code == 403  # the IT unit's economist does not record decisions

    api_client.force_authenticate(finance_director)
    wrong = api_client.post(
        f"/api/v1/budgets/{pk}/decide/", {"minute_item": other_item.pk}, format="json"
    )
    assert wrong.status_code == 409
    assert (wrong.json()["code"], wrong.json()["rule"], wrong.json()["field"]) == (
        "wrong_group",
        "G16",
        "minute_item",
    )
    assert BudgetPlan.objects.get(pk=pk).status == "draft"
    ok = api_client.post(
        f"/api/v1/budgets/{pk}/decide/", {"minute_item": financing_item.pk}, format="json"
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["decided_on"] == f"{RECENT:%Y-%m-%d}"
    assert api_client.patch(f"/api/v1/budgets/{pk}/", {"note": "x"}).status_code == 403
    api_client.force_authenticate(it_economist)
    again = api_client.patch(f"/api/v1/budgets/{pk}/", {"amounts": [1, 1, 1]}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "plan_not_draft"


@pytest.mark.rule("G13")
def test_g13_platform_proposed_through_the_api(
    api_client, it_economist, finance_director, steering_item
):
    draft = plan(it_economist, kind="platform")
    api_client.force_authenticate(finance_director)
    early = api_client.post(
        f"/api/v1/budgets/{draft.pk}/decide/", {"reference": "§ 3"}, format="json"
    )
    assert early.status_code == 409 and early.json()["rule"] == "G13"
    proposed = api_client.post(
        f"/api/v1/budgets/{draft.pk}/propose/", {"minute_item": steering_item.pk}, format="json"
    )
    assert proposed.status_code == 200 and proposed.json()["status"] == "proposed"
    assert proposed.json()["proposed_group"] == c("steering")


def test_budget_list_query_count_same_for_1_and_50(api_client, it_economist, count_queries):
    api_client.force_authenticate(it_economist)
    plan(it_economist, first_year=2030)
    api_client.get("/api/v1/budgets/")
    with count_queries() as one:
        api_client.get("/api/v1/budgets/")
    for i in range(49):
        rows = BudgetPlan.objects.create(kind="operating", first_year=2040 + i, last_year=2042 + i)
        BudgetFrame.objects.bulk_create(
            BudgetFrame(plan=rows, year=2040 + i + n, amount=n) for n in range(3)
        )
    with count_queries() as fifty:
        assert len(api_client.get("/api/v1/budgets/").json()["results"]) == 50
    assert one.count == fifty.count


# cost allocations (G26)


@pytest.mark.rule("G26")
def test_g26_create_a_key_and_read_its_shares(api_client, it_economist, common_system, vof, bou):
    api_client.force_authenticate(it_economist)
    response = api_client.post(
        "/api/v1/cost-allocations/",
        {
            "system": common_system.pk,
            "basis": "percent",
            "valid_from": YEAR,
            "weights": [
                {"department": "vof", "weight": "33.33"},
                {"department": "bou", "weight": "66.67"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["shares"]["cost"] == "100000.00" and data["shares"]["sum"] == "100000.00"
    assert [(r["department"], r["share"]) for r in data["shares"]["rows"]] == [
        ("bou", "66670.00"),
        ("vof", "33330.00"),
    ]
    bad = api_client.post(
        "/api/v1/cost-allocations/",
        {
            "system": common_system.pk,
            "basis": "percent",
            "valid_from": YEAR,
            "weights": [{"department": "vof", "weight": "50"}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert (bad.json()["code"], bad.json()["rule"]) == ("percent_not_100", "G26")
    assert AllocationKey.objects.count() == 1
    listed = api_client.get("/api/v1/cost-allocations/", {"year": YEAR}).json()["results"]
    assert [k["id"] for k in listed] == [data["id"]]
    assert api_client.get("/api/v1/cost-allocations/", {"year": YEAR - 1}).json()["results"] == []
    detail = api_client.get(f"/api/v1/cost-allocations/{data['id']}/", {"year": YEAR - 1}).json()
    assert detail["shares"]["cost"] is None


@pytest.mark.rule("G25")
def test_g25_an_own_system_has_no_key(api_client, it_economist, own_system, vof):
    api_client.force_authenticate(it_economist)
    response = api_client.post(
        "/api/v1/cost-allocations/",
        {
            "system": own_system.pk,
            "basis": "equal",
            "valid_from": YEAR,
            "weights": [{"department": "vof", "weight": 1}],
        },
        format="json",
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule"]) == ("not_shared", "G26")
    assert not AllocationKey.objects.exists()


@pytest.mark.rule("G26")
def test_g26_the_year_filter_gives_the_key_in_force(
    it_economist, common_system, vof, bou, api_client
):
    first = services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="equal",
        valid_from=YEAR - 1,
        weights=[(vof, 1)],
    )
    second = services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="equal",
        valid_from=YEAR,
        weights=[(vof, 1), (bou, 1)],
    )
    api_client.force_authenticate(it_economist)

    def ids(year):
        response = api_client.get("/api/v1/cost-allocations/", {"year": year})
        return [k["id"] for k in response.json()["results"]]

    assert ids(YEAR - 1) == [first.pk]
    assert ids(YEAR + 3) == [second.pk]


def test_key_list_query_count_same_for_1_and_50(api_client, it_economist, vof, count_queries):
    from tests.factories import SystemFactory

    def key(n):
        system = SystemFactory(category="common", financing_principle="allocated", owner_unit=vof)
        services.allocation_key_create(
            actor=it_economist, system=system, basis="equal", valid_from=YEAR, weights=[(vof, 1)]
        )

    key(0)
    api_client.force_authenticate(it_economist)
    api_client.get("/api/v1/cost-allocations/")
    with count_queries() as one:
        api_client.get("/api/v1/cost-allocations/")
    for n in range(49):
        key(n + 1)
    with count_queries() as fifty:
        assert len(api_client.get("/api/v1/cost-allocations/").json()["results"]) == 50
    assert one.count == fifty.count


# department costs and budgets (G24–G27)


@pytest.mark.rule("G25")
@pytest.mark.rule("G26")
def test_g25_g26_department_cost_rows(
    api_client, economist_vof, it_economist, common_system, own_system, vof, bou
):
    services.allocation_key_create(
        actor=it_economist,
        system=common_system,
        basis="users",
        valid_from=YEAR,
        weights=[(vof, 3), (bou, 1)],
    )
    api_client.force_authenticate(economist_vof)
    data = api_client.get("/api/v1/department-costs/", {"year": YEAR}).json()
    rows = {(r["source"], r["label"]): r for r in data["results"]}
    assert rows[("own_systems", "Lifecare")]["amount"] == "45000.00"
    assert rows[("own_systems", "Lifecare")]["system"] == own_system.pk
    assert rows[("shares", "E-post")]["amount"] == "75000.00"
    assert rows[("shares", "E-post")]["rule"] == "G26"
    assert {r["department"] for r in data["results"]} == {"vof"}
    assert api_client.get("/api/v1/department-costs/", {"department": "bou"}).status_code == 404
    assert api_client.get("/api/v1/department-costs/", {"department": "nej"}).status_code == 400
    assert api_client.get("/api/v1/department-costs/", {"year": "1800"}).status_code == 400


def test_department_budgets_through_the_api(api_client, economist_vof, vof, bou):
    api_client.force_authenticate(economist_vof)
    response = api_client.post(
        "/api/v1/department-budgets/",
        {"department": "vof", "year": YEAR, "source": "rent", "amount": 30000},
        format="json",
    )
    assert response.status_code == 201, response.json()
    other = api_client.post(
        "/api/v1/department-budgets/",
        {"department": "bou", "year": YEAR, "source": "rent", "amount": 30000},
        format="json",
    )
    assert other.status_code == 403
    assert DepartmentBudget.objects.get().amount == Decimal(30000)
    listed = api_client.get("/api/v1/department-budgets/", {"year": YEAR}).json()["results"]
    assert [(b["department"], b["amount"]) for b in listed] == [("vof", "30000")]


def test_schema_has_the_filters(api_client, finance_director):
    api_client.force_authenticate(finance_director)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    params = {p["name"] for p in schema["paths"]["/api/v1/budgets/"]["get"]["parameters"]}
    assert {"year", "kind"} <= params
    params = {p["name"] for p in schema["paths"]["/api/v1/department-costs/"]["get"]["parameters"]}
    assert {"year", "department"} <= params
    assert "/api/v1/cost-allocations/" in schema["paths"]
