"""The demo: a catalogue, assets across departments, rent for 2026 and 2027, three months of
rent runs and orders in every state."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from styrsam.demo.loader import load_demo
from styrsam.rental.models import LedgerLine, RentedAsset, RentLevel
from styrsam.servicedesk.models import CatalogueItem, Order


@pytest.mark.django_db
def test_demo_has_rental_and_service_desk_data():
    load_demo()
    assert CatalogueItem.objects.filter(kind="system_permission").exists()
    assert RentedAsset.objects.values("department").distinct().count() == 12
    assert RentedAsset.objects.count() >= 200
    assert set(RentLevel.objects.filter(year=2026).values_list("status", flat=True)) == {"decided"}
    assert set(RentLevel.objects.filter(year=2027).values_list("status", flat=True)) == {"draft"}
    months = set(LedgerLine.objects.values_list("month__month", flat=True))
    assert months == {8, 9, 10}
    assert LedgerLine.objects.filter(kind="correction").exists()
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert LedgerLine.objects.aggregate(s=Sum("amount"))["s"] > 0
