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


def test_the_start_pages_reports_are_the_group_pages(policy, department, it_strategist):
    """The start page reads the members, their roles and the role holders as rows
    (``policy_group_compositions``, the chairs' ``group_compositions``, issue 18): every
    group's requirements, satisfied or not and by whom, are the group page's. Covered: a
    representative who works at the unit, one who leads it (a role for it), one from
    elsewhere, one without a profile, the chairs with and without the role, the one the
    chair's role appointed, the conveners, the holders of the roles every holder of which
    sits, and a person without a name."""
    from styrsam.core.memo import page
    from styrsam.organisation.composition import group_compositions, policy_group_compositions
    from styrsam.organisation.models import Profile

    codes = list(policy.groups)
    [represented] = [  # the group whose members represent the units of a kind
        code for code in codes if policy.group(code).composition.get("represent_each_unit_kind")
    ][:1]
    kind = policy.group(represented).composition["represent_each_unit_kind"][0]
    here = OrgUnitFactory(kind=kind, code="hit", name="Hitåt")
    elsewhere = OrgUnitFactory(kind=kind, code="dit", name="Ditåt")
    staff = UserFactory(profile__unit=here)
    seat(represented, staff, represents=here)
    head = person_with_role(c("head_of_department"), unit=elsewhere)
    seat(represented, head, represents=elsewhere, function=CHAIR)
    outsider = UserFactory(profile__unit=elsewhere, first_name="", last_name="")
    seat(codes[-1], outsider, represents=here, function=CONVENER)
    nobody = UserFactory()
    Profile.objects.filter(user=nobody).delete()
    seat(codes[-1], nobody, represents=here, appointed_by_chair_role=True, function=CHAIR)
    seat(codes[0], it_strategist, function=Membership.Function.CHAIR_CONVENER)
    for role in {r for code in codes for r in policy.group(code).composition.get("roles", [])}:
        holder = person_with_role(role, unit=department)
        for code in codes:
            seat(code, holder)
    for role in {
        r for code in codes for r in policy.group(code).composition.get("every_holder_of", [])
    }:
        seat(codes[0], person_with_role(role, unit=department))
        person_with_role(role, unit=elsewhere)  # a holder who does not sit
    groups = list(GovernanceGroup.objects.filter(code__in=codes).order_by("pk"))
    expected = {
        g.pk: [
            (r.label, r.satisfied, r.filled_by, r.rule, r.kind)
            for r in group_composition(group=g, policy=policy).requirements
        ]
        for g in groups
    }
    assert any(not r[1] for reqs in expected.values() for r in reqs)
    representation = {
        r[0]: r[2]
        for r in expected[GovernanceGroup.objects.get(code=represented).pk]
        if r[4] == "representation"
    }
    # who works there or leads it (``roles.works_for``) represents the unit, no one else
    assert representation["Representant för Hitåt"] == [staff.get_full_name()]
    assert representation["Representant för Ditåt"] == [head.get_full_name()]
    last = {r[0]: r[2] for r in expected[GovernanceGroup.objects.get(code=codes[-1]).pk]}
    assert last.get("Representant för Hitåt", []) == []

    def seen(reports):
        return {
            pk: [(r.label, r.satisfied, r.filled_by, r.rule, r.kind) for r in rep.requirements]
            for pk, rep in reports.items()
        }

    with page(it_strategist):
        read, reports = policy_group_compositions(it_strategist, policy)
    assert read == groups
    assert all(not g.get_deferred_fields() for g in read)  # whole groups, kept for the page
    assert [g.name for g in read] == [g.name for g in groups]
    assert seen(reports) == expected
    assert seen(group_compositions(groups=groups, policy=policy)) == expected
