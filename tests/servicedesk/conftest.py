"""Fixtures of the service desk: a catalogue, an orderer at vof, its head of department, a
head of another department, a system owner, the service desk and the 2026 budget."""

from __future__ import annotations

import pytest

from styrsam.rental.models import InvestmentBudget
from tests.factories import CatalogueItemFactory, SystemFactory, UserFactory, person_with_role
from tests.rental.conftest import (  # noqa: F401 - shared fixtures
    bou,
    computer,
    economist_vof,
    head_of_it,
    it_unit,
    rent_2026,
    screen,
    service_desk,
    vof,
)


@pytest.fixture
def orderer(policy, vof):
    return UserFactory(username="anvandare", profile__unit=vof)


@pytest.fixture
def head_vof(policy, vof):
    return person_with_role("head_of_department", unit=vof, username="ingrid")


@pytest.fixture
def head_bou(policy, bou):
    return person_with_role("head_of_department", unit=bou, username="maria")


@pytest.fixture
def system_owner(policy, vof):
    return person_with_role("system_owner", unit=vof, username="eva")


@pytest.fixture
def laptop(computer):
    return CatalogueItemFactory(
        name="Bärbar dator", kind="computer", rented=True, asset_type=computer, price=12000
    )


@pytest.fixture
def permission(system_owner, vof):
    system = SystemFactory(name="Procapita", owner=system_owner, owner_unit=vof)
    return CatalogueItemFactory(
        name="Behörighet Procapita", kind="system_permission", system=system
    )


@pytest.fixture
def budget_2026(db):
    return InvestmentBudget.objects.create(year=2026, amount=100000)
