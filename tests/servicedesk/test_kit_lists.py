"""The service desk on the architecture kit (issue 10): the lists' filters are the API's and
in its schema, refusals shown once on the bound form with their status, capabilities instead
of role codes, audited fields declared on the models."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrsam.core.models import AuditEntry
from styrsam.organisation.models import OrgUnit
from styrsam.servicedesk import selectors, services
from styrsam.servicedesk.models import CatalogueItem, Order
from tests.factories import CatalogueItemFactory, OrgUnitFactory
from tests.rental.test_kit_lists import load_other_policy

from .test_views import _orders

pytestmark = pytest.mark.django_db


def _params(api_client, path) -> dict:
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_api_list_filters_are_declared_in_the_schema(api_client, orderer):
    api_client.force_authenticate(orderer)
    catalogue = _params(api_client, "/api/v1/catalogue/")
    assert set(catalogue["kind"]["schema"]["enum"]) == set(CatalogueItem.Kind.values)
    assert catalogue["include_inactive"]["schema"]["type"] == "boolean"
    orders = _params(api_client, "/api/v1/orders/")
    assert set(orders["status"]["schema"]["enum"]) == set(Order.Status.values)


@pytest.mark.parametrize(
    ("path", "params"),
    [("/api/v1/orders/", {"status": "levererad"}), ("/api/v1/catalogue/", {"kind": "rymdskepp"})],
)
def test_an_invalid_api_filter_answers_400(api_client, orderer, path, params):
    api_client.force_authenticate(orderer)
    response = api_client.get(path, params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(params)


def test_order_status_filter_works_in_api_and_page(client, api_client, orderer, vof, laptop):
    (waiting,) = _orders(1, department=vof, item=laptop, user=orderer)
    (approved,) = _orders(1, department=vof, item=laptop, user=orderer, status="approved")
    api_client.force_authenticate(orderer)
    data = api_client.get("/api/v1/orders/", {"status": "approved"}).json()
    assert [o["id"] for o in data["results"]] == [approved.pk]
    client.force_login(orderer)
    body = client.get(reverse("servicedesk:order_list"), {"status": "approved"}).content.decode()
    assert f">#{approved.pk}</a>" in body and f">#{waiting.pk}</a>" not in body


@pytest.mark.rule("G07")
def test_g07_catalogue_page_and_api_show_retired_articles_to_managers_only(
    client, api_client, orderer, service_desk, laptop
):
    retired = CatalogueItemFactory(name="Faxmaskin", kind="other", is_active=False)
    url = reverse("servicedesk:catalogue")
    client.force_login(service_desk)
    assert "Faxmaskin" in client.get(url).content.decode()  # managers see every article
    assert "Faxmaskin" not in client.get(url, {"include_inactive": "false"}).content.decode()
    client.force_login(orderer)
    body = client.get(url, {"include_inactive": "true"}).content.decode()
    assert "Faxmaskin" not in body and "Bärbar dator" in body
    assert 'name="include_inactive"' not in body  # not a choice of theirs
    api_client.force_authenticate(orderer)
    found = api_client.get("/api/v1/catalogue/", {"include_inactive": "true"}).json()
    assert [i["name"] for i in found["results"]] == ["Bärbar dator"]
    api_client.force_authenticate(service_desk)
    found = api_client.get("/api/v1/catalogue/", {"include_inactive": "true"}).json()
    assert {i["id"] for i in found["results"]} == {laptop.pk, retired.pk}


def test_catalogue_kind_filter(client, orderer, laptop):
    CatalogueItemFactory(name="Headset", kind="other")
    client.force_login(orderer)
    body = client.get(reverse("servicedesk:catalogue"), {"kind": "other"}).content.decode()
    assert "Headset" in body and "Bärbar dator" not in body


def test_catalogue_query_count_same_for_1_and_50_for_a_manager(client, count_queries, service_desk):
    client.force_login(service_desk)
    CatalogueItemFactory(kind="computer")
    url = reverse("servicedesk:catalogue")
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    CatalogueItemFactory.create_batch(49, kind="other", is_active=False)
    with count_queries() as fifty:
        assert client.get(url).status_code == 200
    assert one.count == fifty.count


@pytest.mark.rule("G07")
def test_g07_refused_answer_is_shown_once_with_its_rule(
    client, orderer, vof, laptop, economist_vof
):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    client.force_login(economist_vof)
    response = client.post(
        reverse("servicedesk:order_action", args=[order.pk, "godkann"]), {"comment": "Ok"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert body.count("enligt policyn (G07)") == 1
    assert "(regel G07)" not in body  # the detail names the rule already
    order.refresh_from_db()
    assert order.status == "awaiting_approval" and not order.approvals.exists()


@pytest.mark.rule("G07")
def test_g07_refused_fulfilment_keeps_what_was_typed(
    client, orderer, vof, laptop, head_vof, service_desk
):
    """No investment budget for the year (G08): 409, the tags typed are still in the form."""
    order = services.order_create(actor=orderer, department=vof, item=laptop)
    services.order_approve(actor=head_vof, order=order)
    client.force_login(service_desk)
    response = client.post(
        reverse("servicedesk:order_action", args=[order.pk, "leverera"]),
        {"delivery_date": "2026-09-16", "tag_1": "INV-99", "serial_1": "SN99"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'value="INV-99"' in body and "investeringsbudget" in body
    order.refresh_from_db()
    assert order.status == "approved" and not order.assets.exists()


@pytest.mark.rule("G07")
def test_g07_catalogue_edit_on_the_page_records_what_changed(client, head_of_it):
    item = CatalogueItemFactory(name="Dockningsstation", kind="other", price=1500)
    client.force_login(head_of_it)
    data = {"name": "Dockningsstation", "kind": "other", "price": "1400", "is_active": "on"}
    response = client.post(reverse("servicedesk:item_edit", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.price == 1400
    [entry] = AuditEntry.objects.filter(action="catalogue.update", object_id=str(item.pk))
    assert (entry.before["price"], entry.after["price"]) == ("1500.00", "1400")
    assert "name" not in entry.after  # only what changed


def test_order_audit_records_the_models_audited_fields(orderer, vof, laptop):
    order = services.order_create(actor=orderer, department=vof, item=laptop)
    created = AuditEntry.objects.get(action="order.create", object_id=str(order.pk))
    assert set(created.after) == set(Order.AUDITED_FIELDS)
    moved = AuditEntry.objects.get(action="order.awaiting_approval", object_id=str(order.pk))
    assert (moved.before, moved.after) == ({"status": "draft"}, {"status": "awaiting_approval"})
    order.refresh_from_db()
    assert order.required_approvals  # saved with the status


# --- a municipality whose policy gives the capabilities to other roles ----------------------


def _other_policy() -> None:
    """Only the head of department reads a department's orders; the IT unit is ``itavd``."""
    load_other_policy(read_unit_orders=["head_of_department"])


@pytest.mark.rule("G07")
def test_g07_a_departments_orders_follow_the_capability(
    client, orderer, vof, laptop, economist_vof, head_vof
):
    [order] = _orders(1, department=vof, item=laptop, user=orderer)
    assert list(selectors.order_list(user=economist_vof)) == [order]
    _other_policy()
    assert list(selectors.order_list(user=economist_vof)) == []
    assert list(selectors.order_list(user=head_vof)) == [order]
    client.force_login(economist_vof)
    assert client.get(reverse("servicedesk:order_detail", args=[order.pk])).status_code == 404


@pytest.mark.rule("G07")
def test_g07_the_it_unit_that_orders_is_the_policys(service_desk, laptop, it_unit):
    _other_policy()
    itavd = OrgUnitFactory(code="itavd", name="IT-avdelningen", kind=OrgUnit.Kind.STAFF_UNIT)
    order = services.order_create(actor=service_desk, department=itavd, item=laptop)
    assert order.department == itavd
    assert itavd in selectors.orderable_departments(user=service_desk)
    assert it_unit not in selectors.orderable_departments(user=service_desk)
