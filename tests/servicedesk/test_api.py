"""/api/v1/catalogue and /api/v1/orders with approve, fulfil, cancel (G07)."""

from __future__ import annotations

import pytest

from styrsam.rental.models import RentedAsset

from .test_views import _orders


@pytest.mark.rule("G07")
def test_g07_order_approve_fulfil_through_the_api(
    api_client, orderer, vof, laptop, head_vof, service_desk, budget_2026
):
    api_client.force_authenticate(orderer)
    assert api_client.get("/api/v1/catalogue/").json()["count"] == 1
    response = api_client.post(
        "/api/v1/orders/", {"department": "vof", "item": laptop.pk, "quantity": 1}, format="json"
    )
    assert response.status_code == 201, response.json()
    order_id = response.json()["id"]
    assert response.json()["status"] == "awaiting_approval"

    api_client.force_authenticate(head_vof)
    response = api_client.post(f"/api/v1/orders/{order_id}/approve/", {}, format="json")
    assert response.json()["status"] == "approved"

    api_client.force_authenticate(service_desk)
    response = api_client.post(
        f"/api/v1/orders/{order_id}/fulfil/",
        {"delivery_date": "2026-09-16", "assets": [{"tag": "API-1", "serial_number": "S"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "fulfilled"
    assert response.json()["assets"] == ["API-1"]
    assert RentedAsset.objects.get(tag="API-1").department == vof


@pytest.mark.rule("G07")
def test_g07_api_refuses_approval_by_wrong_role(api_client, orderer, vof, laptop, economist_vof):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    api_client.force_authenticate(economist_vof)
    response = api_client.post(f"/api/v1/orders/{order.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_approver"
    assert response.json()["rule"] == "G07"


def test_api_cancel_and_conflict(api_client, orderer, vof, laptop):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    api_client.force_authenticate(orderer)
    assert api_client.post(f"/api/v1/orders/{order.pk}/cancel/").json()["status"] == "cancelled"
    response = api_client.post(f"/api/v1/orders/{order.pk}/cancel/")
    assert response.status_code == 409
    assert response.json()["code"] == "not_cancellable"


def test_api_outsider_gets_404(api_client, orderer, vof, laptop, head_bou):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    api_client.force_authenticate(head_bou)
    assert api_client.get(f"/api/v1/orders/{order.pk}/").status_code == 404
    assert api_client.get("/api/v1/orders/").json()["count"] == 0


@pytest.mark.parametrize("pk", ["abc", "\u00b2", "99999999999999999999999"])
def test_api_order_id_that_is_no_number_is_json_404(api_client, orderer, pk):
    """Found by tests/api (schemathesis): int() of the path segment raised, a 500."""
    api_client.force_authenticate(orderer)
    for response in (
        api_client.get(f"/api/v1/orders/{pk}/"),
        api_client.post(f"/api/v1/orders/{pk}/cancel/"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_catalogue_item_without_asset_type_or_system_matches_the_schema(api_client, orderer):
    """Found by tests/api (schemathesis): asset_type and system are null for an item that is
    neither rented nor a system permission, but the schema said non-null string."""
    from tests.factories import CatalogueItemFactory

    CatalogueItemFactory(name="Konsulttimme", kind="other")
    api_client.force_authenticate(orderer)
    [row] = api_client.get("/api/v1/catalogue/").json()["results"]
    assert (row["asset_type"], row["system"]) == (None, None)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    properties = schema["components"]["schemas"]["CatalogueItem"]["properties"]
    assert properties["asset_type"]["nullable"] is True
    assert properties["system"]["nullable"] is True


def test_api_requires_login(api_client):
    assert api_client.get("/api/v1/orders/").status_code == 401


@pytest.mark.parametrize("url", ["/api/v1/orders/", "/api/v1/catalogue/"])
def test_list_endpoints_query_count_same_for_1_and_50(
    api_client, count_queries, orderer, vof, laptop, service_desk, url
):
    api_client.force_authenticate(service_desk)
    _orders(1, department=vof, item=laptop, user=orderer)
    api_client.get(url)
    with count_queries() as one:
        api_client.get(url)
    _orders(49, department=vof, item=laptop, user=orderer)
    from tests.factories import CatalogueItemFactory

    CatalogueItemFactory.create_batch(49)
    with count_queries() as fifty:
        response = api_client.get(url)
    assert response.status_code == 200
    assert one.count == fifty.count
