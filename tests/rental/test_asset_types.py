"""Asset types of the rental system created and edited on a page and through the API (issue
21 item 3), by those who manage rented equipment; audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.models import AuditEntry
from styrsam.rental.models import AssetType
from tests.factories import AssetTypeFactory


@pytest.mark.rule("G08")
def test_g08_coordinator_creates_lists_and_edits_an_asset_type(client, it_strategist):
    client.force_login(it_strategist)
    response = client.post(
        reverse("rental:asset_type_create"), {"code": "surfplatta", "name": "Surfplatta"}
    )
    assert response.status_code == 302
    asset_type = AssetType.objects.get(code="surfplatta")
    page = client.get(reverse("rental:asset_type_list")).content.decode()
    assert "Surfplatta" in page and reverse("rental:asset_type_edit", args=[asset_type.pk]) in page
    response = client.post(
        reverse("rental:asset_type_edit", args=[asset_type.pk]),
        {"code": "surfplatta", "name": "Surfplatta med tangentbord"},
    )
    assert response.status_code == 302
    asset_type.refresh_from_db()
    assert (asset_type.name, asset_type.is_active) == ("Surfplatta med tangentbord", False)
    assert AuditEntry.objects.filter(action="asset_type.update").count() == 1


def test_a_plain_employee_sees_but_may_not_create_asset_types(client, plain_user):
    AssetTypeFactory(name="Dator", code="dator")
    client.force_login(plain_user)
    page = client.get(reverse("rental:asset_type_list"))
    assert page.status_code == 200
    assert reverse("rental:asset_type_create") not in page.content.decode()
    response = client.post(reverse("rental:asset_type_create"), {"code": "x", "name": "X"})
    assert response.status_code == 403
    assert not AssetType.objects.filter(code="x").exists()


@pytest.mark.rule("G08")
def test_g08_api_creates_and_changes_asset_types(api_client, it_strategist):
    api_client.force_authenticate(it_strategist)
    response = api_client.post(
        reverse("asset-type-list"), {"code": "skarm", "name": "Skärm"}, format="json"
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = api_client.patch(
        reverse("asset-type-detail", args=[pk]), {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    response = api_client.post(
        reverse("asset-type-list"), {"code": "skarm2", "name": "skärm"}, format="json"
    )
    assert response.status_code == 409
    assert AssetType.objects.count() == 1


def test_api_asset_types_refuse_a_plain_employee_and_anonymous(api_client, plain_user):
    payload = {"code": "dator", "name": "Dator"}
    assert api_client.post(reverse("asset-type-list"), payload, format="json").status_code == 401
    api_client.force_authenticate(plain_user)
    assert api_client.post(reverse("asset-type-list"), payload, format="json").status_code == 403
    assert api_client.get(reverse("asset-type-list")).status_code == 200
    assert not AssetType.objects.exists()


def test_asset_type_list_queries_do_not_grow_with_rows(client, it_strategist, count_queries):
    client.force_login(it_strategist)
    url = reverse("rental:asset_type_list")
    AssetTypeFactory()
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    AssetTypeFactory.create_batch(49)
    with count_queries() as fifty:
        assert client.get(url).status_code == 200
    assert fifty.count == one.count
