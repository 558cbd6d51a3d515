"""Fixtures of the rental system: two departments, the IT unit's people, decided 2026 rent."""

from __future__ import annotations

import datetime

import pytest

from styrsam.organisation.models import GovernanceGroup, Membership, OrgUnit
from tests.factories import (
    AssetTypeFactory,
    MembershipFactory,
    OrgUnitFactory,
    RentLevelFactory,
    person_with_role,
)
from tests.vocab import c


@pytest.fixture
def it_unit(db):
    return OrgUnitFactory(code="it_unit", name="IT-enheten", kind=OrgUnit.Kind.STAFF_UNIT)


@pytest.fixture
def vof(db):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(db):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


@pytest.fixture
def head_of_it(policy, it_unit):
    return person_with_role("head_of_it_unit", username="mats")


@pytest.fixture
def it_economist(policy):
    return person_with_role("it_unit_economist", username="helena")


@pytest.fixture
def service_desk(policy):
    return person_with_role("service_desk", username="nina")


@pytest.fixture
def economist_vof(policy, vof):
    return person_with_role("department_economist", unit=vof, username="tomas")


@pytest.fixture
def economist_bou(policy, bou):
    return person_with_role("department_economist", unit=bou, username="per")


@pytest.fixture
def finance_director(policy):
    """Ekonomidirektören, ledamot i finansieringsgruppen (G16)."""
    user = person_with_role("finance_director", username="karin")
    group = GovernanceGroup.objects.get(code=c("financing"))
    MembershipFactory(group=group, person=user, function=Membership.Function.CHAIR)
    return user


@pytest.fixture
def computer(db):
    return AssetTypeFactory(code="computer", name="Dator")


@pytest.fixture
def screen(db):
    return AssetTypeFactory(code="screen", name="Skärm")


@pytest.fixture
def rent_2026(computer, screen):
    """Decided 2026 levels: computer 300 kr, screen 62 kr a month."""
    return [
        RentLevelFactory(asset_type=computer, year=2026, monthly_amount=300, status="decided"),
        RentLevelFactory(asset_type=screen, year=2026, monthly_amount=62, status="decided"),
    ]


SEPT = datetime.date(2026, 9, 1)
