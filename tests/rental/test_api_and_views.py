"""Rental API and pages: append-only through UI and API, personas, pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from styrsam.guideline.policy import get_policy
from styrsam.rental.models import LedgerLine, RentedAsset, RentLevel
from styrsam.rental.runs import rent_run
from tests.exports import body
from tests.factories import OrgUnitFactory, RentedAssetFactory
from tests.vocab import c

D = datetime.date


def _assets(n, **kw):
    start = RentedAsset.objects.count()
    return RentedAsset.objects.bulk_create(
        RentedAssetFactory.build(tag=f"Q{start + i}", **kw) for i in range(n)
    )


@pytest.mark.rule("G08")
def test_g08_rent_run_through_the_api_is_idempotent(
    api_client, head_of_it, vof, computer, rent_2026
):
    _assets(3, asset_type=computer, department=vof)
    api_client.force_authenticate(head_of_it)
    first = api_client.post("/api/v1/rent-runs/", {"month": "2026-09"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["lines_added"] == 1
    again = api_client.post("/api/v1/rent-runs/", {"month": "2026-09"}, format="json")
    assert again.json()["lines_added"] == 0
    ledger = api_client.get("/api/v1/ledger/", {"department": "vof", "month": "2026-09"}).json()
    assert ledger["count"] == 1
    assert ledger["results"][0]["amount"] == "900.00"


def test_rent_run_api_errors(api_client, head_of_it, economist_vof, rent_2026):
    api_client.force_authenticate(head_of_it)
    bad = api_client.post("/api/v1/rent-runs/", {"month": "2026-13"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    api_client.force_authenticate(economist_vof)
    assert api_client.post("/api/v1/rent-runs/", {"month": "2026-09"}).status_code == 403


@pytest.mark.rule("G08")
def test_g08_ledger_is_append_only_through_the_api(
    api_client, head_of_it, vof, computer, rent_2026
):
    _assets(1, asset_type=computer, department=vof)
    rent_run(actor=head_of_it, month=D(2026, 9, 1))
    line = LedgerLine.objects.get()
    api_client.force_authenticate(head_of_it)
    url = f"/api/v1/ledger/{line.pk}/"
    assert api_client.get(url).status_code == 200
    for method in ("put", "patch", "delete"):
        assert getattr(api_client, method)(url, {"amount": "0"}, format="json").status_code == 405
    assert api_client.post("/api/v1/ledger/", {}, format="json").status_code == 405


@pytest.mark.rule("G16")
def test_g16_decided_levels_are_append_only_through_api_and_ui(
    api_client, client, it_economist, computer, rent_2026
):
    level = rent_2026[0]
    api_client.force_authenticate(it_economist)
    url = f"/api/v1/rent-levels/{level.pk}/"
    for method in ("put", "patch", "delete"):
        assert (
            getattr(api_client, method)(url, {"monthly_amount": "1"}, format="json").status_code
            == 405
        )
    response = api_client.post(
        "/api/v1/rent-levels/",
        {"asset_type": "computer", "year": 2026, "monthly_amount": "1"},
        format="json",
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["rule"]) == ("rent_decided", "G16")
    client.force_login(it_economist)
    page = client.post(
        reverse("rental:rent_levels") + "?ar=2026",
        {"action": "draft", "asset_type": computer.pk, "year": 2026, "monthly_amount": "1"},
    )
    assert page.status_code == 409
    assert "G16" in page.content.decode()
    level.refresh_from_db()
    assert level.monthly_amount == 300


@pytest.mark.rule("G16")
def test_g16_next_years_rent_decided_through_the_api(
    api_client, it_economist, finance_director, computer, screen, rent_2026
):
    api_client.force_authenticate(it_economist)
    for code, amount in (("computer", "310"), ("screen", "64")):
        r = api_client.post(
            "/api/v1/rent-levels/",
            {"asset_type": code, "year": 2027, "monthly_amount": amount},
            format="json",
        )
        assert r.status_code == 201, r.json()
    refused = api_client.post("/api/v1/rent-levels/decide/", {"year": 2027, "reference": "§ 5"})
    assert refused.status_code == 403
    assert refused.json()["rule"] == "G16"
    api_client.force_authenticate(finance_director)
    ok = api_client.post(
        "/api/v1/rent-levels/decide/",
        {"year": 2027, "reference": "Finansieringsgruppen 2026-10-14 § 5"},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert set(RentLevel.objects.filter(year=2027).values_list("status", flat=True)) == {"decided"}


@pytest.mark.rule("G24")
def test_g24_assets_api_restricted_to_own_department(api_client, economist_vof, vof, bou, computer):
    _assets(2, asset_type=computer, department=vof)
    _assets(3, asset_type=computer, department=bou)
    api_client.force_authenticate(economist_vof)
    data = api_client.get("/api/v1/assets/").json()
    assert data["count"] == 2
    assert {a["department"] for a in data["results"]} == {"vof"}


def test_asset_pages_personas(client, head_of_it, economist_vof, plain_user, vof, bou, computer):
    [mine] = _assets(1, asset_type=computer, department=vof)
    [other] = _assets(1, asset_type=computer, department=bou)
    client.force_login(economist_vof)
    assert client.get(reverse("rental:asset_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("rental:asset_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("rental:asset_detail", args=[mine.pk]), {}).status_code == 403
    client.force_login(plain_user)
    assert client.get(reverse("rental:asset_list")).status_code == 200
    assert client.get(reverse("rental:rent_run")).status_code == 403
    assert client.get(reverse("rental:budget")).status_code == 403
    client.force_login(head_of_it)
    response = client.post(
        reverse("rental:asset_detail", args=[mine.pk]),
        {"action": "transfer", "to_department": bou.pk, "date": "2026-03-01", "user": ""},
    )
    assert response.status_code == 302


def test_asset_export(client, head_of_it, vof, computer):
    _assets(2, asset_type=computer, department=vof)
    client.force_login(head_of_it)
    response = client.get(reverse("rental:asset_export", args=["csv"]), {"department": "vof"})
    assert response["Content-Type"].startswith("text/csv")
    assert body(response).decode("utf-8-sig").count("\n") == 3
    response = client.get(reverse("rental:asset_export", args=["xlsx"]))
    assert response.status_code == 200


def test_rent_run_page(client, head_of_it, vof, computer, rent_2026):
    _assets(1, asset_type=computer, department=vof)
    client.force_login(head_of_it)
    response = client.post(reverse("rental:rent_run"), {"month": "2026-09"})
    assert response.status_code == 302
    assert LedgerLine.objects.count() == 1
    assert client.post(reverse("rental:rent_run"), {"month": "sept"}).status_code == 400


def test_pages_render(client, head_of_it, finance_director, rent_2026):
    client.force_login(finance_director)
    for name in ("rental:rent_levels", "rental:budget", "rental:invoice", "rental:ledger"):
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(head_of_it)
    assert client.get(reverse("rental:asset_create")).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "rental:asset_list",
        "rental:ledger",
        "rental:invoice",
        "rental:rent_run",
        "/api/v1/assets/",
        "/api/v1/ledger/",
        "/api/v1/rent-runs/",
        "/api/v1/rent-levels/",
    ],
)
def test_list_query_count_same_for_1_and_50(
    client, api_client, count_queries, head_of_it, computer, rent_2026, url
):
    api = url.startswith("/api/")
    target = url if api else reverse(url) + "?manad=2026-09"
    http = api_client if api else client
    if api:
        api_client.force_authenticate(head_of_it)
    else:
        client.force_login(head_of_it)
    units = []

    def grow(n):
        for _ in range(n):
            unit = OrgUnitFactory()
            units.append(unit)
            _assets(1, asset_type=computer, department=unit, start_date=D(2026, 9, 1))
        rent_run(actor=head_of_it, month=D(2026, 9, 1))

    grow(1)
    http.get(target)
    with count_queries() as one:
        assert http.get(target).status_code == 200
    grow(49)
    with count_queries() as fifty:
        assert http.get(target).status_code == 200
    assert one.count == fifty.count, url


@pytest.mark.rule("G16")
def test_g16_financing_group_decision_registered_in_the_ui(
    client, it_economist, finance_director, computer, screen, rent_2026
):
    client.force_login(it_economist)
    url = reverse("rental:rent_levels") + "?ar=2026"
    for at, amount in ((computer, "310"), (screen, "64")):
        response = client.post(
            url, {"action": "draft", "asset_type": at.pk, "year": 2027, "monthly_amount": amount}
        )
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Förslag" in page
    assert "Registrera beslut av" not in page  # the economist drafts, the group decides
    client.force_login(finance_director)
    group = get_policy().group_name(c("financing"))  # the policy's name of the group (issue 21)
    assert f"Registrera beslut av {group}" in client.get(url).content.decode()
    response = client.post(
        url,
        {"action": "decide", "year": 2027, "reference": "§ 5", "decided_on": "2026-10-14"},
    )
    assert response.status_code == 302
    assert set(RentLevel.objects.filter(year=2027).values_list("status", flat=True)) == {"decided"}


def test_rent_run_command(head_of_it, vof, computer, rent_2026):
    from io import StringIO

    from django.core.management import call_command

    _assets(1, asset_type=computer, department=vof)
    out = StringIO()
    call_command("rent_run", "--month", "2026-09", stdout=out)
    assert "1 nya rader" in out.getvalue()
    call_command("rent_run", "--month", "2026-09", stdout=out)
    assert "0 nya rader" in out.getvalue()


@pytest.mark.parametrize("name", ["rental:asset_list", "rental:ledger", "rental:invoice"])
def test_list_htmx_returns_the_results_only(
    client, count_queries, head_of_it, vof, bou, computer, rent_2026, name
):
    region = "list-results"
    mine = _assets(2, asset_type=computer, department=vof, start_date=D(2026, 9, 1))
    (other,) = _assets(1, asset_type=computer, department=bou, start_date=D(2026, 9, 1))
    rent_run(actor=head_of_it, month=D(2026, 9, 1))
    client.force_login(head_of_it)
    url, params = reverse(name), {"manad": "2026-09", "department": vof.code}
    client.get(url, params)  # warm caches (policy, session)
    with count_queries() as full_q:
        full = client.get(url, params)
    with count_queries() as partial_q:
        partial = client.get(url, params, HTTP_HX_REQUEST="true")
    full_body, partial_body = full.content.decode(), partial.content.decode()
    assert full.status_code == partial.status_code == 200
    assert "<html" in full_body and f'id="{region}"' in full_body
    assert "<html" not in partial_body and "<form" not in partial_body
    assert f'id="{region}"' not in partial_body
    if name == "rental:asset_list":
        assert all(f">{a.tag}</a>" in partial_body for a in mine)
        assert f">{other.tag}</a>" not in partial_body
    else:
        assert f"<td>{vof.name}</td>" in partial_body
        assert f"<td>{bou.name}</td>" not in partial_body
    assert partial_q.count <= full_q.count
