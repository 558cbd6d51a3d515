"""The rental system on the architecture kit (issue 10): the lists' filters are the API's and
in its schema, the month of the ledger pages is decided in one place, capabilities instead of
role codes, a decided rent level frozen without an extra query."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from styrsam.core.errors import ValidationFailed
from styrsam.core.models import AppendOnlyError
from styrsam.guideline.policy import get_policy
from styrsam.guideline.services import policy_load
from styrsam.organisation.models import OrgUnit
from styrsam.rental import services
from styrsam.rental.models import RentedAsset, RentLevel, RentRun
from styrsam.rental.runs import rent_run
from styrsam.rental.todos import todos
from tests.exports import assert_rows_do_not_add_queries, csv_rows
from tests.factories import OrgUnitFactory, RentedAssetFactory, person_with_role
from tests.vocab import c_all, suite_policy_path

from .test_api_and_views import _assets

pytestmark = pytest.mark.django_db
D = datetime.date


def _params(schema, path) -> dict:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_api_list_filters_are_declared_in_the_schema(api_client, head_of_it):
    api_client.force_authenticate(head_of_it)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assets = _params(schema, "/api/v1/assets/")
    assert {"q", "department", "asset_type", "active"} <= set(assets)
    assert assets["active"]["schema"]["type"] == "boolean"
    ledger = _params(schema, "/api/v1/ledger/")
    assert {"month", "department"} <= set(ledger)
    assert ledger["month"]["schema"]["pattern"] == r"^\d{4}-(0[1-9]|1[0-2])$"
    assert "manad" not in ledger  # the page's name for it
    assert _params(schema, "/api/v1/rent-levels/")["year"]["schema"]["type"] == "integer"


def test_asset_api_filters_work(api_client, head_of_it, vof, bou, computer, screen):
    RentedAssetFactory(tag="A-1", asset_type=computer, department=vof, serial_number="SN-X")
    RentedAssetFactory(tag="A-2", asset_type=screen, department=vof)
    RentedAssetFactory(
        tag="A-3", asset_type=computer, department=bou, end_date=timezone.localdate()
    )
    api_client.force_authenticate(head_of_it)

    def tags(**params):
        response = api_client.get("/api/v1/assets/", params)
        assert response.status_code == 200, response.json()
        return sorted(a["tag"] for a in response.json()["results"])

    assert tags() == ["A-1", "A-2", "A-3"]  # the API's default: current and returned
    assert tags(department="vof") == ["A-1", "A-2"]
    assert tags(asset_type="screen") == ["A-2"]
    assert tags(active="true") == ["A-1", "A-2"]
    assert tags(active="false") == ["A-3"]
    assert tags(q="sn-x") == ["A-1"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/ledger/", {"month": "2026-13"}),
        ("/api/v1/ledger/", {"department": "finns-inte"}),
        ("/api/v1/assets/", {"asset_type": "rymdskepp"}),
        ("/api/v1/rent-levels/", {"year": "tjugo"}),
    ],
)
def test_an_invalid_api_filter_answers_400(api_client, head_of_it, vof, path, params):
    api_client.force_authenticate(head_of_it)
    response = api_client.get(path, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == list(params)


@pytest.mark.rule("G24")
def test_g24_department_filter_offers_only_the_departments_one_sees(
    api_client, economist_vof, vof, bou, computer, rent_2026
):
    _assets(1, asset_type=computer, department=vof, start_date=D(2026, 9, 1))
    _assets(1, asset_type=computer, department=bou, start_date=D(2026, 9, 1))
    rent_run(actor=None, month=D(2026, 9, 1))
    api_client.force_authenticate(economist_vof)
    assert api_client.get("/api/v1/ledger/", {"department": "vof"}).json()["count"] == 1
    refused = api_client.get("/api/v1/ledger/", {"department": "bou"})
    assert refused.status_code == 400


@pytest.mark.rule("G08")
def test_g08_asset_page_shows_what_is_rented_now_unless_asked(client, head_of_it, vof, computer):
    (now,) = _assets(1, asset_type=computer, department=vof, start_date=D(2026, 1, 1))
    (returned,) = _assets(
        1, asset_type=computer, department=vof, start_date=D(2026, 1, 1), end_date=D(2026, 2, 1)
    )
    client.force_login(head_of_it)
    url = reverse("rental:asset_list")
    body = client.get(url).content.decode()
    assert f">{now.tag}</a>" in body and f">{returned.tag}</a>" not in body
    body = client.get(url, {"active": "false"}).content.decode()
    assert f">{now.tag}</a>" not in body and f">{returned.tag}</a>" in body
    body = client.get(url, {"active": ""}).content.decode()  # "Alla"
    assert f">{now.tag}</a>" in body and f">{returned.tag}</a>" in body
    # the export follows the page's default too
    rows = csv_rows(client.get(reverse("rental:asset_export", args=["csv"])))
    assert [r[2] for r in rows[1:]] == [now.tag]


@pytest.mark.parametrize("value", ["2026-13", "sept", "²⁰²⁶-09", "2026-9", "9" * 40])
def test_ledger_page_refuses_a_month_that_is_not_one_on_its_field(
    client, head_of_it, vof, computer, rent_2026, value
):
    """Not a 500, not another month's lines: the error on the field and this month shown."""
    _assets(1, asset_type=computer, department=vof, start_date=D(2026, 9, 1))
    rent_run(actor=head_of_it, month=D(2026, 9, 1))
    client.force_login(head_of_it)
    for name in ("rental:ledger", "rental:invoice"):
        response = client.get(reverse(name), {"manad": value})
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="f-manad_error"' in body
        assert "som ÅÅÅÅ-MM" in body  # money.month_error(): the window and the format
        assert "Vård- och omsorgsförvaltningen</td>" not in body  # September's line


