"""The demo: a catalogue, assets across departments, rent for 2026 and 2027, three months of
rent runs and orders in every state."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.utils import timezone

from styrsam.demo.loader import load_demo
from styrsam.rental.models import LedgerLine, RentDecision, RentedAsset, RentLevel
from styrsam.servicedesk.models import CatalogueItem, Order


@pytest.mark.django_db
def test_demo_has_rental_and_service_desk_data():
    load_demo()
    assert CatalogueItem.objects.filter(kind="system_permission").exists()
    assert RentedAsset.objects.values("department").distinct().count() == 12
    assert RentedAsset.objects.count() >= 200
    assert set(RentLevel.objects.filter(year=2026).values_list("status", flat=True)) == {"decided"}
    assert set(RentLevel.objects.filter(year=2027).values_list("status", flat=True)) == {"draft"}
    decision = RentDecision.objects.select_related("minute_item__meeting__group").get(year=2026)
    if timezone.localdate().year in (2025, 2026):  # the meetings demo has 2025's minutes
        item = decision.minute_item
        assert (item.meeting.group.code, item.title) == (
            "financing",
            "Beslut om nästkommande års hyra",
        )
        assert decision.decided_on == item.meeting.date
        assert (
            decision.reference
            == f"Finansieringsgruppen {item.meeting.date:%Y-%m-%d} § {item.number}"
        )
    else:  # no § of 2025 in the demo: the decision keeps its text reference
        assert decision.minute_item is None
    months = set(LedgerLine.objects.values_list("month__month", flat=True))
    assert months == {8, 9, 10}
    assert LedgerLine.objects.filter(kind="correction").exists()
    assert set(Order.objects.values_list("status", flat=True)) == set(Order.Status.values)
    assert LedgerLine.objects.aggregate(s=Sum("amount"))["s"] > 0
