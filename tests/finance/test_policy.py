"""The policy's finance keys (G13, G16, G25, G26): capabilities, who pays a system of each
financing principle, and which group decides and proposes the budgets — optional keys that
guideline/upgrade.py fills in for a policy that does not state them."""

from __future__ import annotations

import pytest

from styrsam.finance.models import BudgetKind
from styrsam.guideline.policy import Policy
from styrsam.guideline.schema import BUDGET_KINDS
from styrsam.guideline.upgrade import LATER_CAPABILITIES, upgrade
from styrsam.guideline.validation import PolicyInvalid, validate_policy
from tests.guideline.policytext import default_text, line_of, replace_once


@pytest.mark.rule("G16")
def test_g16_default_policy_answers_the_finance_questions():
    policy = Policy(validate_policy(default_text()))
    assert policy.budget_decided_by_group() == "financing"
    assert policy.budget_proposed_by_group("platform") == "steering"
    assert policy.budget_proposed_by_group("investment") is None
    assert policy.budget_horizon() == (3, 4)
    assert policy.owner_paid_principles() == ["department_own"]
    assert policy.allocated_principles() == ["allocated"]
    assert policy.central_principles() == ["central_budget"]
    assert policy.roles_with("read_unit_finance") == ("department_economist", "head_of_department")


def test_budget_kinds_of_the_schema_are_the_apps():
    assert BudgetKind.values == BUDGET_KINDS


@pytest.mark.rule("G16")
def test_g16_a_version_2_policy_without_the_finance_keys_gets_them():
    text = default_text()
    start, end = text.index("  propose_budget:"), text.index("\n# Enheter och roller som koden")
    text = text[:start] + text[end + 1 :]
    start, end = text.index("finance:\n"), text.index("guidelines:\n")
    text = text[:start] + text[end:]
    for line in ("charged_to: owner", "charged_to: central", "charged_to: allocated"):
        text = "\n".join(t for t in text.split("\n") if line not in t)
    data = validate_policy(text)
    assert set(LATER_CAPABILITIES) <= set(data["capabilities"])
    policy = Policy(data)
    assert policy.budget_decided_by_group() == "financing"
    assert policy.allocated_principles() == ["allocated"]
    assert policy.roles_with("manage_unit_budget") == ("department_economist",)


def test_a_policy_that_states_everything_is_left_alone():
    data = validate_policy(default_text())
    assert upgrade(data) is data


def test_later_capabilities_fall_back_to_the_coordinator_when_the_roles_are_missing():
    data = upgrade(
        {
            "schema_version": 2,
            "roles": {"samordnare": {"name": "Samordnare", "scope": "municipality"}},
            "capabilities": {"coordinate": ["samordnare"]},
            "groups": {},
        }
    )
    assert data["capabilities"]["propose_budget"] == ["samordnare"]
    assert "finance" not in data  # no financing group to name


@pytest.mark.rule("G16")
def test_g16_an_unknown_deciding_group_names_its_line():
    broken = replace_once(
        default_text(),
        "budget_decided_by: {group: financing}",
        "budget_decided_by: {group: ekonomi}",
    )
    with pytest.raises(PolicyInvalid) as info:
        validate_policy(broken)
    problem = info.value.problems[0]
    assert problem.path == "finance.budget_decided_by.group"
    assert problem.line == line_of(broken, "budget_decided_by: {group: ekonomi}")


def test_an_unknown_budget_kind_is_refused():
    broken = replace_once(
        default_text(), "    platform: {group: steering}", "    salaries: {group: steering}"
    )
    with pytest.raises(PolicyInvalid):
        validate_policy(broken)