def test_ledger_page_without_a_month_shows_this_month(client, head_of_it, vof, computer):
    client.force_login(head_of_it)
    body = client.get(reverse("rental:ledger")).content.decode()
    assert f'value="{timezone.localdate():%Y-%m}"' in body
    assert 'id="f-manad_error"' not in body


@pytest.mark.rule("G24")
def test_g24_ledger_and_invoice_open_on_the_latest_month_with_data(
    client, head_of_it, vof, computer, rent_2026
):
    """Issue 17: this month is empty until the rent run; the pages open where the data is."""
    _assets(1, asset_type=computer, department=vof, start_date=D(2026, 8, 1))
    rent_run(actor=head_of_it, month=D(2026, 9, 1))
    client.force_login(head_of_it)
    for name in ("rental:ledger", "rental:invoice"):
        body = client.get(reverse(name)).content.decode()
        assert 'value="2026-09"' in body, name
        assert "Vård- och omsorgsförvaltningen" in body, name


@pytest.mark.rule("G24")
def test_g24_invoice_year_to_date_sums_january_to_the_month(
    client, head_of_it, vof, computer, rent_2026
):
    _assets(1, asset_type=computer, department=vof, start_date=D(2026, 8, 1))
    for month in (8, 9):
        rent_run(actor=head_of_it, month=D(2026, month, 1))
    client.force_login(head_of_it)
    url = reverse("rental:invoice")
    month = client.get(url, {"manad": "2026-09"}).context["report"]
    ytd = client.get(url, {"manad": "2026-09", "ack": "1"}).context["report"]
    assert (month["total"], ytd["total"]) == (Decimal("300.00"), Decimal("600.00"))
    rows = csv_rows(
        client.get(reverse("rental:invoice_export", args=["csv"]), {"manad": "2026-09", "ack": "1"})
    )
    assert rows[0][3] == "Antal (summa av månader)" and rows[1][5] == "600,00"


@pytest.mark.parametrize("name", ["rental:asset_export", "rental:invoice_export"])
def test_exports_query_count_same_for_1_and_20(
    client, head_of_it, computer, rent_2026, django_assert_num_queries, name
):
    client.force_login(head_of_it)

    def grow(n):
        for _ in range(n):
            unit = OrgUnitFactory()
            _assets(1, asset_type=computer, department=unit, start_date=D(2026, 9, 1))
        rent_run(actor=head_of_it, month=D(2026, 9, 1))

    url = reverse(name, args=["xlsx"])
    assert_rows_do_not_add_queries(
        client, url, grow, django_assert_num_queries, {"manad": "2026-09"}
    )


