"""The policy file is validated with line-precise errors (convention 4)."""

from __future__ import annotations

import pytest

from styrsam.guideline.validation import PolicyInvalid, validate_policy

from .policytext import line_of, replace_once


def problems_of(text: str):
    with pytest.raises(PolicyInvalid) as info:
        validate_policy(text)
    return info.value.problems


def only_problem(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_default_policy_validates(default_text):
    data = validate_policy(default_text)
    assert data["schema_version"] == 2
    assert set(data["groups"]) == {"steering", "preparatory", "system_owners", "financing"}


@pytest.mark.rule("G21")
def test_unknown_role_in_step_performer_is_refused_with_its_line(default_text):
    old = "performers: {roles: [procurement_officer, it_strategist]}"
    text = replace_once(default_text, old, "performers: {roles: [procurement_officer, wizard]}")
    problem = only_problem(text)
    assert problem.path == "case_types.common_system_change.steps[1].performers.roles[1]"
    assert problem.line == line_of(default_text, old)
    assert "wizard" in problem.message_en
    assert "okänd roll" in problem.message_sv


@pytest.mark.rule("G16")
def test_min_greater_than_max_meetings_is_refused(default_text):
    old = "meetings_per_year: {min: 4, max: 5}"
    text = replace_once(default_text, old, "meetings_per_year: {min: 6, max: 5}")
    problem = only_problem(text)
    assert problem.path == "groups.financing.meetings_per_year.min"
    assert problem.line == line_of(default_text, old)
    assert "min (6) is greater than max (5)" in problem.message_en


def test_step_with_empty_performers_is_refused(default_text):
    old = "performers: {roles: [it_strategist]}"
    text = replace_once(default_text, old, "performers: {roles: []}", after="case_types:")
    problem = only_problem(text)
    assert problem.path == "case_types.common_system_change.steps[0].performers.roles"
    assert problem.line == line_of(default_text, old, after="case_types:")


def test_step_without_performers_key_is_refused(default_text):
    old = "        performers: {roles: [it_strategist]}\n"
    text = replace_once(default_text, old, "", after="case_types:")
    problem = only_problem(text)
    assert problem.path == "case_types.common_system_change.steps[0]"
    assert problem.line == line_of(default_text, "- code: need_reported", after="case_types:")
    assert "performers" in problem.message_en


@pytest.mark.rule("G13")
def test_wrong_type_is_refused_with_its_line(default_text):
    old = "meetings_per_year: {min: 10, max: 12}"
    text = replace_once(default_text, old, 'meetings_per_year: {min: "ten", max: 12}')
    problem = only_problem(text)
    assert problem.path == "groups.steering.meetings_per_year.min"
    assert problem.line == line_of(default_text, old)
    assert "wrong type" in problem.message_en
    assert "'ten'" in problem.message_en


def test_yaml_syntax_error_gives_its_line(default_text):
    text = replace_once(default_text, "  preparatory:\n", "  preparatory:\n\tbad: 1\n")
    problem = only_problem(text)
    assert problem.line == line_of(default_text, "  preparatory:\n") + 1
    assert problem.message_en.startswith("YAML syntax error")


def test_unknown_top_level_field_points_at_the_field(default_text):
    text = default_text + "colour: blue\n"
    problem = only_problem(text)
    assert problem.path == "colour"
    assert problem.line == default_text.count("\n") + 1
    assert problem.message_en == "unknown field: colour"


def test_unknown_nested_field_points_at_the_field(default_text):
    text = replace_once(default_text, "    rule: G13\n", "    rule: G13\n    colour: blue\n")
    problem = only_problem(text)
    assert problem.path == "groups.steering.colour"
    assert problem.line == line_of(default_text, "    rule: G13\n") + 1


def test_every_problem_is_reported_not_just_the_first(default_text):
    text = replace_once(
        default_text, "meetings_per_year: {min: 4, max: 5}", "meetings_per_year: {min: 6, max: 5}"
    )
    text = replace_once(text, "responsible_role: it_strategist", "responsible_role: nobody")
    paths = {p.path for p in problems_of(text)}
    assert paths == {
        "groups.financing.meetings_per_year.min",
        "obligations.company_meetings.responsible_role",
    }


@pytest.mark.parametrize("text", ["", "just a string\n", "- a\n- list\n"])
def test_empty_or_non_mapping_file_is_refused(text):
    problem = only_problem(text)
    assert problem.line == 1


def test_unknown_group_in_decision_body_is_refused(default_text):
    text = replace_once(
        default_text, "body: {group: steering}", "body: {group: council}", after="case_types:"
    )
    problem = only_problem(text)
    assert problem.path == "case_types.common_system_change.decision.body.group"
    assert "unknown group 'council'" in problem.message_en


# Limits before parsing (issue #12) -------------------------------------------------------------


def _alias_bomb(depth: int, width: int = 9) -> str:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, depth + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines)


def test_policy_with_nested_aliases_is_refused_quickly():
    import time

    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    started = time.monotonic()
    with pytest.raises(PolicyInvalid, match="för många YAML-alias"):
        validate_policy(_alias_bomb(6))
    assert time.monotonic() - started < 1


def test_policy_whose_few_aliases_expand_too_far_is_refused():
    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    with pytest.raises(PolicyInvalid, match="för stor när aliasen expanderas"):
        validate_policy(_alias_bomb(10, width=2))


def test_policy_file_beyond_the_size_limit_is_refused_before_parsing(monkeypatch):
    from styrsam.guideline import validation

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(validation.yaml, "parse", no_parsing)
    text = "name: x\n" + "# " + "x" * validation.MAX_POLICY_BYTES
    with pytest.raises(validation.PolicyInvalid, match="filen är för stor"):
        validation.validate_policy(text)
