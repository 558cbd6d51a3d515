"""The `styrsam` command: policy check|load and rules."""

from __future__ import annotations

import re

import pytest

from styrsam.cli import main
from styrsam.guideline.models import PolicyVersion
from styrsam.guideline.policy import default_policy_path, get_policy

from .guideline.policytext import default_text, line_of, replace_once


@pytest.fixture
def broken_file(tmp_path):
    text = default_text()
    old = "meetings_per_year: {min: 4, max: 5}"
    path = tmp_path / "trasig.yaml"
    path.write_text(replace_once(text, old, "meetings_per_year: {min: 9, max: 5}"))
    return path, line_of(text, old)


def test_policy_check_accepts_the_default(capsys):
    assert main(["policy", "check", str(default_policy_path())]) == 0
    assert "OK" in capsys.readouterr().out


def test_policy_check_refuses_a_broken_file_with_lines(capsys, broken_file):
    path, line = broken_file
    assert main(["policy", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: groups.financing.meetings_per_year.min:" in err
    assert "min (9) is greater than max (5)" in err


def test_policy_check_reports_every_problem_line(capsys, tmp_path):
    text = default_text()
    old = "meetings_per_year: {min: 10, max: 12}"
    broken = replace_once(text, old, 'meetings_per_year: {min: "ten", max: 12}')
    path = tmp_path / "p.yaml"
    path.write_text(broken + "colour: blue\n")
    assert main(["policy", "check", str(path)]) == 1
    err = capsys.readouterr().err
    lines = re.findall(rf"{re.escape(str(path))}:(\d+):", err)
    assert lines == [str(text.count("\n") + 1), str(line_of(text, old))]


def test_policy_check_of_missing_file_fails(capsys, tmp_path):
    assert main(["policy", "check", str(tmp_path / "finns-inte.yaml")]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_rules_lists_g01_to_g31(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    ids = re.findall(r"^(G\d{2})  ", out, flags=re.MULTILINE)
    assert ids == [f"G{n:02d}" for n in range(1, 32)]


def test_rules_names_the_tests_citing_a_rule(capsys):
    main(["rules"])
    out = capsys.readouterr().out
    g21 = out.split("G21  ", 1)[1].split("\nG22  ", 1)[0]
    assert "test_default_policy.py::test_g21_common_system_steps_anchor_before_decision" in g21


def test_policy_load_makes_the_file_active(capsys, db, tmp_path):
    path = tmp_path / "ny.yaml"
    old = "meetings_per_year: {min: 4, max: 5}"
    path.write_text(replace_once(default_text(), old, "meetings_per_year: {min: 5, max: 5}"))
    assert main(["policy", "load", str(path)]) == 0
    assert "loaded as active policy" in capsys.readouterr().out
    active = PolicyVersion.objects.get(is_active=True)
    assert active.source == str(path)
    assert get_policy().group("financing").meetings_min == 5


def test_policy_load_of_a_broken_file_loads_nothing(capsys, db, broken_file):
    path, line = broken_file
    assert main(["policy", "load", str(path)]) == 1
    assert f"{path}:{line}:" in capsys.readouterr().err
    assert not PolicyVersion.objects.exists()
