"""A group's composition is measured against the policy (G13–G16)."""

from __future__ import annotations

import pytest

from styrsam.organisation.composition import group_composition
from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory, person_with_role
from tests.vocab import c

CHAIR = Membership.Function.CHAIR
CONVENER = Membership.Function.CONVENER


def report_for(code: str, policy):
    return group_composition(group=GovernanceGroup.objects.get(code=code), policy=policy)


def requirement(report, kind: str, label_part: str = ""):
    found = [r for r in report.requirements if r.kind == kind and label_part in r.label]
    assert len(found) == 1, [(r.kind, r.label) for r in report.requirements]
    return found[0]


def seat(code: str, person, **kwargs):
    return MembershipFactory(group=GovernanceGroup.objects.get(code=code), person=person, **kwargs)


@pytest.mark.rule("G13")
def test_missing_required_role_is_flagged(policy):
    report = report_for(c("steering"), policy)
    assert not report.is_complete
    labels = {r.label for r in report.problems if r.kind == "role"}
    assert labels == {policy.role_name(r) for r in policy.group(c("steering")).composition["roles"]}


@pytest.mark.rule("G13")
def test_member_holding_the_role_fills_it(policy):
    director = person_with_role(c("finance_director"))
    seat(c("steering"), director)
    req = requirement(
        report_for(c("steering"), policy), "role", policy.role_name(c("finance_director"))
    )
    assert req.satisfied
    assert req.filled_by == [director.get_full_name()]


@pytest.mark.rule("G13")
def test_role_holder_who_is_not_a_member_does_not_fill_it(policy):
    person_with_role(c("finance_director"))
    assert not requirement(
        report_for(c("steering"), policy), "role", policy.role_name(c("finance_director"))
    ).satisfied


@pytest.mark.rule("G14")
def test_department_without_representative_is_flagged(policy, department):
    req = requirement(report_for(c("preparatory"), policy), "representation", department.name)
    assert not req.satisfied
    assert req.rule == "G14"


@pytest.mark.rule("G14")
def test_representation_satisfied_clears_the_flag(policy, department):
    rep = UserFactory(profile__unit=department)
    seat(c("preparatory"), rep, represents=department)
    req = requirement(report_for(c("preparatory"), policy), "representation", department.name)
    assert req.satisfied
    assert req.filled_by == [rep.get_full_name()]


@pytest.mark.rule("G14")
def test_units_named_by_the_policy_must_be_represented_even_if_missing(policy):
    report = report_for(c("preparatory"), policy)
    missing = [r for r in report.problems if "saknas i organisationen" in r.label]
    assert len(missing) == 3  # business office, information office, IT unit


@pytest.mark.rule("G14")
def test_inactive_department_needs_no_representative(policy):
    closed = OrgUnitFactory(kind="department", is_active=False, name="Nedlagd förvaltning")
    labels = [r.label for r in report_for(c("preparatory"), policy).requirements]
    assert not any(closed.name in label for label in labels)


@pytest.mark.rule("G13")
def test_steering_chair_municipal_director_is_accepted(policy, municipal_director):
    seat(c("steering"), municipal_director, function=CHAIR)
    assert requirement(report_for(c("steering"), policy), "chair").satisfied


@pytest.mark.rule("G13")
def test_steering_chair_without_the_role_is_flagged(policy):
    seat(c("steering"), UserFactory(), function=CHAIR)
    assert not requirement(report_for(c("steering"), policy), "chair").satisfied


@pytest.mark.rule("G13")
def test_steering_chair_appointed_by_the_director_is_accepted(policy):
    appointed = UserFactory()
    seat(c("steering"), appointed, function=CHAIR, appointed_by_chair_role=True)
    req = requirement(report_for(c("steering"), policy), "chair")
    assert req.satisfied
    assert req.filled_by == [appointed.get_full_name()]


@pytest.mark.rule("G13")
def test_director_as_plain_member_is_not_the_chair(policy, municipal_director):
    seat(c("steering"), municipal_director)
    assert not requirement(report_for(c("steering"), policy), "chair").satisfied


@pytest.mark.rule("G16")
@pytest.mark.default_policy(
    "the default financing group elects its chair; Andrakommun merged it into the steering group"
)
def test_elected_chair_needs_only_a_chair(policy):
    seat(c("financing"), UserFactory(), function=CHAIR)
    assert requirement(report_for(c("financing"), policy), "chair").satisfied


@pytest.mark.rule("G13")
@pytest.mark.rule("G14")
@pytest.mark.rule("G16")
def test_convener_must_hold_it_strategist(policy):
    seat(c("steering"), UserFactory(), function=CONVENER)
    assert not requirement(report_for(c("steering"), policy), "convener").satisfied


@pytest.mark.rule("G13")
def test_it_strategist_as_convener_is_accepted(policy, it_strategist):
    seat(c("steering"), it_strategist, function=CONVENER)
    report = report_for(c("steering"), policy)
    assert requirement(report, "convener").satisfied
    assert requirement(report, "role", policy.role_name(c("it_strategist"))).satisfied


@pytest.mark.rule("G14")
def test_it_strategist_as_chair_and_convener_of_preparatory(policy, it_strategist):
    seat(c("preparatory"), it_strategist, function=Membership.Function.CHAIR_CONVENER)
    report = report_for(c("preparatory"), policy)
    assert requirement(report, "chair").satisfied
    assert requirement(report, "convener").satisfied


@pytest.mark.rule("G16")
@pytest.mark.default_policy(
    "the default financing group seats every department economist (G16); Andrakommun has no such group"
)
def test_department_economist_who_is_not_a_member_is_flagged(policy, department):
    economist = person_with_role(c("department_economist"), unit=department)
    req = requirement(report_for(c("financing"), policy), "holder", economist.get_full_name())
    assert not req.satisfied
    assert department.name in req.label


@pytest.mark.rule("G16")
@pytest.mark.default_policy(
    "the default financing group seats every department economist (G16); Andrakommun has no such group"
)
def test_department_economist_who_is_a_member_is_accepted(policy, department):
    economist = person_with_role(c("department_economist"), unit=department)
    seat(c("financing"), economist)
    req = requirement(report_for(c("financing"), policy), "holder", economist.get_full_name())
    assert req.satisfied


@pytest.mark.rule("G16")
@pytest.mark.default_policy(
    "the default financing group seats every department economist (G16); Andrakommun has no such group"
)
def test_ended_membership_no_longer_counts(policy, department):
    economist = person_with_role(c("department_economist"), unit=department)
    seat(c("financing"), economist, end_date="2024-06-30")
    req = requirement(report_for(c("financing"), policy), "holder", economist.get_full_name())
    assert not req.satisfied


@pytest.mark.rule("G13")
def test_complete_steering_group_has_no_problems(policy):
    for role in policy.group(c("steering")).composition["roles"]:
        function = {c("municipal_director"): CHAIR, c("it_strategist"): CONVENER}.get(
            role, "member"
        )
        seat(c("steering"), person_with_role(role), function=function)
    report = report_for(c("steering"), policy)
    assert report.is_complete, [r.label for r in report.problems]
