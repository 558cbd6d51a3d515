"""Personas of the system register: an IT unit, a department with its owner, head and
economist, another department's owner, and a plain employee."""

from __future__ import annotations

import pytest

from tests.factories import OrgUnitFactory, SystemFactory, UserFactory, person_with_role


@pytest.fixture
def it_unit(db):
    return OrgUnitFactory(kind="staff_unit", code="it_unit", name="IT-enheten")


@pytest.fixture
def vof(db):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(db):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


@pytest.fixture
def owner(policy, vof):
    return person_with_role("system_owner", unit=vof, username="eva")


@pytest.fixture
def other_owner(policy, bou):
    return person_with_role("system_owner", unit=bou, username="jonas")


@pytest.fixture
def head_of_vof(policy, vof):
    return person_with_role("head_of_department", unit=vof, username="ingrid")


@pytest.fixture
def economist_of_bou(policy, bou):
    return person_with_role("department_economist", unit=bou, username="per")


@pytest.fixture
def system_manager(policy, it_unit):
    return UserFactory(username="therese", profile__unit=it_unit)


@pytest.fixture
def care_system(owner, vof):
    return SystemFactory(name="Lifecare", owner=owner, owner_unit=vof)
