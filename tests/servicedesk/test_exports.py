"""Export of the order list (Excel and CSV): the same visibility and status filter as the page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exports import assert_rows_do_not_add_queries, csv_rows, filename, xlsx_rows
from tests.factories import UserFactory

from .test_views import _orders

pytestmark = pytest.mark.django_db

HEADERS = [
    "Nr",
    "Artikel",
    "Antal",
    "Förvaltning",
    "Till",
    "Beställd av",
    "Beställd",
    "Status",
    "Leveransdatum",
]


def test_order_export_xlsx_of_the_filtered_list(client, orderer, vof, laptop, service_desk):
    (waiting,) = _orders(1, department=vof, item=laptop, user=orderer)
    _orders(1, department=vof, item=laptop, user=orderer, status="approved")
    client.force_login(service_desk)
    response = client.get(
        reverse("servicedesk:order_export", args=["xlsx"]), {"status": "awaiting_approval"}
    )
    assert filename(response) == f"bestallningar-{timezone.localdate():%Y-%m-%d}.xlsx"
    rows = xlsx_rows(response)
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    assert rows[1][:4] == (waiting.pk, "Bärbar dator", 1, "Vård- och omsorgsförvaltningen")
    assert rows[1][7] == waiting.get_status_display()


def test_order_export_csv(client, orderer, vof, laptop, service_desk):
    (order,) = _orders(1, department=vof, item=laptop, user=orderer)
    client.force_login(service_desk)
    rows = csv_rows(client.get(reverse("servicedesk:order_export", args=["csv"])))
    assert rows[0] == HEADERS
    assert rows[1][0] == str(order.pk) and rows[1][1] == "Bärbar dator"
    assert rows[1][5] == (orderer.get_full_name() or orderer.username)


def test_order_export_shows_an_outsider_nothing_of_others(client, orderer, vof, laptop):
    _orders(2, department=vof, item=laptop, user=orderer)
    client.force_login(UserFactory(username="utomstaende"))
    rows = csv_rows(client.get(reverse("servicedesk:order_export", args=["csv"])))
    assert rows == [HEADERS]


def test_order_export_needs_login_and_a_known_format(client, service_desk):
    response = client.get(reverse("servicedesk:order_export", args=["xlsx"]))
    assert response.status_code == 302
    client.force_login(service_desk)
    assert client.get(reverse("servicedesk:order_export", args=["pdf"])).status_code == 404


def test_order_list_links_to_the_exports_with_the_filter(
    client, orderer, vof, laptop, service_desk
):
    _orders(1, department=vof, item=laptop, user=orderer)
    client.force_login(service_desk)
    params = {"status": "approved"}
    partial = client.get(reverse("servicedesk:order_list"), params, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert reverse("servicedesk:order_export", args=["xlsx"]) + "?status=approved" in body
    assert reverse("servicedesk:order_export", args=["csv"]) + "?status=approved" in body
    mine = client.get(reverse("servicedesk:my_orders")).content.decode()
    assert reverse("servicedesk:order_export", args=["xlsx"]) not in mine


def test_order_export_query_count_same_for_1_and_20(
    client, orderer, vof, laptop, service_desk, django_assert_num_queries
):
    client.force_login(service_desk)
    url = reverse("servicedesk:order_export", args=["xlsx"])

    def grow(n):
        _orders(n, department=vof, item=laptop, user=orderer)

    assert_rows_do_not_add_queries(client, url, grow, django_assert_num_queries)
