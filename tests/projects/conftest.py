"""Personas of the project tests: the IT strategist (coordinator, convener of the
preparatory group), the heads of the care and the education departments, the care
department's member of the preparatory group, the head of the IT unit and two of its staff,
and a plain employee; a planned meeting of the preparatory group."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.meetings import services as meeting_services
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from styrsam.projects import services
from styrsam.projects.models import Project
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory, person_with_role
from tests.vocab import c

TODAY = timezone.localdate()


@pytest.fixture
def vof(policy):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(policy):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


@pytest.fixture
def it_unit(policy):
    return OrgUnitFactory(code=c("it_unit"), name="IT-enheten", kind=OrgUnit.Kind.STAFF_UNIT)


@pytest.fixture
def groups(policy):
    return {g.code: g for g in GovernanceGroup.objects.all()}


@pytest.fixture
def strategist(it_strategist, groups):
    MembershipFactory(
        group=groups[c("preparatory")], person=it_strategist, function="chair_convener"
    )
    MembershipFactory(group=groups[c("steering")], person=it_strategist, function="convener")
    return it_strategist


@pytest.fixture
def head_of_vof(vof):
    return person_with_role(c("head_of_department"), unit=vof, username="ingrid")


@pytest.fixture
def head_of_bou(bou):
    return person_with_role(c("head_of_department"), unit=bou, username="maria")


@pytest.fixture
def prep_member(vof, groups):
    """The care department's member of the preparatory group (G14)."""
    user = person_with_role(c("system_owner"), unit=vof, username="eva", first_name="Eva")
    MembershipFactory(group=groups[c("preparatory")], person=user, represents=vof)
    return user


@pytest.fixture
def it_head(it_unit):
    return person_with_role(c("head_of_it_unit"), username="mats")


@pytest.fixture
def it_staff(it_unit):
    return [
        UserFactory(username="kalle", first_name="Kalle", last_name="Ek"),
        UserFactory(username="lisa", first_name="Lisa", last_name="Berg"),
    ]


@pytest.fixture
def employee(policy):
    return UserFactory(username="anstalld")


def prep_meeting(days: int = 14, group_code: str = c("preparatory")):
    return meeting_services.meeting_plan(
        actor=None,
        group=GovernanceGroup.objects.get(code=group_code),
        date=TODAY + datetime.timedelta(days=days),
        start_time=datetime.time(9, 0),
        place="Stadshuset",
    )


@pytest.fixture
def meeting(groups):
    return prep_meeting()


def project(actor, department, **kw) -> Project:
    defaults = {
        "name": "E-tjänst för bygglov",
        "origin": Project.Origin.IT_UNIT,
        "phase": Project.Phase.ONGOING,
        "planned_start": TODAY - datetime.timedelta(days=60),
        "planned_end": TODAY + datetime.timedelta(days=200),
    }
    defaults.update(kw)
    return services.project_create(actor=actor, department=department, **defaults)
