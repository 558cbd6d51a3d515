"""The service desk pages: personas, the order flow through the UI, pinned query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.rental.models import RentedAsset
from styrsam.servicedesk.models import Order
from tests.factories import CatalogueItemFactory
from tests.vocab import c


def _orders(n, *, department, item, user, status="awaiting_approval"):
    return Order.objects.bulk_create(
        Order(
            department=department,
            item=item,
            ordered_by=user,
            for_person=user,
            status=status,
            required_approvals=[{"role": c("head_of_department"), "of": "ordering_unit"}],
        )
        for _ in range(n)
    )


@pytest.mark.rule("G07")
def test_g07_order_approve_fulfil_through_the_ui(
    client, orderer, vof, laptop, head_vof, service_desk, budget_2026
):
    client.force_login(orderer)
    page = client.get(reverse("servicedesk:catalogue"))
    assert page.status_code == 200
    assert "Bärbar dator" in page.content.decode()
    response = client.post(
        reverse("servicedesk:order_create", args=[laptop.pk]),
        {"department": vof.pk, "quantity": 1, "for_person": "", "note": "Ny medarbetare"},
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.status == "awaiting_approval"

    client.force_login(head_vof)
    assert f"#{order.pk}" in client.get(reverse("servicedesk:approvals")).content.decode()
    client.post(reverse("servicedesk:order_action", args=[order.pk, "godkann"]), {"comment": ""})
    order.refresh_from_db()
    assert order.status == "approved"

    client.force_login(service_desk)
    assert f"#{order.pk}" in client.get(reverse("servicedesk:fulfilment")).content.decode()
    response = client.post(
        reverse("servicedesk:order_action", args=[order.pk, "leverera"]),
        {"delivery_date": "2026-09-16", "tag_1": "INV-77", "serial_1": "SN77"},
    )
    assert response.status_code == 302
    assert RentedAsset.objects.get(tag="INV-77").department == vof

    client.force_login(orderer)
    detail = client.get(reverse("servicedesk:order_detail", args=[order.pk])).content.decode()
    assert 'aria-current="step"' in detail
    assert "INV-77" in detail


@pytest.mark.rule("G07")
def test_g07_wrong_role_approval_refused_in_the_ui(client, orderer, vof, laptop, head_bou):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    client.force_login(head_bou)
    # not party to the order: it does not exist for them
    response = client.post(reverse("servicedesk:order_action", args=[order.pk, "godkann"]))
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "awaiting_approval"


def test_economist_of_the_department_sees_but_may_not_approve(
    client, orderer, vof, laptop, economist_vof
):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    client.force_login(economist_vof)
    assert client.get(reverse("servicedesk:order_detail", args=[order.pk])).status_code == 200
    response = client.post(reverse("servicedesk:order_action", args=[order.pk, "godkann"]))
    assert response.status_code == 403
    assert "G07" in response.content.decode()


def test_fulfilment_queue_is_for_the_it_unit(client, orderer):
    client.force_login(orderer)
    assert client.get(reverse("servicedesk:fulfilment")).status_code == 403


def test_catalogue_managed_by_the_it_unit(client, orderer, head_of_it, computer):
    client.force_login(orderer)
    assert client.get(reverse("servicedesk:item_create")).status_code == 403
    client.force_login(head_of_it)
    response = client.post(
        reverse("servicedesk:item_create"),
        {
            "name": "Skärm 27″",
            "kind": "screen",
            "rented": "on",
            "asset_type": computer.pk,
            "price": "2500",
            "is_active": "on",
            "description": "Bildskärm",
        },
    )
    assert response.status_code == 302


def test_g07_catalogue_item_shows_who_changed_it(client, head_of_it, computer):
    from styrsam.servicedesk.models import CatalogueItem

    client.force_login(head_of_it)
    data = {
        "name": "Dockningsstation",
        "kind": "other",
        "price": "1500",
        "is_active": "on",
        "description": "USB-C",
    }
    assert client.post(reverse("servicedesk:item_create"), data).status_code == 302
    item = CatalogueItem.objects.get(name="Dockningsstation")
    data["price"] = "1400"
    url = reverse("servicedesk:item_edit", args=[item.pk])
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Artikel skapad i katalogen" in page
    assert "Artikel ändrad i katalogen" in page
    assert head_of_it.get_full_name() in page


def test_g08_rented_item_without_asset_type_refused_in_swedish(client, head_of_it):
    client.force_login(head_of_it)
    response = client.post(
        reverse("servicedesk:item_create"),
        {"name": "Hyrd skärm", "kind": "screen", "rented": "on", "price": "0", "is_active": "on"},
    )
    assert response.status_code == 400
    assert "En hyrd artikel måste ha en utrustningstyp (G08)." in response.content.decode()
    from styrsam.servicedesk.models import CatalogueItem

    assert not CatalogueItem.objects.filter(name="Hyrd skärm").exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("servicedesk:catalogue"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "who", "status"),
    [
        ("servicedesk:my_orders", "orderer", "awaiting_approval"),
        ("servicedesk:order_list", "service_desk", "awaiting_approval"),
        ("servicedesk:approvals", "head_vof", "awaiting_approval"),
        ("servicedesk:fulfilment", "service_desk", "approved"),
        ("servicedesk:catalogue", "orderer", None),
    ],
)
def test_list_pages_query_count_same_for_1_and_50(
    client, count_queries, request, orderer, vof, laptop, head_vof, service_desk, name, who, status
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    def make(n):
        if status is None:
            CatalogueItemFactory.create_batch(n, kind="computer")
        else:
            _orders(n, department=vof, item=laptop, user=orderer, status=status)

    make(1)
    client.get(reverse(name))
    with count_queries() as one:
        assert client.get(reverse(name)).status_code == 200
    make(49)
    with count_queries() as fifty:
        page = client.get(reverse(name))
    assert page.status_code == 200
    assert one.count == fifty.count


def test_order_list_htmx_returns_the_results_only(
    client, count_queries, orderer, vof, laptop, service_desk
):
    waiting = _orders(2, department=vof, item=laptop, user=orderer)
    (approved,) = _orders(1, department=vof, item=laptop, user=orderer, status="approved")
    client.force_login(service_desk)
    url, params = reverse("servicedesk:order_list"), {"status": "awaiting_approval"}
    client.get(url, params)  # warm caches (policy, session)
    with count_queries() as full_q:
        full = client.get(url, params)
    with count_queries() as partial_q:
        partial = client.get(url, params, HTTP_HX_REQUEST="true")
    full_body, partial_body = full.content.decode(), partial.content.decode()
    assert full.status_code == partial.status_code == 200
    assert "<html" in full_body and 'id="list-results"' in full_body
    assert "<html" not in partial_body and "<form" not in partial_body
    assert 'id="list-results"' not in partial_body
    for order in waiting:
        assert f">#{order.pk}</a>" in partial_body
    assert f">#{approved.pk}</a>" not in partial_body
    assert partial_q.count <= full_q.count
