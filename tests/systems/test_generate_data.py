"""The benchmark data generator and the list page over many systems."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from styrsam.systems.models import System, SystemCost

pytestmark = pytest.mark.django_db


def test_generate_data_creates_systems_with_costs(policy, vof):
    call_command("generate_data", systems=120)
    assert System.objects.count() == 120
    assert SystemCost.objects.count() == 360
    call_command("generate_data", systems=5)  # again: new names, no collision
    assert System.objects.count() == 125


def test_list_of_many_systems_pages_and_filters(client, plain_user, vof, bou, count_queries):
    call_command("generate_data", systems=300, no_costs=True)
    client.force_login(plain_user)
    url = reverse("systems:system_list")
    with count_queries() as q:
        response = client.get(url, {"owner_unit": "bou", "page": 2, "sort": "-leverantor"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert all(s.owner_unit.code == "bou" for s in response.context["object_list"])
    assert q.count < 20
