"""The policy says what Styrsam's code depends on (capabilities, designations, flags), and
the validator refuses a policy that lacks it, naming the line (schema version 2)."""

from __future__ import annotations

import pytest

from styrsam.guideline.policy import Policy
from styrsam.guideline.upgrade import upgrade
from styrsam.guideline.validation import PolicyInvalid, validate_policy

from .policytext import default_text, line_of, replace_once


def _problems(text: str) -> list:
    with pytest.raises(PolicyInvalid) as info:
        validate_policy(text)
    return info.value.problems


def test_default_policy_answers_by_meaning():
    policy = Policy(validate_policy(default_text()))
    assert policy.coordinator_roles() == ("it_strategist",)
    assert policy.roles_with("run_rent") == ("head_of_it_unit", "it_unit_economist")
    assert policy.it_unit_code() == "it_unit"
    assert policy.system_owner_role() == "system_owner"
    assert policy.platform_kind() == "it_platform"
    assert policy.registers_system("common_system_change") == "common"
    assert policy.registers_system("co_financing") is None
    assert policy.case_types_with_amount() == ["co_financing"]
    assert policy.forwarding_step("project_notification").code == "forwarded"
    assert policy.forwarding_step("common_system_change") is None
    assert policy.deciding_group("business_system_change") == "steering"
    assert policy.escalation_role("common_system_change") == "municipal_director"
    assert policy.adopting_role() == "municipal_director"
    code, obligation = policy.obligation_of_kind("company_meetings")
    assert code == "company_meetings" and obligation["per_unit_kind"] == "company"
    steps = {s.code: s for s in policy.steps("common_system_change")}
    assert steps["preparatory_anchoring"].is_consultation


def test_a_missing_capability_is_refused_with_its_line():
    text = default_text()
    broken = replace_once(text, "  run_rent: [head_of_it_unit, it_unit_economist]", "")
    problems = _problems(broken)
    assert any("run_rent" in p.message_sv and p.path == "capabilities" for p in problems)
    assert problems[0].line == line_of(broken, "capabilities:")


def test_an_unknown_role_in_a_capability_names_its_line():
    text = default_text()
    broken = replace_once(text, "coordinate: [it_strategist]", "coordinate: [it_strateg]")
    problems = _problems(broken)
    assert [p.path for p in problems] == ["capabilities.coordinate[0]"]
    assert problems[0].line == line_of(broken, "coordinate: [it_strateg]")


def test_the_it_unit_must_be_a_unit_of_the_policy():
    broken = replace_once(default_text(), "it_unit: it_unit ", "it_unit: itavdelningen ")
    problems = _problems(broken)
    assert [p.path for p in problems] == ["designations.it_unit"]
    assert "itavdelningen" in problems[0].message_sv


def test_a_consultation_step_needs_its_group():
    text = default_text()
    broken = replace_once(
        text,
        "        consultation_group: preparatory\n        kind: consultation\n",
        "        kind: consultation\n",
    )
    problems = _problems(broken)
    assert [p.path for p in problems] == ["case_types.common_system_change.steps[3].kind"]


def test_a_version_1_file_of_the_default_guideline_is_upgraded():
    """Policy versions stored before schema 2, and old files, keep working."""
    text = default_text()
    v1 = text.replace("schema_version: 2", "schema_version: 1")
    start, end = v1.index("capabilities:"), v1.index("# Enheter som policyn")
    v1 = v1[:start] + v1[end:]
    for flag in ("    registers_system: common\n", "    registers_system: business\n"):
        v1 = v1.replace(flag, "")
    v1 = v1.replace("        kind: forwarding\n", "").replace("    platform: true\n", "")
    data = validate_policy(v1)
    assert data["schema_version"] == 2
    policy = Policy(data)
    assert policy.coordinator_roles() == ("it_strategist",)
    assert policy.registers_system("business_system_change") == "business"
    assert policy.forwarding_step("project_notification").code == "forwarded"
    assert policy.platform_kind() == "it_platform"


def test_upgrade_leaves_version_2_data_alone():
    data = validate_policy(default_text())
    assert upgrade(data) is data
