"""The default policy reproduces the guideline (RULES.md) as data."""

from __future__ import annotations

import pytest

from styrsam.guideline.policy import Policy
from styrsam.guideline.validation import validate_policy


@pytest.fixture(scope="module")
def default() -> Policy:
    from .policytext import default_text

    return Policy(validate_policy(default_text()))


@pytest.mark.parametrize(
    ("group", "low", "high", "rule"),
    [
        ("steering", 10, 12, "G13"),
        ("preparatory", 10, 12, "G14"),
        ("system_owners", 4, 4, "G15"),
        ("financing", 4, 5, "G16"),
    ],
)
def test_meeting_frequencies_follow_the_guideline(default, group, low, high, rule):
    gp = default.group(group)
    assert (gp.meetings_min, gp.meetings_max, gp.rule) == (low, high, rule)


def test_g13_steering_composition_and_chair(default):
    gp = default.group("steering")
    assert gp.composition["roles"] == [
        "municipal_director",
        "finance_director",
        "communications_director",
        "head_of_it_unit",
        "it_strategist",
        "development_lead",
    ]
    assert gp.chair_role == "municipal_director"
    assert gp.chair_may_be_appointed is True
    assert gp.convener_role == "it_strategist"
    assert any("IT-plattform" in duty for duty in gp.duties)


def test_g14_preparatory_is_chaired_and_convened_by_it_strategist(default):
    gp = default.group("preparatory")
    assert gp.chair_role == "it_strategist"
    assert gp.convener_role == "it_strategist"
    assert gp.composition["represent_each_unit_kind"] == ["department"]
    assert set(gp.composition["represent_units"]) == {
        "business_office",
        "information_office",
        "it_unit",
    }
    assert any("Remissinstans" in duty for duty in gp.duties)
    assert any("status" in duty.lower() for duty in gp.member_duties)


def test_g15_system_owners_group_follows_the_register(default):
    gp = default.group("system_owners")
    assert gp.composition == {"owners_of_criticality": "larger_critical"}
    assert gp.convener_role == "it_strategist"
    assert gp.chair_elected is True


def test_g16_financing_group_composition(default):
    gp = default.group("financing")
    assert gp.convener_role == "it_strategist"
    assert set(gp.composition["roles"]) == {
        "finance_director",
        "it_unit_economist",
        "it_strategist",
    }
    assert gp.composition["every_holder_of"] == ["department_economist"]
    assert gp.data["budget_horizon_years"] == {"min": 3, "max": 4}


@pytest.mark.rule("G13")
@pytest.mark.rule("G14")
@pytest.mark.rule("G16")
def test_it_strategist_convenes_every_group(default):
    assert {gp.convener_role for gp in default.groups.values()} == {"it_strategist"}


@pytest.mark.rule("G05")
def test_g05_it_strategist_role_carries_the_duties(default):
    duties = default.role_duties("it_strategist")
    assert len(duties) == 5
    for word in ("Omvärldsbevakning", "styrdokument", "uppföljning", "projekt", "finansiering"):
        assert any(word in duty for duty in duties), word


@pytest.mark.rule("G19")
def test_g19_the_ten_common_system_kinds(default):
    assert [code for code, _name in default.common_kind_choices()] == [
        "finance",
        "reporting",
        "payroll_hr",
        "email",
        "gis",
        "population_register",
        "property_register",
        "records_management",
        "it_platform",
        "website",
    ]
    assert default.category_one_per_kind("common") is True
    assert default.category_one_per_kind("business") is False


def test_g20_it_platform_includes_network_and_telephony(default):
    platform = default.common_kind("it_platform")
    assert {"network", "telephone_exchange"} <= set(platform["components"])
    assert platform["one_network_including_companies"] is True
    assert platform["one_phone_number_including_companies"] is True


def test_g21_common_system_steps_anchor_before_decision(default):
    steps = default.steps("common_system_change")
    codes = [s.code for s in steps]
    assert codes == [
        "need_reported",
        "procurement_contacted",
        "it_unit_contacted",
        "preparatory_anchoring",
        "management_team_anchoring",
    ]
    anchoring = steps[codes.index("preparatory_anchoring")]
    assert anchoring.consultation_group == "preparatory"
    assert anchoring.when_needed is False
    assert steps[codes.index("management_team_anchoring")].when_needed is True
    decision = default.case_type("common_system_change")["decision"]
    assert decision == {"body": {"group": "steering"}, "escalation": {"role": "municipal_director"}}


def test_g23_business_system_steps(default):
    assert [s.code for s in default.steps("business_system_change")] == [
        "need_reported",
        "procurement_contacted",
        "it_unit_contacted",
    ]
    assert default.steps("business_system_change")[0].performer_roles == ("it_strategist",)
    assert default.case_type("business_system_change")["decision"] == {
        "body": {"group": "steering"}
    }


def test_g27_co_financing_is_decided_by_the_steering_group(default):
    assert default.data["financing"]["co_financing"]["decided_by"] == {"group": "steering"}
    assert default.case_type("co_financing")["decision"]["body"] == {"group": "steering"}


def test_g25_g26_financing_principles_by_category(default):
    assert default.financing_principles_for("business") == ["department_own"]
    assert default.financing_principles_for("common") == ["central_budget", "allocated"]


def test_g04_it_strategist_meets_each_company_yearly(default):
    obligation = default.obligation("company_meetings")
    assert obligation["responsible_role"] == "it_strategist"
    assert obligation["per_unit_kind"] == "company"
    assert obligation["min_per_year"] == 1


def test_g30_preparatory_group_self_assessment_yearly(default):
    obligation = default.obligation("self_assessment")
    assert obligation["group"] == "preparatory"
    assert obligation["min_per_year"] == 1


def test_g29_municipal_director_adopts_guidelines(default):
    assert default.data["adopted_by"] == "municipal_director"
    assert default.data["guidelines"]["adopted_by"] == {"role": "municipal_director"}
    assert default.data["guidelines"]["consulted"] == {"group": "preparatory"}


@pytest.mark.rule("G06")
@pytest.mark.rule("G09")
@pytest.mark.rule("G10")
def test_g11_it_unit_provides_staff_to_department_projects(default):
    duties = default.role_duties("head_of_it_unit")
    for rule in ("G06", "G09", "G10", "G11"):
        assert any(f"({rule})" in duty for duty in duties), rule
    assert any("personal till förvaltningarnas utvecklingsprojekt" in duty for duty in duties)


def test_g12_communications_owns_the_websites(default):
    assert default.data["roles"]["communications_director"]["rule"] == "G12"
    (duty,) = default.role_duties("communications_director")
    assert "interna och externa webbplatser" in duty
    assert "communications" in default.data["units"]


def test_g28_steering_group_produces_guidelines_and_they_are_published(default):
    guidelines = default.data["guidelines"]
    assert guidelines["produced_by"] == {"group": "steering"}
    assert guidelines["consulted"] == {"group": "preparatory"}
    assert set(guidelines["published_on"]) == {"internal_website", "external_website"}


def test_g31_citizen_panel_yearly(default):
    obligation = default.obligation("citizen_panel")
    assert obligation["rule"] == "G31"
    assert obligation["min_per_year"] == 1
