"""Bounds of the system register (issue #12): a cost of 1e15, NUL characters and names beyond
the column are refused by the UI, the service and the import alike, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from styrsam.core.errors import ValidationFailed
from styrsam.systems.importing import HEADERS, import_systems
from styrsam.systems.models import System, SystemCost
from styrsam.systems.services import system_set_costs
from tests.factories import SystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def system(owner, vof):
    return SystemFactory(name="Lifecare", owner_unit=vof, owner=owner)


def test_cost_of_1e15_is_refused_by_the_service_and_not_stored(it_strategist, system):
    with pytest.raises(ValidationFailed) as caught:
        system_set_costs(
            actor=it_strategist, system=system, year=2026, amounts={"licence": Decimal("1e15")}
        )
    assert caught.value.status == 400
    assert caught.value.field == "amount"
    assert not SystemCost.objects.exists()


def test_cost_of_1e15_on_the_page_is_refused_and_every_page_still_works(
    client, it_strategist, system
):
    client.force_login(it_strategist)
    url = reverse("systems:system_costs", args=[system.pk])
    response = client.post(url, {"year": 2026, "licence": "1000000000000000"}, follow=True)
    assert response.status_code == 400  # the kit shows the service's refusal with its status
    assert "för stort belopp" in response.content.decode()
    assert not SystemCost.objects.exists()
    assert client.get(reverse("systems:system_list")).status_code == 200
    assert client.get("/api/v1/systems/").status_code == 200
    assert client.get(reverse("systems:system_export", args=["xlsx"])).status_code == 200


def _csv(name: str) -> bytes:
    cells = dict.fromkeys(HEADERS, "")
    cells.update({"Namn": name, "Kategori": "Verksamhetssystem", "Ägande förvaltning": "vof"})
    return (";".join(HEADERS) + "\n" + ";".join(cells[h] for h in HEADERS) + "\n").encode()


@pytest.mark.parametrize(
    ("name", "problem"), [("Life\x00care", "styrtecken"), ("x" * 10_000, "högst 200 tecken")]
)
def test_import_refuses_nul_and_over_long_names(it_strategist, vof, name, problem):
    result = import_systems(actor=it_strategist, filename="s.csv", data=_csv(name))
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (2, "Namn")
    assert problem in error.message
    assert not System.objects.exists()


def test_import_refuses_a_contract_end_outside_the_window(it_strategist, vof):
    cells = dict.fromkeys(HEADERS, "")
    cells.update(
        {
            "Namn": "A",
            "Kategori": "Verksamhetssystem",
            "Ägande förvaltning": "vof",
            "Avtalet löper ut": "9999-12-31",
        }
    )
    data = (";".join(HEADERS) + "\n" + ";".join(cells[h] for h in HEADERS) + "\n").encode()
    result = import_systems(actor=it_strategist, filename="s.csv", data=data)
    assert [(e.column, "2100-12-31" in e.message) for e in result.errors] == [
        ("Avtalet löper ut", True)
    ]
    assert not System.objects.exists()