@pytest.mark.rule("G16")
def test_g16_a_draft_level_saves_without_an_extra_select_and_a_decided_one_refuses(
    django_assert_num_queries, computer, rent_2026
):
    draft = RentLevel.objects.create(asset_type=computer, year=2027, monthly_amount=300)
    draft = RentLevel.objects.get(pk=draft.pk)
    draft.monthly_amount = Decimal("310")
    with CaptureQueriesContext(connection) as queries:
        draft.save()
    # the UPDATE, and no SELECT of the stored status (the bounds check may read the policy)
    level_queries = [q["sql"] for q in queries.captured_queries if "rental_rentlevel" in q["sql"]]
    assert len(level_queries) == 1 and level_queries[0].startswith("UPDATE")
    decided = RentLevel.objects.get(pk=rent_2026[0].pk)
    decided.monthly_amount = Decimal("1")
    with django_assert_num_queries(0), pytest.raises(AppendOnlyError):
        decided.save()


# --- a municipality whose policy gives the rental capabilities to other roles ---------------


def _renamed(node, old: str, new: str):
    """``node`` with every string value ``old`` (not the keys) replaced by ``new``."""
    if isinstance(node, dict):
        return {key: _renamed(value, old, new) for key, value in node.items()}
    if isinstance(node, list):
        return [_renamed(value, old, new) for value in node]
    return new if node == old else node


def load_other_policy(**capabilities: list[str]) -> None:
    """Another municipality's policy: the suite's with ``capability=[roles]`` (in the default
    policy's words) granted instead, and its IT unit called ``itavd`` (IT-avdelningen)."""
    data = yaml.safe_load(suite_policy_path().read_text(encoding="utf-8"))
    for capability, roles in capabilities.items():
        assert capability in data["capabilities"], capability
        data["capabilities"][capability] = c_all(roles)
    it_unit = data["designations"]["it_unit"]
    assert it_unit in data["units"]
    data["units"] = {
        ("itavd" if code == it_unit else code): ("IT-avdelningen" if code == it_unit else name)
        for code, name in data["units"].items()
    }
    data = _renamed(data, it_unit, "itavd")
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    policy_load(actor=None, text=text, source="test")


def _other_policy() -> None:
    """Rent is run by the finance director; only the head of department reads a department's
    rent; only the head of the IT unit manages the budget."""
    load_other_policy(
        run_rent=["finance_director"],
        read_unit_ledger=["head_of_department"],
        manage_budget=["head_of_it_unit"],
    )


@pytest.mark.rule("G08")
def test_g08_run_rent_follows_the_capability_not_a_role_code(
    api_client, head_of_it, it_economist, finance_director, rent_2026
):
    assert head_of_it.has_perm("rental.run_rent") and it_economist.has_perm("rental.run_rent")
    assert not finance_director.has_perm("rental.run_rent")
    _other_policy()
    assert not head_of_it.has_perm("rental.run_rent")
    assert finance_director.has_perm("rental.run_rent")
    api_client.force_authenticate(head_of_it)
    month = {"month": f"{timezone.localdate():%Y-%m}"}
    assert api_client.post("/api/v1/rent-runs/", month, format="json").status_code == 403
    api_client.force_authenticate(finance_director)
    assert api_client.post("/api/v1/rent-runs/", month, format="json").status_code == 201
    assert RentRun.objects.count() == 1


@pytest.mark.rule("G24")
def test_g24_unit_ledger_and_budget_follow_the_capabilities(
    client, policy, economist_vof, it_economist, vof, computer, rent_2026
):
    head = person_with_role("head_of_department", unit=vof, username="ingrid")
    assert economist_vof.has_perm("rental.view_ledger")
    assert it_economist.has_perm("rental.manage_budget")
    _other_policy()
    client.force_login(economist_vof)
    assert client.get(reverse("rental:ledger")).status_code == 403
    client.force_login(head)
    assert client.get(reverse("rental:ledger")).status_code == 200
    assert not it_economist.has_perm("rental.manage_budget")
    assert todos(it_economist, get_policy()) == []


@pytest.mark.rule("G08")
def test_g08_the_it_unit_is_the_policys(policy, service_desk, computer, it_unit):
    _other_policy()
    itavd = OrgUnitFactory(code="itavd", name="IT-avdelningen", kind=OrgUnit.Kind.STAFF_UNIT)
    asset = services.asset_register(
        actor=service_desk,
        asset_type=computer,
        tag="IT-1",
        department=itavd,
        start_date=D(2026, 1, 1),
    )
    assert asset.department == itavd
    with pytest.raises(ValidationFailed) as exc:
        services.asset_register(
            actor=service_desk,
            asset_type=computer,
            tag="IT-2",
            department=it_unit,
            start_date=D(2026, 1, 1),
        )
    assert (exc.value.field, exc.value.rule) == ("department", "G08")
    assert not RentedAsset.objects.filter(tag="IT-2").exists()
