"""/api/v1/catalogue written by the IT unit (G07): the same service as the page for editing an
article, audited in its transaction; others get 403; invalid input 400 and nothing written."""

from __future__ import annotations

import pytest

from styrsam.core.models import AuditEntry
from styrsam.guideline.policy import get_policy
from styrsam.servicedesk.models import CatalogueItem
from tests.factories import SystemFactory

from .test_views import _orders

URL = "/api/v1/catalogue/"


def _audits(action: str):
    return AuditEntry.objects.filter(action=action, object_type__icontains="catalogueitem")


@pytest.mark.rule("G07")
def test_g07_it_unit_manages_catalogue_through_api(api_client, service_desk, computer):
    api_client.force_authenticate(service_desk)
    response = api_client.post(
        URL,
        {
            "name": "Bärbar dator, standard",
            "kind": "computer",
            "description": "Bärbar dator med dockningsstation",
            "rented": True,
            "asset_type": "computer",
            "price": "12000.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["asset_type"], body["system"], body["is_active"]) == ("computer", None, True)
    item = CatalogueItem.objects.get(pk=body["id"])
    assert item.rented and item.asset_type == computer
    [created] = _audits("catalogue.create")
    assert (created.actor, created.rule, created.object_id) == (service_desk, "G07", str(item.pk))

    response = api_client.patch(f"{URL}{item.pk}/", {"price": "13500.00"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["price"] == "13500.00"
    [updated] = _audits("catalogue.update")
    assert updated.actor == service_desk
    assert updated.before["price"] != updated.after["price"]


@pytest.mark.rule("G07")
def test_g07_it_unit_names_the_system_of_a_permission_through_api(
    api_client, head_of_it, system_owner, vof
):
    SystemFactory(name="Procapita", owner=system_owner, owner_unit=vof)
    api_client.force_authenticate(head_of_it)
    response = api_client.post(
        URL,
        {"name": "Behörighet i Procapita", "kind": "system_permission", "system": "Procapita"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["system"] == "Procapita"
    assert CatalogueItem.objects.get(name="Behörighet i Procapita").system.name == "Procapita"


@pytest.mark.rule("G07")
def test_g07_it_unit_retires_an_ordered_item_through_api(
    api_client, service_desk, orderer, vof, laptop
):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    api_client.force_authenticate(service_desk)
    response = api_client.patch(f"{URL}{laptop.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False
    laptop.refresh_from_db()
    order.refresh_from_db()
    assert not laptop.is_active and order.item_id == laptop.pk  # retired, not deleted
    assert api_client.delete(f"{URL}{laptop.pk}/").status_code == 405
    assert CatalogueItem.objects.filter(pk=laptop.pk).exists()

    # Gone from the orderable list, still there for its managers, and back again.
    assert api_client.get(URL).json()["count"] == 0
    assert api_client.get(URL, {"include_inactive": "true"}).json()["count"] == 1
    assert api_client.get(f"{URL}{laptop.pk}/").status_code == 200
    response = api_client.patch(f"{URL}{laptop.pk}/", {"is_active": True}, format="json")
    assert response.json()["is_active"] is True

    api_client.force_authenticate(orderer)
    api_client.patch(f"{URL}{laptop.pk}/", {"is_active": False}, format="json")
    assert api_client.get(URL, {"include_inactive": "true"}).json()["count"] == 1
    laptop.refresh_from_db()
    assert laptop.is_active


@pytest.mark.rule("G07")
@pytest.mark.parametrize("who", ["orderer", "head_vof"])
def test_g07_employee_and_head_of_department_may_not_manage_catalogue(
    api_client, request, laptop, who
):
    api_client.force_authenticate(request.getfixturevalue(who))
    policy = get_policy()  # the IT unit as the policy names it (issue 21)
    it_unit = policy.unit_codes()[policy.it_unit_code()]
    valid = {"name": "Dockningsstation", "kind": "other", "price": "1500"}
    responses = [
        api_client.post(URL, valid, format="json"),
        api_client.post(URL, {"kind": "nonsense"}, format="json"),  # 403 before validation
        api_client.patch(f"{URL}{laptop.pk}/", {"price": "1"}, format="json"),
        api_client.put(f"{URL}{laptop.pk}/", {**valid, "name": laptop.name}, format="json"),
        api_client.patch(f"{URL}{laptop.pk}/", {"is_active": False}, format="json"),
    ]
    for response in responses:
        assert response.status_code == 403
        body = response.json()
        assert body["code"] == "permission_denied"
        assert body["detail"] == f"Katalogen förvaltas av {it_unit}."
        assert body["rule"] == "G07"
    laptop.refresh_from_db()
    assert (laptop.price, laptop.is_active) == (12000, True)
    assert CatalogueItem.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


@pytest.mark.rule("G07")
@pytest.mark.parametrize(
    ("data", "field", "rule"),
    [
        # checked by the service, shared with the page for editing an article
        ({"name": "Hyrd skärm", "kind": "screen", "rented": True}, "asset_type", "G08"),
        ({"name": "Behörighet", "kind": "system_permission"}, "system", None),
        ({"name": "Minuspris", "kind": "other", "price": "-1"}, "price", None),
        # checked by the serializer
        ({"name": "Okänt slag", "kind": "spaceship"}, "kind", None),
        ({"kind": "other"}, "name", None),
        (
            {"name": "Okänd typ", "kind": "screen", "rented": True, "asset_type": "x"},
            "asset_type",
            None,
        ),
        (
            {"name": "Okänt system", "kind": "system_permission", "system": "Finns ej"},
            "system",
            None,
        ),
    ],
)
def test_g07_invalid_catalogue_item_is_refused_and_nothing_written(
    api_client, service_desk, screen, data, field, rule
):
    api_client.force_authenticate(service_desk)
    response = api_client.post(URL, data, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert field in (body.get("field"), *body.get("errors", {}))
    assert body.get("rule") == rule
    assert not CatalogueItem.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


@pytest.mark.rule("G07")
def test_g07_invalid_change_of_catalogue_item_writes_nothing(api_client, service_desk, laptop):
    api_client.force_authenticate(service_desk)
    response = api_client.patch(f"{URL}{laptop.pk}/", {"asset_type": None}, format="json")
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["rule"]) == ("asset_type", "G08")
    response = api_client.patch(
        f"{URL}{laptop.pk}/", {"kind": "system_permission", "price": "1"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "system"
    laptop.refresh_from_db()
    assert (laptop.kind, laptop.asset_type_id, laptop.price) == (
        "computer",
        laptop.asset_type_id,
        12000,
    )
    assert laptop.asset_type is not None
    assert not AuditEntry.objects.filter(action__startswith="catalogue.").exists()


def test_catalogue_name_taken_is_a_conflict(api_client, service_desk, laptop):
    api_client.force_authenticate(service_desk)
    response = api_client.post(URL, {"name": laptop.name, "kind": "other"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "name_taken"
    assert CatalogueItem.objects.count() == 1


@pytest.mark.parametrize("pk", ["abc", "\u00b2", "99999999999999999999999", "424242"])
def test_catalogue_item_id_that_is_no_item_is_json_404(api_client, service_desk, pk):
    api_client.force_authenticate(service_desk)
    for response in (
        api_client.get(f"{URL}{pk}/"),
        api_client.patch(f"{URL}{pk}/", {"price": "1"}, format="json"),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_catalogue_write_operations_are_documented(api_client, orderer):
    api_client.force_authenticate(orderer)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    operations = schema["paths"]["/api/v1/catalogue/{id}/"]
    assert {"get", "put", "patch"} <= set(operations)
    assert "delete" not in operations
    assert "403" in schema["paths"]["/api/v1/catalogue/"]["post"]["responses"]
    assert "403" in operations["patch"]["responses"]
