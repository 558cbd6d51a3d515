"""Personas of the case workflow: the IT strategist, the municipal director (chair of the
steering group), a procurement officer, the head of the IT unit, a system owner and a head of
department at Vård och omsorg, two preparatory group members and a plain employee."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases import services
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.organisation.roles import active_q
from tests.factories import (
    MembershipFactory,
    OrgUnitFactory,
    SystemFactory,
    UserFactory,
    person_with_role,
)
from tests.vocab import c


@pytest.fixture
def vof(policy):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(policy):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


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
def director(municipal_director, groups):
    MembershipFactory(group=groups[c("steering")], person=municipal_director, function="chair")
    return municipal_director


@pytest.fixture
def procurement(policy):
    return person_with_role(c("procurement_officer"), username="johan")


@pytest.fixture
def it_head(policy):
    return person_with_role(c("head_of_it_unit"), username="mats")


@pytest.fixture
def owner(vof, groups):
    user = person_with_role(c("system_owner"), unit=vof, username="eva")
    MembershipFactory(group=groups[c("preparatory")], person=user, represents=vof)
    return user


@pytest.fixture
def head_of_vof(vof):
    return person_with_role(c("head_of_department"), unit=vof, username="ingrid")


@pytest.fixture
def head_of_bou(bou):
    return person_with_role(c("head_of_department"), unit=bou, username="maria")


@pytest.fixture
def prep_member(bou, groups):
    user = person_with_role(c("system_owner"), unit=bou, username="jonas")
    MembershipFactory(group=groups[c("preparatory")], person=user, represents=bou)
    return user


@pytest.fixture
def employee(policy):
    return UserFactory(username="anstalld")


@pytest.fixture
def payroll(vof, owner):
    return SystemFactory(
        name="Personec P",
        category="common",
        common_kind="payroll_hr",
        owner_unit=vof,
        owner=owner,
        financing_principle="central_budget",
    )


@pytest.fixture
def actors(strategist, director, procurement, it_head, owner, prep_member, head_of_vof):
    return {
        "strategist": strategist,
        "director": director,
        "procurement": procurement,
        "it_head": it_head,
        "owner": owner,
        "prep_member": prep_member,
        "head": head_of_vof,
    }


def report(actor, case_type=None, **kw):
    case_type = case_type or c("common_system_change")
    defaults = {"title": "Byte av lönesystem", "description": "Avtalet löper ut."}
    if case_type == c("co_financing"):
        defaults["amount_requested"] = 500000
    if case_type == c("common_system_change") and "system" not in kw:
        defaults["common_kind"] = "payroll_hr"
    defaults.update(kw)
    return services.case_report(actor=actor, case_type=case_type, **defaults)


def anchor(case, strategist, step=None):
    """Run the consultation of ``step`` in the preparatory group: one member answers (the
    default policy's ``min_answers``), and it is closed before its deadline with a reason
    (G14)."""
    consultation = services.consultation_open(
        actor=strategist,
        case=case,
        step=step or c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    member = Membership.objects.filter(active_q(), group=consultation.group).order_by(
        "id"
    ).first() or MembershipFactory(group=consultation.group)
    services.consultation_respond(
        actor=member.person, consultation=consultation, position="supports"
    )
    services.consultation_close(
        actor=strategist,
        consultation=consultation,
        early_close_reason="Gruppen var enig vid sitt möte.",
    )
    return consultation


def prepare(case, strategist):
    """Complete every required step (by the IT strategist, who may perform them all)."""
    for step in list(case.steps.all()):
        step.refresh_from_db()
        if step.is_done or not step.is_required:
            continue
        if step.consultation_group:
            anchor(case, strategist, step.code)
        else:
            services.case_complete_step(actor=strategist, case=case, step=step.code)
    case.refresh_from_db()
    return case
